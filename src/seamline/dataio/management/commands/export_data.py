"""Export an organization's styles, materials, workers or orders to .xlsx or .csv."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seamline.dataio import services
from seamline.dataio.management.commands._common import organization
from seamline.dataio.specs import KINDS
from seamline.tenancy.context import tenant_context


class Command(BaseCommand):
    help = "Export styles, materials, workers or orders; the format follows the file's extension."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="organization short name (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in services.FORMATS:
            raise CommandError("Name the file .xlsx or .csv.")
        org = organization(options["org"])
        with tenant_context(org):
            content = services.data_export(kind=options["kind"], fmt=fmt)
        path.write_bytes(content)
        self.stdout.write(f"Exported {options['kind']} of {org.slug} to {path}.")
