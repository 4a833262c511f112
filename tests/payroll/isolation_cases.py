"""Payroll in the tenant-isolation walk, per tenant: an approved September 2025 with a slip
for the owner's own worker (so 'my pay' is walked too), a dated rate, and a draft October
with an adjustment. Pages, documents and API endpoints of payroll all use these rows; the
services that compute them are tested in this folder, not here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from seamline.payroll.choices import LineKind, PeriodStatus
from seamline.payroll.models import Adjustment, OperationRate, PayLine, PayPeriod, PaySlip
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
    """Rows written straight, not through the services: the rows the pages show, nothing
    computed (the services are tested in this folder)."""
    cut: CutOrder = world.get("cut") or cut_order()
    worker, owner = world["worker"], world["owner"]
    bundle, operation = _free_pair(cut)
    september = dt.datetime(2025, 9, 3, 10, tzinfo=timezone.get_current_timezone())
    (scanned,) = record_scans(
        [ScanInput(f"pay-{marker}", bundle, operation, worker.code, september)]
    )
    assert scanned.status == "credited", scanned
    op = cut.operations[0]
    rate = OperationRate.objects.create(
        operation=op,
        effective_from=dt.date(2025, 9, 20),
        rate=Decimal("0.3000"),
        note=f"rate {marker}",
        created_by=owner,
    )
    now = timezone.now()
    approved = PayPeriod.objects.create(
        start=dt.date(2025, 9, 1),
        end=dt.date(2025, 9, 30),
        status=PeriodStatus.APPROVED,
        total=Decimal("3.40"),
        worker_count=1,
        computed_at=now,
        reviewed_by=owner,
        reviewed_at=now,
        approved_by=owner,
        approved_at=now,
    )
    draft = PayPeriod.objects.create(
        start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 31), total=Decimal("-0.50")
    )
    bonus = Adjustment.objects.create(
        period=approved, worker=worker, kind="bonus", amount=Decimal("1.00"),
        reason=f"bonus {marker}", created_by=owner,
    )  # fmt: skip
    adjustment = Adjustment.objects.create(
        period=draft, worker=worker, kind="penalty", amount=Decimal("0.50"),
        reason=f"penalty {marker}", created_by=owner,
    )  # fmt: skip
    slip = PaySlip.objects.create(
        period=approved, worker=worker, pieces=20, piece_pay=Decimal("2.40"),
        adjustments=Decimal("1.00"), total=Decimal("3.40"),
    )  # fmt: skip
    PayLine.objects.create(
        slip=slip, period=approved, worker=worker, kind=LineKind.PIECE, operation=op,
        order=cut.order, work_start=september.replace(day=1, hour=0),
        work_end=september.replace(month=10, day=1, hour=0), pieces=20,
        rate=Decimal("0.1200"), multiplier=Decimal("1.000"), amount=Decimal("2.40"),
    )  # fmt: skip
    PayLine.objects.create(
        slip=slip, period=approved, worker=worker, kind=LineKind.ADJUSTMENT, adjustment=bonus,
        amount=Decimal("1.00"), description=bonus.reason,
    )  # fmt: skip
    draft_slip = PaySlip.objects.create(
        period=draft, worker=worker, adjustments=Decimal("-0.50"), total=Decimal("-0.50")
    )
    PayLine.objects.create(
        slip=draft_slip, period=draft, worker=worker, kind=LineKind.ADJUSTMENT,
        adjustment=adjustment, amount=Decimal("-0.50"), description=adjustment.reason,
    )  # fmt: skip
    return {
        "pay_period": approved,
        "pay_slip": slip,
        "pay_draft": draft,
        "pay_draft_slip": draft_slip,
        "pay_adjustment": adjustment,
        "pay_rate": rate,
    }


CASES = Cases(build=build, urls={})
