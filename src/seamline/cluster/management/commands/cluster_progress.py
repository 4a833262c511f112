"""`seamline manage cluster_progress [--cluster ID]`: refresh the progress copy of every
accepted allocation from its factory's books, announcing what changed.

Scans and shipments refresh progress as they happen; this catches what they do not (a
supervisor's reversal of a scan, an allocation accepted after its order was already
worked on). Safe to run at any time, e.g. every hour from cron.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seamline.cluster.choices import AllocationStatus
from seamline.cluster.models import Allocation
from seamline.cluster.progress import progress_refresh


class Command(BaseCommand):
    help = "Refresh the progress of accepted cluster allocations from the factories' data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cluster", type=int, default=None, help="Only this cluster (id).")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = Allocation.unscoped.filter(status=AllocationStatus.ACCEPTED)
        if options["cluster"] is not None:
            rows = rows.filter(order__cluster_id=options["cluster"])
        seen = changed = 0
        for allocation in rows.select_related("order", "factory", "tenant").order_by("pk"):
            seen += 1
            changed += progress_refresh(allocation)
        if options["verbosity"] > 0:
            self.stdout.write(f"{changed} of {seen} allocations changed")
