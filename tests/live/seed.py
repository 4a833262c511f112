"""Seed a fresh, migrated database for the live server: ``python -m tests.live.seed [options]``.

Run with the server's environment (SEAMLINE_DATA_DIR, SEAMLINE_DATABASE_URL). Creates a
factory, its owner (password PASSWORD) with an API token, and `--orders` confirmed orders,
each of one style with `--operations` operations, cut into bundles, with its own line and
`--workers` workers. Prints one JSON object on stdout (see `main`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

PASSWORD = "live-Harness-2026"  # noqa: S105 - a throwaway database's test login


def seed(
    *, orders: int, operations: int, workers: int, plies: int, bundle_size: int
) -> dict[str, Any]:
    from seamline.tenancy.choices import OrganizationKind
    from seamline.tenancy.context import tenant_context
    from seamline.tenancy.services import api_token_create, organization_create, user_create
    from tests.cutting.factories import cut_order

    owner = user_create(username="live-owner", password=PASSWORD, display_name="Live Owner")
    org = organization_create(name="Live Garments", kind=OrganizationKind.FACTORY, owner=owner)
    made: list[dict[str, Any]] = []
    with tenant_context(org):
        _, key = api_token_create(user=owner, name="live tests")
        for _n in range(orders):
            cut = cut_order(
                operations=operations,
                plies=plies,
                ratios=(1, 1, 1, 1),
                bundle_size=bundle_size,
                quantity=plies,
                workers=workers,
                by=owner,
            )
            made.append(
                {
                    "order_id": cut.order.pk,
                    "line_id": cut.line.pk,
                    "style_id": cut.style.pk,
                    "bundles": [b.number for b in cut.bundles],
                    "operations": [op.sequence for op in cut.operations],
                    "workers": [w.code for w in cut.workers],
                }
            )
    return {
        "organization_id": org.pk,
        "username": owner.username,
        "password": PASSWORD,
        "token": key,
        "orders": made,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.live.seed")
    parser.add_argument("--orders", type=int, default=1)
    parser.add_argument("--operations", type=int, default=5)
    parser.add_argument("--workers", type=int, default=60)
    parser.add_argument("--plies", type=int, default=50)
    parser.add_argument("--bundle-size", type=int, default=10)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seamline.config.settings")
    import django

    django.setup()
    info = seed(
        orders=args.orders,
        operations=args.operations,
        workers=args.workers,
        plies=args.plies,
        bundle_size=args.bundle_size,
    )
    sys.stdout.write(json.dumps(info) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
