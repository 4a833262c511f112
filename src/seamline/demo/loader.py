"""Load the demo data once: a cluster operator, a brand and three factories full of real work.

`load_demo()` is the entry point (the `load_demo` command and `seamline demo` call it). It is
idempotent: when the cluster operator exists it changes nothing. Each domain has its own step
in `demo.build` (tenancy, catalog, shopfloor, orders, cluster, floor, quality, shipping,
payroll); a later module adds a `demo/build/<domain>.py` and one call in `_set_up_factory`
or `_run_factory` (per factory, its tenant active) or in `load_demo` (across organizations).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from seamline.catalog.models import Material, Operation, Style
from seamline.cutting.models import Bundle
from seamline.demo.build.balance import load_layouts
from seamline.demo.build.catalog import load_catalog
from seamline.demo.build.cluster import load_cluster, settle_cluster
from seamline.demo.build.context import DemoContext, FactoryData, tenant_rows
from seamline.demo.build.cutroom import load_cutting_room
from seamline.demo.build.floor import load_floor
from seamline.demo.build.orders import load_orders
from seamline.demo.build.payroll import load_payroll
from seamline.demo.build.quality import load_quality
from seamline.demo.build.shipping import load_shipping
from seamline.demo.build.shopfloor import load_shopfloor
from seamline.demo.build.tenancy import load_tenancy
from seamline.demo.data.orgs import (
    ALL_ORGS,
    CLUSTER,
    DEMO_PASSWORD,
    FACTORIES,
    LOGINS,
    FactorySpec,
    org_spec,
)
from seamline.orders.models import Order
from seamline.shopfloor.models import Attendance, Line, Scan, Worker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    organization: str
    role: str  # the role's label, e.g. "Owner"


@dataclass(frozen=True)
class DemoSummary:
    created: bool  # False: the demo was already there and nothing was written
    organizations: int
    users: int
    lines: int
    workers: int
    styles: int
    operations: int
    materials: int
    orders: int
    orders_by_status: dict[str, int] = field(default_factory=dict)
    bundles: int = 0
    scans: int = 0
    attendance_days: int = 0  # attendance rows: one per worker and day at work
    logins: tuple[DemoLogin, ...] = ()


def load_demo(*, today: dt.date | None = None) -> DemoSummary:
    """Create the demo organizations and their data in one transaction, unless they exist."""
    with transaction.atomic():
        if Organization.objects.filter(slug=CLUSTER.slug).exists():
            return demo_summary(created=False)
        ctx = DemoContext(today=today or timezone.localdate())
        load_tenancy(ctx)
        for spec in FACTORIES:
            _set_up_factory(ctx, spec)
        # The cluster's order reaches the factories' books before their floors run, so
        # they sew it with the rest and its progress comes from real scans.
        load_cluster(ctx)
        for spec in FACTORIES:
            _run_factory(ctx, ctx.factories[spec.key])
        settle_cluster(ctx)
        return demo_summary(created=True)


def _set_up_factory(ctx: DemoContext, spec: FactorySpec) -> FactoryData:
    org = ctx.orgs[spec.key]
    factory = FactoryData(spec=spec, org=org, rng=random.Random(spec.seed))  # noqa: S311
    ctx.factories[spec.key] = factory
    with tenant_context(org):
        load_catalog(factory)
        load_shopfloor(ctx, factory)
        load_orders(ctx, factory)
    return factory


def _run_factory(ctx: DemoContext, factory: FactoryData) -> None:
    with tenant_context(factory.org):
        load_floor(ctx, factory)
        load_quality(ctx, factory)
        load_shipping(ctx, factory)
        load_payroll(ctx, factory)
        load_layouts(ctx, factory)
        load_cutting_room(ctx, factory)


def demo_logins() -> tuple[DemoLogin, ...]:
    roles = dict(Role.choices)
    return tuple(
        DemoLogin(
            username=login.username,
            password=DEMO_PASSWORD,
            organization=org_spec(login.org_key).name,
            role=str(roles[login.role]),
        )
        for login in LOGINS
    )


def demo_summary(*, created: bool) -> DemoSummary:
    """Counts of what the demo organizations hold now."""
    ids = list(
        Organization.objects.filter(slug__in=[spec.slug for spec in ALL_ORGS]).values_list(
            "pk", flat=True
        )
    )
    statuses = Counter(Order.unscoped.filter(tenant_id__in=ids).values_list("status", flat=True))
    return DemoSummary(
        created=created,
        organizations=len(ids),
        users=User.objects.filter(username__in={login.username for login in LOGINS}).count(),
        lines=tenant_rows(Line, ids),
        workers=tenant_rows(Worker, ids),
        styles=tenant_rows(Style, ids),
        operations=tenant_rows(Operation, ids),
        materials=tenant_rows(Material, ids),
        orders=sum(statuses.values()),
        orders_by_status=dict(sorted(statuses.items())),
        bundles=tenant_rows(Bundle, ids),
        scans=tenant_rows(Scan, ids),
        attendance_days=tenant_rows(Attendance, ids),
        logins=demo_logins(),
    )
