"""`seamline manage deliver_webhooks [--loop SECONDS]`: send the webhook deliveries that are
due (first attempts the on-commit sender missed, and retries), for every tenant."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seamline.webhooks.services import deliver_due


class Command(BaseCommand):
    help = "Send due webhook deliveries of every organization (once, or every N seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop",
            type=int,
            metavar="SECONDS",
            default=0,
            help="Keep running, looking for due deliveries every SECONDS seconds.",
        )
        parser.add_argument("--limit", type=int, default=100, help="At most this many per round.")

    def handle(self, *args: Any, **options: Any) -> None:
        every = max(0, int(options["loop"]))
        while True:
            sent = deliver_due(limit=options["limit"])
            if options["verbosity"] > 0:
                self.stdout.write(f"{sent} delivered")
            if not every:
                return
            time.sleep(every)
