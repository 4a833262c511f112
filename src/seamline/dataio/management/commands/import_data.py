"""Import an .xlsx or .csv file into an organization: every row or, on any error, none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seamline.dataio import services
from seamline.dataio.management.commands._common import organization
from seamline.dataio.specs import KINDS
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Membership, User
from seamline.tenancy.permissions import Perm, role_has


class Command(BaseCommand):
    help = (
        "Import styles, materials, workers or orders from an .xlsx or .csv file (all or nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="organization short name (slug)")
        parser.add_argument("--username", required=True, help="who is recorded as the importer")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        org = organization(options["org"])
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No user {options['username']!r}.") from None
        with tenant_context(org):
            membership = Membership.objects.filter(user=user, is_active=True).first()
            if membership is None or not role_has(membership.role, Perm.DATA_IMPORT):
                raise CommandError(
                    f"{user.username} may not import data into {org.slug} (needs a role with "
                    f"{Perm.DATA_IMPORT})."
                )
            try:
                result = services.data_import(
                    kind=options["kind"],
                    filename=path.name,
                    content=path.read_bytes(),
                    by=user,
                )
            except services.TableError as exc:
                for error in exc.errors:
                    where = f"row {error.row}" if error.row else "file"
                    column = f", {error.column}" if error.column else ""
                    self.stderr.write(f"{where}{column}: {error.message}")
                raise CommandError(
                    f"Nothing was imported: {len(exc.errors)} problem(s) in {path.name}."
                ) from None
        extra = "".join(f", {value} {name}" for name, value in result.details.items())
        self.stdout.write(
            f"Imported {result.kind} from {path.name}: {result.rows} rows, "
            f"{result.created} created, {result.updated} updated{extra}."
        )
