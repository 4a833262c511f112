"""Create the first organization of an installation and its owner."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from seamline.tenancy import services
from seamline.tenancy.choices import OrganizationKind


class Command(BaseCommand):
    help = "Create the first organization and its owner (password from SEAMLINE_PASSWORD or asked)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True)
        parser.add_argument(
            "--kind", default=OrganizationKind.FACTORY, choices=OrganizationKind.values
        )
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("SEAMLINE_PASSWORD") or getpass.getpass("Password: ")
        if not password:
            raise CommandError("A password is required.")
        try:
            org, user = services.bootstrap(
                org_name=options["org"],
                kind=options["kind"],
                username=options["username"],
                password=password,
                email=options["email"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Created {org.name} ({org.slug}) with owner {user.username}.")
