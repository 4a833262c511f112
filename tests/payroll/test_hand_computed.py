"""A small factory's pay computed by hand, end to end through the services.

September 2025 (monthly; minimum wage 20.00 an hour; grade 3 earns 1.1 x the rate):
  A (grade 2) op 10, 50 pcs x 0.12            =  6.00
    op 20, 20 pcs on the 10th x 0.13          =  2.60  (rate 0.20 from the 16th)
    op 20, 10 pcs on the 20th x 0.20          =  2.00
    4 hours attended: 80.00 guaranteed        = 69.40  top-up
    advance                                   = -3.00          -> 77.00
  B (grade 3) op 30, 30 pcs x 0.14 x 1.1      =  4.62
    op 10, 10 pcs reversed in the same month  =  0.00
    bonus                                     =  5.00          ->  9.62
  C (hourly 25.00) 8 hours                    = 200.00         -> 200.00
                                                          total  286.62
October, after September was approved:
  A late scan of 25 September, op 30, 20 pcs x 0.14 = 2.80 (shown as from September)
    op 20, 20 pcs on 2 October x 0.20               = 4.00         ->  6.80
  B reversal of op 30 bundle 1 paid in September: -20 x 0.14 x 1.1 = -3.08
                                                          total    3.72
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from seamline.payroll import services
from seamline.payroll.choices import LineKind, PeriodStatus
from seamline.payroll.models import PayLine, PayPeriod, PaySlip
from seamline.shopfloor.choices import PayType
from seamline.shopfloor.corrections import scan_reverse
from seamline.shopfloor.models import Attendance, Scan
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order
from tests.shopfloor.factories import WorkerFactory

D = Decimal


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def scan(cut: CutOrder, bundle: int, op: int, worker: Any, day: dt.date) -> Scan:
    cid = f"{cut.bundles[bundle].number}-{op}-{worker.code}"
    (result,) = record_scans(
        [
            ScanInput(
                client_id=cid,
                bundle=cut.bundles[bundle].number,
                operation=op,
                worker=worker.code,
                scanned_at=at(day),
            )
        ]
    )
    assert result.status == "credited", result
    return Scan.objects.get(client_id=cid)


def slip_totals(period: PayPeriod) -> dict[str, Decimal]:
    return {s.worker.code: s.total for s in PaySlip.objects.filter(period=period)}


@pytest.fixture
def factory(in_tenant_a: Organization) -> dict[str, Any]:
    cut = cut_order(operations=3, plies=30, ratios=(1, 2), bundle_size=20)
    assert [b.quantity for b in cut.bundles] == [20, 10, 20, 10, 20, 10]
    a, b = cut.workers
    b.skill_grade = 3
    b.save()
    c = WorkerFactory(line=cut.line, pay_type=PayType.HOURLY, hourly_rate=D("25.00"))
    services.settings_update(by=None, minimum_hourly_wage=D("20.00"), grade_3=D("1.100"))
    op10, op20, op30 = cut.operations
    assert (op10.piece_rate, op20.piece_rate, op30.piece_rate) == (D("0.12"), D("0.13"), D("0.14"))
    return {"cut": cut, "a": a, "b": b, "c": c, "ops": cut.operations}


def test_a_small_factory_is_paid_as_computed_by_hand(factory: dict[str, Any]) -> None:
    cut, a, b, c = factory["cut"], factory["a"], factory["b"], factory["c"]
    op10, op20, op30 = factory["ops"]
    sep = services.period_open(by=None, day=dt.date(2025, 9, 10))
    assert (sep.start, sep.end) == (dt.date(2025, 9, 1), dt.date(2025, 9, 30))

    services.rate_set(operation=op20, effective_from=dt.date(2025, 9, 16), rate=D("0.20"), by=None)
    for bundle in (0, 1, 2):
        scan(cut, bundle, 10, a, dt.date(2025, 9, 3))
    scan(cut, 0, 20, a, dt.date(2025, 9, 10))
    scan(cut, 1, 20, a, dt.date(2025, 9, 20))
    b_op30_bundle1 = scan(cut, 0, 30, b, dt.date(2025, 9, 5))
    scan(cut, 1, 30, b, dt.date(2025, 9, 5))
    wrong = scan(cut, 3, 10, b, dt.date(2025, 9, 6))
    scan_reverse(scan=wrong, reason="not B's bundle", by=None)
    Attendance.objects.create(
        worker=a,
        day=dt.date(2025, 9, 3),
        clock_in=at(dt.date(2025, 9, 3), 8),
        clock_out=at(dt.date(2025, 9, 3), 12),
    )
    Attendance.objects.create(
        worker=c,
        day=dt.date(2025, 9, 4),
        clock_in=at(dt.date(2025, 9, 4), 8),
        clock_out=at(dt.date(2025, 9, 4), 17),
        break_minutes=60,
    )
    services.adjustment_add(
        period=sep, worker=b, kind="bonus", amount=D("5.00"), reason="quality", by=None
    )
    services.adjustment_add(
        period=sep, worker=a, kind="advance", amount=D("3.00"), reason="cash on the 15th", by=None
    )
    services.period_recompute(period=sep)

    sep.refresh_from_db()
    assert slip_totals(sep) == {a.code: D("77.00"), b.code: D("9.62"), c.code: D("200.00")}
    assert sep.total == D("286.62")
    a_lines = {
        (line.kind, line.operation_id, line.rate): line.amount
        for line in PayLine.objects.filter(period=sep, worker=a)
    }
    assert a_lines == {
        (LineKind.PIECE, op10.pk, D("0.12")): D("6.00"),
        (LineKind.PIECE, op20.pk, D("0.13")): D("2.60"),
        (LineKind.PIECE, op20.pk, D("0.20")): D("2.00"),
        (LineKind.TOPUP, None, D("20.00")): D("69.40"),
        (LineKind.ADJUSTMENT, None, None): D("-3.00"),
    }

    services.period_review(period=sep, by=None)
    approval = services.period_approve(period=sep, by=None)
    assert approval.approved, approval.changes

    # After approval: a scan of 25 September arrives, and B's credit is reversed.
    scan(cut, 2, 30, a, dt.date(2025, 9, 25))
    scan_reverse(scan=b_op30_bundle1, reason="bundle was A's", by=None)
    with pytest.raises(ValidationError) as refused:
        services.rate_set(
            operation=op10, effective_from=dt.date(2025, 9, 20), rate=D("0.5"), by=None
        )
    assert "2025-09-30" in str(refused.value)

    oct_ = services.period_open(by=None)
    assert (oct_.start, oct_.end) == (dt.date(2025, 10, 1), dt.date(2025, 10, 31))
    scan(cut, 2, 20, a, dt.date(2025, 10, 2))
    services.period_recompute(period=oct_)
    oct_.refresh_from_db()
    assert slip_totals(oct_) == {a.code: D("6.80"), b.code: D("-3.08")}
    assert oct_.total == D("3.72")
    late = PayLine.objects.get(period=oct_, kind=LineKind.LATE)
    assert (late.worker, late.pieces, late.amount, late.origin) == (a, 20, D("2.80"), sep)
    back = PayLine.objects.get(period=oct_, kind=LineKind.REVERSAL)
    assert (back.worker, back.pieces, back.amount, back.origin) == (b, -20, D("-3.08"), sep)

    # September stays exactly as approved.
    sep.refresh_from_db()
    assert sep.status == PeriodStatus.APPROVED
    assert sep.total == D("286.62")
    assert slip_totals(sep) == {a.code: D("77.00"), b.code: D("9.62"), c.code: D("200.00")}

    # Once October is approved, nothing more is owed for September.
    services.period_review(period=oct_, by=None)
    assert services.period_approve(period=oct_, by=None).approved
    nov = services.period_open(by=None)
    services.period_recompute(period=nov)
    assert not PayLine.objects.filter(period=nov, kind__in=["late", "reversal"]).exists()


def test_approval_refuses_when_figures_moved_since_review(factory: dict[str, Any]) -> None:
    cut, a = factory["cut"], factory["a"]
    sep = services.period_open(by=None, day=dt.date(2025, 9, 10))
    scan(cut, 0, 10, a, dt.date(2025, 9, 3))
    services.period_review(period=sep, by=None)
    scan(cut, 1, 10, a, dt.date(2025, 9, 4))

    outcome = services.period_approve(period=sep, by=None)

    assert not outcome.approved
    assert outcome.changes == {a.pk: (D("2.40"), D("3.60"))}
    sep.refresh_from_db()
    assert (sep.status, sep.total) == (PeriodStatus.DRAFT, D("3.60"))


def test_a_period_is_approved_only_after_it_ends_and_in_order(factory: dict[str, Any]) -> None:
    sep = services.period_open(by=None, day=dt.date(2025, 9, 10))
    oct_ = services.period_open(by=None)
    services.period_review(period=oct_, by=None)
    with pytest.raises(ValidationError, match="2025-09-01"):
        services.period_approve(period=oct_, by=None)
    current = PayPeriod.objects.create(
        start=timezone.localdate(),
        end=timezone.localdate() + dt.timedelta(days=3),
        status=PeriodStatus.REVIEWED,
    )
    with pytest.raises(ValidationError, match="after it ends"):
        services.period_approve(period=current, by=None)
    assert sep.status == PeriodStatus.DRAFT
