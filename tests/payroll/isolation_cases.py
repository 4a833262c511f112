"""Payroll in the tenant-isolation walk, per tenant: an approved September 2025 with a slip
for the owner's own worker (so 'my pay' is walked too), a dated rate, and a draft October
with an adjustment. Pages, documents and API endpoints of payroll all use these rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from seamline.payroll import services
from seamline.payroll.models import PaySlip
from seamline.shopfloor.models import Scan
from seamline.shopfloor.scanning import ScanInput, record_scans
from tests.cutting.factories import CutOrder, cut_order
from tests.isolation import Cases, World


def _free_pair(cut: CutOrder) -> tuple[int, int]:
    taken = set(
        Scan.objects.filter(bundle__in=cut.bundles).values_list("bundle_id", "operation_id")
    )
    for bundle in cut.bundles:
        for operation in cut.operations:
            if (bundle.pk, operation.pk) not in taken:
                return bundle.number, operation.sequence
    raise AssertionError("every bundle x operation of the cut order is scanned already")


def build(world: World, marker: str) -> World:
    cut: CutOrder = world.get("cut") or cut_order()
    worker, owner = world["worker"], world["owner"]
    bundle, operation = _free_pair(cut)
    september = dt.datetime(2025, 9, 3, 10, tzinfo=timezone.get_current_timezone())
    (scanned,) = record_scans(
        [ScanInput(f"pay-{marker}", bundle, operation, worker.code, september)]
    )
    assert scanned.status == "credited", scanned
    approved = services.period_open(by=owner, day=september.date())
    rate = services.rate_set(
        operation=cut.operations[0],
        effective_from=dt.date(2025, 9, 20),
        rate=Decimal("0.3000"),
        note=f"rate {marker}",
        by=owner,
    )
    services.adjustment_add(
        period=approved,
        worker=worker,
        kind="bonus",
        amount=Decimal("1.00"),
        reason=f"bonus {marker}",
        by=owner,
    )
    services.period_review(period=approved, by=owner)
    assert services.period_approve(period=approved, by=owner).approved
    draft = services.period_open(by=owner)
    adjustment = services.adjustment_add(
        period=draft,
        worker=worker,
        kind="penalty",
        amount=Decimal("0.50"),
        reason=f"penalty {marker}",
        by=owner,
    )
    return {
        "pay_period": approved,
        "pay_slip": PaySlip.objects.get(period=approved, worker=worker),
        "pay_draft": draft,
        "pay_draft_slip": PaySlip.objects.get(period=draft, worker=worker),
        "pay_adjustment": adjustment,
        "pay_rate": rate,
    }


CASES = Cases(build=build, urls={})
