"""`manage.py load_demo`: load the demo data once and print who can sign in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from seamline.demo.loader import DemoSummary, load_demo


class Command(BaseCommand):
    help = "Load the demo organizations and their data (once) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_demo()
        except ValidationError as exc:
            # E.g. a username of the demo is taken by a real user: nothing was written.
            raise CommandError(f"cannot load the demo data: {'; '.join(exc.messages)}") from exc
        if summary.created:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        self.stdout.write(self._counts(summary))
        self.stdout.write("")
        self.stdout.write(self._logins(summary))

    @staticmethod
    def _counts(summary: DemoSummary) -> str:
        statuses = ", ".join(f"{n} {status}" for status, n in summary.orders_by_status.items())
        return (
            f"  {summary.organizations} organizations, {summary.users} logins, "
            f"{summary.lines} sewing lines, {summary.workers} workers,\n"
            f"  {summary.styles} styles with {summary.operations} operations, "
            f"{summary.materials} materials,\n"
            f"  {summary.orders} orders ({statuses}),\n"
            f"  {summary.bundles:,} bundles, {summary.scans:,} scans, "
            f"{summary.attendance_days:,} attendance days."
        )

    @staticmethod
    def _logins(summary: DemoSummary) -> str:
        header = ("Username", "Password", "Organization", "Role")
        rows = [header] + [
            (login.username, login.password, login.organization, login.role)
            for login in summary.logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "Demo logins (demo only, never use this password elsewhere):\n" + "\n".join(
            line.rstrip() for line in lines
        )
