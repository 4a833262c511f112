"""What the loader's steps share: the day, the organizations, the people and what was built."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.db import models

from seamline.catalog.models import Colour, Customer, Material, Size, SizeGrid, Style
from seamline.demo.data.orgs import TIME_ZONE, FactorySpec
from seamline.shopfloor.models import Line, Worker
from seamline.tenancy.context import require_tenant
from seamline.tenancy.models import Organization, TenantModel, User

M = TypeVar("M", bound=TenantModel)


@dataclass
class FactoryData:
    """One factory's rows, by code, for the steps that come after the one that made them."""

    spec: FactorySpec
    org: Organization
    rng: random.Random
    customers: dict[str, Customer] = field(default_factory=dict)
    grids: dict[str, SizeGrid] = field(default_factory=dict)
    sizes: dict[str, list[Size]] = field(default_factory=dict)  # grid code -> sizes in order
    colours: dict[str, Colour] = field(default_factory=dict)
    materials: dict[str, Material] = field(default_factory=dict)
    styles: dict[str, Style] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    workers: list[Worker] = field(default_factory=list)


@dataclass
class DemoContext:
    today: dt.date
    orgs: dict[str, Organization] = field(default_factory=dict)  # OrgSpec.key -> row
    users: dict[str, User] = field(default_factory=dict)  # username -> user
    staff: dict[tuple[str, str], User] = field(default_factory=dict)  # (org key, role) -> user
    factories: dict[str, FactoryData] = field(default_factory=dict)

    def at(self, days: int, minutes_after_eight: int = 60) -> dt.datetime:
        """An aware moment `days` from today (negative: past), in the factories' time zone."""
        day = self.today + dt.timedelta(days=days)
        start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=ZoneInfo(TIME_ZONE))
        return start + dt.timedelta(minutes=minutes_after_eight)


def add(obj: M) -> M:
    """Validate and save one row of the active tenant (unique checks included)."""
    obj.tenant = require_tenant()
    obj.full_clean()
    obj.save()
    return obj


def add_all(model: type[M], objs: list[M]) -> list[M]:
    """Validate each row's fields and insert them in one statement (pks come back)."""
    tenant = require_tenant()
    for obj in objs:
        obj.tenant = tenant
        obj.full_clean(validate_unique=False, validate_constraints=False)
    created: list[M] = model.objects.bulk_create(objs)
    return created


def tenant_rows(model: type[models.Model], tenant_ids: list[int]) -> int:
    """How many rows of `model` the demo organizations own (for the summary)."""
    manager = getattr(model, "unscoped", model._default_manager)
    return int(manager.filter(tenant_id__in=tenant_ids).count())
