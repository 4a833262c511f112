"""The tenant-isolation walker's contract.

Each app's `tests/<app>/isolation_cases.py` defines `CASES = Cases(...)`:
- `build(world, marker)` creates that app's objects in the active tenant, puts them in the
  returned dict, and writes `marker` into every code or name a listing could show;
- `urls` maps each URL name that takes arguments (pages and API alike) to a function that
  gives the URL's kwargs from a world, or to `Skip("why")` when the argument is not a row.
`tests/test_isolation.py` then walks every URL of the project with both tenants' worlds
(built once per test process; each test runs in a savepoint that is rolled back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

World = dict[str, Any]

# Apps in the order of the data chain: a builder may use what earlier ones built.
# A dotted entry names a module of cases of its own (an app whose pages several modules serve).
APPS = [
    "tenancy",
    "catalog",
    "catalog.isolation_patterns",
    "orders",
    "cutting",
    "cutting.isolation_markers",
    "cutting.isolation_room",
    "shopfloor",
    "shopfloor.isolation_scans",
    "shopfloor.isolation_floor",
    "shopfloor.isolation_corrections",
    "shopfloor.isolation_balance",
    "shopfloor.isolation_skills",
    "payroll",
    "payroll.isolation_pages",
    "payroll.isolation_documents",
    "payroll.isolation_api",
    "quality",
    "quality.isolation_measures",
    "quality.isolation_final",
    "shipping",
    "shipping.isolation_shipments",
    "webhooks",
    "cluster",
    "cluster.isolation_orders",
    "cluster.isolation_ledger",
    "dataio",
]


@dataclass(frozen=True)
class Skip:
    reason: str


@dataclass(frozen=True)
class Cases:
    build: Callable[[World, str], World]
    urls: dict[str, Callable[[World], dict[str, Any]] | Skip] = field(default_factory=dict)
    # URL names an anonymous visitor may open (login page, invitation link, API docs).
    public: frozenset[str] = frozenset()
