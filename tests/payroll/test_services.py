"""Payroll services: the period workflow and its refusals, adjustments, dated rates, opening
periods, and the parts of the computation that each rule decides.

The factory of every test: one cut order of six bundles (20, 10, 20, 10, 20, 10 pieces),
operations 10, 20, 30 at 0.12, 0.13, 0.14; A (grade 2, x1) and B (grade 3, x1.1) paid by
the piece, C paid 25.00 an hour. September 2025 is the first period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from seamline.catalog.models import Operation
from seamline.catalog.services import operation_update
from seamline.payroll import selectors, services
from seamline.payroll.choices import LineKind, PayCycle, PeriodStatus
from seamline.payroll.compute import CARRIED_KINDS, Line, calculate
from seamline.payroll.models import (
    Adjustment,
    OperationRate,
    PayLine,
    PayPeriod,
    PaySlip,
)
from seamline.payroll.periods import period_days
from seamline.payroll.services import PayrollError
from seamline.shopfloor.choices import PayType, ScanStatus
from seamline.shopfloor.corrections import claim_accept, claim_reject, scan_reverse
from seamline.shopfloor.models import Scan, Worker
from seamline.shopfloor.selectors import worker_day
from seamline.tenancy.models import AuditEntry, Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.payroll.helpers import D, approve, attend, record, scan, scan_input, slip_parts
from tests.shopfloor.factories import WorkerFactory

SEP1, SEP30, OCT1 = dt.date(2025, 9, 1), dt.date(2025, 9, 30), dt.date(2025, 10, 1)


@dataclass
class Factory:
    cut: CutOrder
    a: Worker
    b: Worker
    c: Worker
    ops: list[Operation]
    sep: PayPeriod


@pytest.fixture
def f(in_tenant_a: Organization) -> Factory:
    cut = cut_order(operations=3, plies=30, ratios=(1, 2), bundle_size=20)
    assert [b.quantity for b in cut.bundles] == [20, 10, 20, 10, 20, 10]
    a, b = cut.workers
    b.skill_grade = 3
    b.save(update_fields=["skill_grade"])
    c = WorkerFactory(line=cut.line, pay_type=PayType.HOURLY, hourly_rate=D("25.00"))
    services.settings_update(by=None, grade_3=D("1.100"))
    sep = services.period_open(by=None, day=dt.date(2025, 9, 10))
    return Factory(cut, a, b, c, cut.operations, sep)


def refused(call: Callable[[], Any], code: str, field: str | None = None) -> ValidationError:
    """Run `call`, which must be refused with `code` (on `field`, when given)."""
    with pytest.raises(ValidationError) as caught:
        call()
    error = caught.value
    if field is None:
        assert not hasattr(error, "error_dict"), error
        assert error.code == code, error
    else:
        assert set(error.error_dict) == {field}, error
        assert [e.code for e in error.error_dict[field]] == [code]
    return error


def reload(period: PayPeriod) -> PayPeriod:
    period.refresh_from_db()
    return period


def lines(period: PayPeriod, worker: Worker, *kinds: str) -> list[tuple[Any, ...]]:
    rows = PayLine.objects.filter(period=period, worker=worker)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return sorted(
        rows.values_list("kind", "operation_id", "pieces", "rate", "minutes", "amount"),
        key=str,
    )


def slip_of(period: PayPeriod, worker: Worker) -> PaySlip:
    return PaySlip.objects.get(period=period, worker=worker)


# --- workflow ------------------------------------------------------------------------------


def test_review_is_refused_unless_the_period_is_a_draft(f: Factory) -> None:
    services.period_review(period=f.sep, by=None)
    reviewed_at = reload(f.sep).reviewed_at

    refused(lambda: services.period_review(period=f.sep, by=None), PayrollError.WRONG_STATUS)
    approve(f.sep)
    refused(lambda: services.period_review(period=f.sep, by=None), PayrollError.WRONG_STATUS)

    assert reload(f.sep).status == PeriodStatus.APPROVED
    assert f.sep.reviewed_at == reviewed_at


def test_approve_is_refused_for_a_draft_and_nothing_is_locked(f: Factory) -> None:
    scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 3))

    refused(lambda: services.period_approve(period=f.sep, by=None), PayrollError.WRONG_STATUS)

    assert (reload(f.sep).status, f.sep.approved_at) == (PeriodStatus.DRAFT, None)
    assert services.last_locked_day() is None
    services.rate_set(operation=f.ops[0], effective_from=SEP1, rate=D("0.5"), by=None)
    assert reload(f.sep).total == D("10.00")


def test_approve_is_refused_until_the_period_has_ended(in_tenant_a: Organization) -> None:
    today = timezone.localdate()
    current = services.period_open(by=None, day=today)
    assert current.start <= today <= current.end
    services.period_review(period=current, by=None)

    error = refused(
        lambda: services.period_approve(period=current, by=None), PayrollError.NOT_ENDED
    )

    assert current.end.isoformat() in str(error)
    assert reload(current).status == PeriodStatus.REVIEWED


def test_approve_is_refused_while_an_earlier_period_is_open(f: Factory) -> None:
    october = services.period_open(by=None)
    services.period_review(period=october, by=None)

    refused(lambda: services.period_approve(period=october, by=None), PayrollError.EARLIER_OPEN)

    assert reload(october).status == PeriodStatus.REVIEWED
    approve(f.sep)
    assert approve(october).status == PeriodStatus.APPROVED


def test_reopen_takes_a_reviewed_period_back_to_draft_only(f: Factory) -> None:
    refused(
        lambda: services.period_reopen(period=f.sep, by=None, reason="x"),
        PayrollError.WRONG_STATUS,
    )
    services.period_review(period=f.sep, by=None)

    services.period_reopen(period=f.sep, by=None, reason="bonus forgotten")

    assert reload(f.sep).status == PeriodStatus.DRAFT
    services.adjustment_add(
        period=f.sep, worker=f.a, kind="bonus", amount=D("4.00"), reason="r", by=None
    )
    assert reload(f.sep).total == D("4.00")
    assert AuditEntry.objects.filter(action="payroll.reopen", summary="bonus forgotten").exists()
    approve(f.sep)
    refused(
        lambda: services.period_reopen(period=f.sep, by=None, reason="x"),
        PayrollError.WRONG_STATUS,
    )


def test_mark_paid_only_after_approval_and_once(f: Factory) -> None:
    services.period_review(period=f.sep, by=None)
    refused(lambda: services.period_mark_paid(period=f.sep, by=None), PayrollError.WRONG_STATUS)
    approve(f.sep)

    services.period_mark_paid(period=f.sep, by=None, reference="  BANK-0925  ")

    reload(f.sep)
    assert (f.sep.status, f.sep.payment_reference) == (PeriodStatus.PAID, "BANK-0925")
    assert f.sep.paid_at is not None
    refused(lambda: services.period_mark_paid(period=f.sep, by=None), PayrollError.WRONG_STATUS)
    # Paid is still locked.
    refused(
        lambda: services.rate_set(operation=f.ops[0], effective_from=SEP30, rate=D("1"), by=None),
        PayrollError.RATE_IN_LOCKED,
        "effective_from",
    )


def test_an_approved_period_is_neither_recomputed_nor_adjusted(f: Factory) -> None:
    services.adjustment_add(
        period=f.sep, worker=f.a, kind="bonus", amount=D("1.00"), reason="r", by=None
    )
    adjustment = Adjustment.objects.get()
    approve(f.sep)
    before = (f.sep.total, slip_parts(f.sep))

    refused(lambda: services.period_recompute(period=f.sep), PayrollError.WRONG_STATUS)
    refused(
        lambda: services.adjustment_add(
            period=f.sep, worker=f.a, kind="bonus", amount=D("1.00"), reason="r", by=None
        ),
        PayrollError.WRONG_STATUS,
    )
    refused(
        lambda: services.adjustment_delete(adjustment=adjustment, by=None),
        PayrollError.WRONG_STATUS,
    )

    assert (reload(f.sep).total, slip_parts(f.sep)) == before
    assert Adjustment.objects.count() == 1


# --- adjustments ---------------------------------------------------------------------------


def test_adjustments_only_on_drafts(f: Factory) -> None:
    services.period_review(period=f.sep, by=None)

    refused(
        lambda: services.adjustment_add(
            period=f.sep, worker=f.a, kind="bonus", amount=D("1"), reason="r", by=None
        ),
        PayrollError.WRONG_STATUS,
    )

    assert not Adjustment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"reason": ""}, PayrollError.REASON_REQUIRED, "reason"),
        ({"reason": "   "}, PayrollError.REASON_REQUIRED, "reason"),
        ({"amount": D("0")}, "amount_not_positive", "amount"),
        ({"amount": D("-5.00")}, "amount_not_positive", "amount"),
        ({"kind": "gift"}, "kind_unknown", "kind"),
    ],
)
def test_adjustment_is_refused_on_the_field_at_fault(
    f: Factory, changes: dict[str, Any], code: str, field: str
) -> None:
    given: dict[str, Any] = {"kind": "bonus", "amount": D("5.00"), "reason": "quality"}
    given |= changes

    refused(
        lambda: services.adjustment_add(period=f.sep, worker=f.a, by=None, **given), code, field
    )

    assert not Adjustment.objects.exists()
    assert reload(f.sep).total == D("0")


@pytest.mark.parametrize(
    ("kind", "effect"),
    [("bonus", "7.25"), ("penalty", "-7.25"), ("advance", "-7.25"), ("deduction", "-7.25")],
)
def test_a_bonus_adds_and_every_other_adjustment_takes_off(
    f: Factory, kind: str, effect: str
) -> None:
    scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 3))  # 20 x 0.12 = 2.40

    services.adjustment_add(
        period=f.sep, worker=f.a, kind=kind, amount=D("7.25"), reason="why", by=None
    )

    slip = slip_of(f.sep, f.a)
    assert (slip.adjustments, slip.total) == (D(effect), D("2.40") + D(effect))
    assert lines(f.sep, f.a, LineKind.ADJUSTMENT) == [
        (LineKind.ADJUSTMENT, None, 0, None, 0, D(effect))
    ]
    assert PayLine.objects.get(kind=LineKind.ADJUSTMENT).description == "why"


def test_deleting_an_adjustment_recomputes_the_draft(f: Factory) -> None:
    adjustment = services.adjustment_add(
        period=f.sep, worker=f.a, kind="penalty", amount=D("3.00"), reason="late", by=None
    )
    assert reload(f.sep).total == D("-3.00")

    services.adjustment_delete(adjustment=adjustment, by=None)

    assert reload(f.sep).total == D("0")
    assert not PayLine.objects.filter(period=f.sep).exists()


# --- dated rates ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", [SEP30, SEP1, dt.date(2025, 8, 15)])
def test_rate_set_is_refused_on_or_before_the_last_approved_day(f: Factory, day: dt.date) -> None:
    scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 3))
    approve(f.sep)
    before = (f.sep.total, slip_parts(f.sep))

    error = refused(
        lambda: services.rate_set(operation=f.ops[0], effective_from=day, rate=D("9"), by=None),
        PayrollError.RATE_IN_LOCKED,
        "effective_from",
    )

    assert "2025-10-01" in str(error)
    assert not OperationRate.objects.exists()
    assert (reload(f.sep).total, slip_parts(f.sep)) == before


def test_rate_set_the_day_after_reprices_the_open_draft(f: Factory) -> None:
    approve(f.sep)
    october = services.period_open(by=None)
    scan(f.cut, 0, 10, f.a, dt.date(2025, 10, 3))
    services.period_recompute(period=october)
    assert reload(october).total == D("2.40")

    services.rate_set(operation=f.ops[0], effective_from=OCT1, rate=D("0.5"), by=None)

    assert reload(october).total == D("10.00")
    assert reload(f.sep).total == D("0")


def test_a_negative_rate_is_refused(f: Factory) -> None:
    refused(
        lambda: services.rate_set(
            operation=f.ops[0], effective_from=OCT1, rate=D("-0.01"), by=None
        ),
        "rate_negative",
        "rate",
    )
    assert not OperationRate.objects.exists()


def test_setting_a_rate_again_on_its_day_replaces_it(f: Factory) -> None:
    day = dt.date(2025, 9, 16)
    services.rate_set(operation=f.ops[0], effective_from=day, rate=D("0.20"), by=None)
    services.rate_set(operation=f.ops[0], effective_from=day, rate=D("0.30"), by=None)
    scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 20))
    services.period_recompute(period=f.sep)

    assert list(OperationRate.objects.values_list("effective_from", "rate")) == [(day, D("0.30"))]
    assert reload(f.sep).total == D("6.00")


def test_rate_delete_is_refused_for_rates_that_paid_an_approved_period(f: Factory) -> None:
    before_first = services.rate_set(
        operation=f.ops[0], effective_from=dt.date(2025, 8, 1), rate=D("0.20"), by=None
    )
    within = services.rate_set(
        operation=f.ops[0], effective_from=dt.date(2025, 9, 16), rate=D("0.30"), by=None
    )
    scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 3))  # 20 x 0.20
    scan(f.cut, 1, 10, f.a, dt.date(2025, 9, 20))  # 10 x 0.30
    approve(f.sep)
    assert f.sep.total == D("7.00")

    refused(lambda: services.rate_delete(rate=before_first, by=None), PayrollError.RATE_IN_LOCKED)
    refused(lambda: services.rate_delete(rate=within, by=None), PayrollError.RATE_IN_LOCKED)

    assert OperationRate.objects.count() == 2
    assert reload(f.sep).total == D("7.00")


def test_rate_delete_of_a_later_rate_reprices_the_draft(f: Factory) -> None:
    approve(f.sep)
    october = services.period_open(by=None)
    later = services.rate_set(
        operation=f.ops[0], effective_from=dt.date(2025, 10, 5), rate=D("0.50"), by=None
    )
    scan(f.cut, 0, 10, f.a, dt.date(2025, 10, 6))
    services.period_recompute(period=october)
    assert reload(october).total == D("10.00")

    services.rate_delete(rate=later, by=None)

    assert not OperationRate.objects.exists()
    assert reload(october).total == D("2.40")
    assert AuditEntry.objects.filter(action="payroll.rate_delete").count() == 1


# --- opening periods -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2025, 9, 1), SEP1, SEP30),
        (dt.date(2025, 9, 17), SEP1, SEP30),
        (dt.date(2025, 2, 28), dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        (dt.date(2024, 12, 31), dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
    ],
)
def test_the_first_period_is_the_month_containing_the_day(
    in_tenant_a: Organization, day: dt.date, start: dt.date, end: dt.date
) -> None:
    period = services.period_open(by=None, day=day)

    assert (period.start, period.end, period.status) == (start, end, PeriodStatus.DRAFT)


def test_later_periods_follow_on_whatever_day_is_asked(in_tenant_a: Organization) -> None:
    services.period_open(by=None, day=dt.date(2025, 9, 17))

    october = services.period_open(by=None, day=dt.date(2026, 3, 3))
    november = services.period_open(by=None)

    assert (october.start, october.end) == (OCT1, dt.date(2025, 10, 31))
    assert (november.start, november.end) == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (
            dt.date(2025, 2, 10),
            [(1, 15), (16, 28), (1, 15), (16, 31)],
        ),
        (
            dt.date(2024, 2, 16),
            [(16, 29), (1, 15), (16, 31), (1, 15)],
        ),
        (
            dt.date(2025, 4, 30),
            [(16, 30), (1, 15), (16, 31), (1, 15)],
        ),
    ],
)
def test_half_monthly_periods_run_1st_to_15th_and_16th_to_the_end(
    in_tenant_a: Organization, day: dt.date, expected: list[tuple[int, int]]
) -> None:
    services.settings_update(by=None, cycle=PayCycle.SEMI_MONTHLY)

    periods = [services.period_open(by=None, day=day)]
    periods += [services.period_open(by=None) for _ in expected[1:]]

    assert [(p.start.day, p.end.day) for p in periods] == expected
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "cycle", "first", "last"),
    [
        (dt.date(2024, 2, 29), PayCycle.SEMI_MONTHLY, dt.date(2024, 2, 16), dt.date(2024, 2, 29)),
        (dt.date(2025, 2, 15), PayCycle.SEMI_MONTHLY, dt.date(2025, 2, 1), dt.date(2025, 2, 15)),
        (dt.date(2025, 2, 16), PayCycle.SEMI_MONTHLY, dt.date(2025, 2, 16), dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), PayCycle.MONTHLY, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        # Weekly: Monday to Sunday, across a month's and a year's end.
        (dt.date(2025, 12, 31), PayCycle.WEEKLY, dt.date(2025, 12, 29), dt.date(2026, 1, 4)),
        (dt.date(2025, 9, 1), PayCycle.WEEKLY, dt.date(2025, 9, 1), dt.date(2025, 9, 7)),
        (dt.date(2025, 9, 7), PayCycle.WEEKLY, dt.date(2025, 9, 1), dt.date(2025, 9, 7)),
    ],
)
def test_period_days(day: dt.date, cycle: str, first: dt.date, last: dt.date) -> None:
    assert period_days(day, cycle) == (first, last)


def test_a_period_in_the_future_is_refused(in_tenant_a: Organization) -> None:
    today = timezone.localdate()
    next_month = (today.replace(day=28) + dt.timedelta(days=5)).replace(day=1)

    refused(lambda: services.period_open(by=None, day=next_month), PayrollError.NOT_YET)
    assert not PayPeriod.objects.exists()

    services.period_open(by=None, day=today)
    refused(lambda: services.period_open(by=None), PayrollError.NOT_YET)
    assert PayPeriod.objects.count() == 1


# --- what the computation pays -------------------------------------------------------------


def test_hourly_workers_are_paid_their_hours_and_no_pieces(f: Factory) -> None:
    scan(f.cut, 0, 10, f.c, dt.date(2025, 9, 4))
    attend(f.c, dt.date(2025, 9, 4), 7 * 60 + 30, break_minutes=45)

    services.period_recompute(period=f.sep)

    slip = slip_of(f.sep, f.c)
    assert (slip.pieces, slip.piece_pay, slip.attended_minutes) == (0, D("0"), 450)
    assert (slip.time_pay, slip.total) == (D("187.50"), D("187.50"))
    assert lines(f.sep, f.c) == [(LineKind.TIME, None, 0, D("25.00"), 450, D("187.50"))]
    approve(f.sep)
    # Its pieces were never paid, so taking one back later takes nothing back.
    scan_reverse(scan=Scan.objects.get(worker=f.c), reason="x", by=None)
    assert not PayLine.objects.filter(period=services.period_open(by=None)).exists()


def test_a_day_without_clock_out_counts_as_open_and_adds_no_hours(f: Factory) -> None:
    services.settings_update(by=None, minimum_hourly_wage=D("10.00"))
    attend(f.c, dt.date(2025, 9, 4), 120)
    attend(f.c, dt.date(2025, 9, 5), None)
    attend(f.a, dt.date(2025, 9, 5), None)

    services.period_recompute(period=f.sep)

    c, a = slip_of(f.sep, f.c), slip_of(f.sep, f.a)
    assert (c.attended_minutes, c.open_days, c.time_pay, c.topup) == (120, 1, D("50.00"), 0)
    assert (a.attended_minutes, a.open_days, a.total) == (0, 1, D("0"))
    assert not PayLine.objects.filter(worker=f.a).exists()


@pytest.mark.parametrize(
    ("minutes", "topup"),
    [
        (60, D("0")),  # 20 x 0.12 = 2.40 earned, 2.40 guaranteed: at the minimum
        (59, D("0")),  # above it
        (61, D("0.04")),  # 2.44 guaranteed
        (150, D("3.60")),  # 6.00 guaranteed
    ],
)
def test_the_top_up_makes_up_the_minimum_and_nothing_more(
    f: Factory, minutes: int, topup: Decimal
) -> None:
    services.settings_update(by=None, minimum_hourly_wage=D("2.40"))
    scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 3))
    attend(f.a, dt.date(2025, 9, 3), minutes)

    services.period_recompute(period=f.sep)

    slip = slip_of(f.sep, f.a)
    assert (slip.piece_pay, slip.topup, slip.total) == (D("2.40"), topup, D("2.40") + topup)
    assert PayLine.objects.filter(kind=LineKind.TOPUP).exists() == (topup > 0)


def test_carried_pieces_do_not_count_towards_the_minimum(f: Factory) -> None:
    services.settings_update(by=None, minimum_hourly_wage=D("2.40"))
    approve(f.sep)
    scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 29))  # late: 2.40 in October, from September
    october = services.period_open(by=None)
    attend(f.a, dt.date(2025, 10, 1), 60)

    services.period_recompute(period=october)

    slip = slip_of(october, f.a)
    assert (slip.carried_pay, slip.piece_pay, slip.topup) == (D("2.40"), D("0"), D("2.40"))


def test_a_claim_accepted_after_approval_comes_in_late(f: Factory) -> None:
    held = scan(f.cut, 0, 30, f.a, dt.date(2025, 9, 5))
    claim = scan(f.cut, 0, 30, f.b, dt.date(2025, 9, 6), expect=ScanStatus.CONFLICT)
    approve(f.sep)
    assert f.sep.total == D("2.80")  # A: 20 x 0.14

    claim_accept(scan=claim, reason="B sewed it", by=None)
    october = approve(services.period_open(by=None))

    late = PayLine.objects.get(period=october, kind=LineKind.LATE)
    back = PayLine.objects.get(period=october, kind=LineKind.REVERSAL)
    assert (late.worker, late.pieces, late.amount, late.origin) == (f.b, 20, D("3.08"), f.sep)
    assert (back.worker, back.pieces, back.amount, back.origin) == (f.a, -20, D("-2.80"), f.sep)
    assert reload(f.sep).total == D("2.80")
    assert Scan.objects.get(pk=held.pk).status == ScanStatus.REVERSED
    # Once October is approved, nothing more is owed either way.
    assert not PayLine.objects.filter(period=services.period_open(by=None)).exists()


def test_a_claim_rejected_after_approval_changes_nothing(f: Factory) -> None:
    scan(f.cut, 0, 30, f.a, dt.date(2025, 9, 5))
    claim = scan(f.cut, 0, 30, f.b, dt.date(2025, 9, 6), expect=ScanStatus.CONFLICT)
    approve(f.sep)

    claim_reject(scan=claim, reason="A sewed it", by=None)
    october = services.period_open(by=None)

    assert not PayLine.objects.filter(period=october).exists()
    assert reload(october).total == D("0")


def test_a_scan_reversed_in_its_own_draft_period_pays_nothing_then_or_later(f: Factory) -> None:
    wrong = scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 3))
    scan(f.cut, 1, 10, f.a, dt.date(2025, 9, 3))
    scan_reverse(scan=wrong, reason="not A's", by=None)

    approve(f.sep)
    october = services.period_open(by=None)

    assert lines(f.sep, f.a) == [(LineKind.PIECE, f.ops[0].pk, 10, D("0.1200"), 0, D("1.20"))]
    assert not PayLine.objects.filter(period=october).exists()


def test_one_workers_calculation_is_their_slip_of_everyones(f: Factory) -> None:
    services.settings_update(by=None, minimum_hourly_wage=D("3.00"))
    services.rate_set(
        operation=f.ops[1], effective_from=dt.date(2025, 9, 16), rate=D("0.2"), by=None
    )
    paid_then_reversed = scan(f.cut, 0, 10, f.b, dt.date(2025, 9, 2))
    scan(f.cut, 1, 20, f.a, dt.date(2025, 9, 2))
    scan(f.cut, 0, 30, f.c, dt.date(2025, 9, 2))
    approve(f.sep)
    scan(f.cut, 2, 10, f.a, dt.date(2025, 9, 29))  # late
    scan_reverse(scan=paid_then_reversed, reason="x", by=None)
    october = services.period_open(by=None)
    for bundle, worker, day in ((3, f.a, 2), (4, f.b, 10), (5, f.c, 2)):
        scan(f.cut, bundle, 20, worker, dt.date(2025, 10, day))
        attend(worker, dt.date(2025, 10, day), 95, break_minutes=10)
    attend(f.a, dt.date(2025, 10, 3), None)
    services.adjustment_add(
        period=october, worker=f.b, kind="advance", amount=D("1.50"), reason="r", by=None
    )

    everyone = calculate(october)

    def key(line: Line) -> str:
        return repr(sorted(vars(line).items()))

    assert set(everyone.slips) == {f.a.pk, f.b.pk, f.c.pk}
    for worker in (f.a, f.b, f.c):
        alone = calculate(october, worker=worker)
        assert list(alone.slips) == [worker.pk]
        mine, theirs = alone.slips[worker.pk], everyone.slips[worker.pk]
        assert sorted(map(key, mine.lines)) == sorted(map(key, theirs.lines))
        assert (mine.attended_minutes, mine.open_days, mine.total) == (
            theirs.attended_minutes,
            theirs.open_days,
            theirs.total,
        )


def test_approve_adjust_and_rates_leave_audit_entries(
    f: Factory, member: Callable[..., User]
) -> None:
    boss = member(f.sep.tenant)
    services.rate_set(
        operation=f.ops[0], effective_from=dt.date(2025, 9, 16), rate=D("0.2"), by=boss
    )
    services.adjustment_add(
        period=f.sep, worker=f.a, kind="bonus", amount=D("2.00"), reason="quality", by=boss
    )
    services.period_review(period=f.sep, by=boss)
    services.period_approve(period=f.sep, by=boss)

    entries = {e.action: e for e in AuditEntry.objects.filter(action__startswith="payroll.")}

    assert {"payroll.rate", "payroll.adjustment", "payroll.review", "payroll.approve"} <= set(
        entries
    )
    assert all(entries[a].actor == boss for a in ("payroll.rate", "payroll.approve"))
    rate = OperationRate.objects.get()
    assert (entries["payroll.rate"].object_type, entries["payroll.rate"].object_id) == (
        "payroll.operationrate",
        str(rate.pk),
    )
    assert entries["payroll.rate"].data == {
        "operation": f.ops[0].pk,
        "rate": "0.2",
        "created": True,
    }
    adjustment = Adjustment.objects.get()
    assert entries["payroll.adjustment"].object_id == str(adjustment.pk)
    assert "quality" in entries["payroll.adjustment"].summary
    assert entries["payroll.approve"].object_id == str(f.sep.pk)


def test_the_phone_prices_the_day_at_its_dated_rate_and_grade(f: Factory) -> None:
    services.rate_set(
        operation=f.ops[0], effective_from=dt.date(2025, 9, 16), rate=D("0.2"), by=None
    )
    scan(f.cut, 0, 10, f.b, dt.date(2025, 9, 10))  # 20 x 0.12 x 1.1 = 2.64
    scan(f.cut, 1, 10, f.b, dt.date(2025, 9, 20))  # 10 x 0.20 x 1.1 = 2.20
    scan(f.cut, 2, 10, f.c, dt.date(2025, 9, 20))  # paid by the hour

    before, after = worker_day(f.b, dt.date(2025, 9, 10)), worker_day(f.b, dt.date(2025, 9, 20))

    assert (before["earnings"], after["earnings"]) == (D("2.64"), D("2.20"))
    assert [row["earnings"] for row in after["scans"]] == [D("2.20")]
    assert worker_day(f.c, dt.date(2025, 9, 20))["earnings"] == D("0")
    services.period_recompute(period=f.sep)
    assert slip_of(f.sep, f.b).piece_pay == D("4.84")


def test_a_period_runs_midnight_to_midnight_in_the_factorys_time(f: Factory) -> None:
    with timezone.override("Asia/Shanghai"):
        last_evening = dt.datetime(2025, 9, 30, 23, 30, tzinfo=timezone.get_current_timezone())
        scan_at(f, 0, f.a, last_evening)  # 15:30 UTC on the 30th
        scan_at(f, 1, f.a, last_evening + dt.timedelta(hours=1))  # 1 October there
        services.period_recompute(period=f.sep)
        approve(f.sep)
        october = services.period_open(by=None)

        assert slip_of(f.sep, f.a).pieces == 20
        assert slip_of(october, f.a).pieces == 10
        assert not PayLine.objects.filter(period=october, kind__in=CARRIED_KINDS).exists()


def scan_at(f: Factory, bundle: int, worker: Worker, when: dt.datetime) -> None:
    (result,) = record([scan_input(f.cut, bundle, 10, worker, when)])
    assert result.status == ScanStatus.CREDITED


def test_the_register_reconciles_when_amounts_cancel_out(f: Factory) -> None:
    for worker, kind, amount in (
        (f.a, "bonus", "0.10"),
        (f.b, "bonus", "0.20"),
        (f.a, "penalty", "0.30"),
    ):
        services.adjustment_add(
            period=f.sep, worker=worker, kind=kind, amount=D(amount), reason="r", by=None
        )

    totals = selectors.totals(reload(f.sep))

    assert (totals.slips, totals.lines, totals.period) == (D("0"), D("0"), D("0"))
    assert totals.by_kind == {LineKind.ADJUSTMENT: D("0")}
    assert str(totals.lines) == "0.00"
    assert totals.reconciles


def test_a_reversal_of_late_pieces_shows_the_period_the_work_belonged_to(f: Factory) -> None:
    approve(f.sep)
    late = scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 12))
    october = approve(services.period_open(by=None))
    assert PayLine.objects.get(period=october, kind=LineKind.LATE).origin == f.sep

    scan_reverse(scan=late, reason="not A's", by=None)
    november = services.period_open(by=None)

    back = PayLine.objects.get(period=november, kind=LineKind.REVERSAL)
    assert (back.pieces, back.amount) == (-20, D("-2.40"))
    assert back.origin == f.sep


# --- regression tests of bugs found ----------------------------------------------------


def test_operations_whose_rates_change_on_the_same_day_keep_their_own_rates(f: Factory) -> None:
    op10, op20, _ = f.ops
    services.rate_set(operation=op10, effective_from=dt.date(2025, 9, 15), rate=D("0.2"), by=None)
    services.rate_set(operation=op20, effective_from=dt.date(2025, 9, 15), rate=D("0.3"), by=None)
    scan(f.cut, 1, 10, f.a, dt.date(2025, 9, 20))  # 10 pieces at 0.20
    scan(f.cut, 1, 20, f.a, dt.date(2025, 9, 20))  # 10 pieces at 0.30

    services.period_recompute(period=f.sep)

    assert lines(f.sep, f.a, LineKind.PIECE) == sorted(
        [
            (LineKind.PIECE, op10.pk, 10, D("0.2000"), 0, D("2.00")),
            (LineKind.PIECE, op20.pk, 10, D("0.3000"), 0, D("3.00")),
        ],
        key=str,
    )


def test_pieces_of_one_rate_are_one_line_even_when_other_rates_change_between(
    f: Factory,
) -> None:
    op10, op20, op30 = f.ops
    services.rate_set(
        operation=op10, effective_from=dt.date(2025, 9, 10), rate=D("0.1235"), by=None
    )
    services.rate_set(operation=op20, effective_from=dt.date(2025, 9, 15), rate=D("0.2"), by=None)
    services.rate_set(operation=op30, effective_from=dt.date(2025, 9, 20), rate=D("0.2"), by=None)
    scan(f.cut, 1, 10, f.a, dt.date(2025, 9, 12))  # 10 pieces at 0.1235
    scan(f.cut, 3, 10, f.a, dt.date(2025, 9, 25))  # 10 more at 0.1235

    services.period_recompute(period=f.sep)

    assert lines(f.sep, f.a) == [(LineKind.PIECE, op10.pk, 20, D("0.1235"), 0, D("2.47"))]


def test_what_later_periods_carry_for_an_approved_period_is_in_cents(f: Factory) -> None:
    approve(f.sep)
    scan(f.cut, 1, 10, f.a, dt.date(2025, 9, 12))  # 10 x 0.12 = 1.20
    scan(f.cut, 3, 10, f.b, dt.date(2025, 9, 12))  # 10 x 0.12 x 1.1 = 1.32
    scan(f.cut, 1, 20, f.a, dt.date(2025, 9, 12))  # 10 x 0.13 = 1.30
    october = services.period_open(by=None)

    carried = selectors.carried_from(f.sep)

    assert [(c.into, c.kind, c.pieces, str(c.amount)) for c in carried] == [
        (october, LineKind.LATE, 30, "3.82")
    ]


def test_late_pieces_of_an_approved_day_keep_its_rate_when_the_bulletin_changes(
    f: Factory,
) -> None:
    scan(f.cut, 0, 10, f.a, dt.date(2025, 9, 20))
    approve(f.sep)
    assert lines(f.sep, f.a) == [(LineKind.PIECE, f.ops[0].pk, 20, D("0.1200"), 0, D("2.40"))]
    operation_update(operation=f.ops[0], by=None, piece_rate=D("0.50"))

    scan(f.cut, 1, 10, f.b, dt.date(2025, 9, 20))  # late, same operation and day
    october = services.period_open(by=None)

    # 10 x 0.12 x 1.1, as September priced operation 10 on the 20th.
    assert lines(october, f.b) == [(LineKind.LATE, f.ops[0].pk, 10, D("0.1200"), 0, D("1.32"))]
    # The new bulletin rate pays from the day after the approved period.
    scan(f.cut, 2, 10, f.a, dt.date(2025, 10, 2))
    services.period_recompute(period=october)
    assert (LineKind.PIECE, f.ops[0].pk, 20, D("0.5000"), 0, D("10.00")) in lines(october, f.a)
