"""Payroll over the floor's history: pay periods, the earlier ones through the whole
workflow and the latest one still in draft.

Everything goes through `payroll.services` (and `shopfloor.corrections` for the reversal), in
the factory's time zone: settings (half-monthly, a minimum hourly wage, grade multipliers),
two dated rate changes, then the periods the two weeks of scans cover, oldest first. A
period that has ended is reviewed by the supervisor and approved by the manager; the oldest
is paid with a bank reference. After the last approval a phone that was offline syncs one
scan of the approved period (a late scan) and the supervisor reverses one credit of it, so
the draft carries both back; the draft gets a bonus, a penalty and an advance.

On the few days of a month when the two weeks' working days lie (almost) all in today's
half-month, the demo pays weekly instead, so that it always shows an approved period.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef
from django.utils import timezone

from seamline.catalog.models import Operation
from seamline.demo.build.context import DemoContext, FactoryData
from seamline.demo.data.orgs import TIME_ZONE
from seamline.payroll import services
from seamline.payroll.choices import AdjustmentKind, PayCycle, PeriodStatus
from seamline.payroll.models import PayPeriod, PaySlip
from seamline.payroll.periods import bounds, period_days
from seamline.shopfloor.choices import PayType, ScanSource, ScanStatus
from seamline.shopfloor.corrections import scan_reverse
from seamline.shopfloor.models import Scan, Worker
from seamline.tenancy.choices import Role

MINIMUM_HOURLY_WAGE = {"hongmian": "21.50", "xinghe": "20.80", "haixia": "18.50"}
GRADES = ("1.000", "1.050", "1.100", "1.150", "1.200")
RATE_RISE = Decimal("1.08")  # a harder fabric, a new thread: 8 % more for a few operations
REVERSE_REASON = (
    "Bundle {bundle}: operation not done, the coupon was scanned ahead; back to the line "
    "/ 扎号 {bundle} 未完成工序被提前扫描，退回返工"
)
ADJUSTMENTS = (
    (AdjustmentKind.BONUS, "150.00", "Full attendance and no rework this half-month / 全勤奖"),
    (AdjustmentKind.PENALTY, "20.00", "Rework: skipped stitches on 12 collars / 返工扣款"),
    (AdjustmentKind.ADVANCE, "500.00", "Advance paid in cash for a family matter / 预支工资"),
)

TOKEN_DEDUCTION = Decimal("20.00")


def load_payroll(ctx: DemoContext, factory: FactoryData) -> None:
    """Run inside `tenant_context(factory.org)`, after the floor."""
    key = factory.spec.key
    manager = ctx.staff[(key, Role.MANAGER)]
    supervisor = ctx.staff[(key, Role.SUPERVISOR)]
    with timezone.override(ZoneInfo(TIME_ZONE)):
        today = ctx.today  # the demo's day: its periods end with the one holding it
        first_day = _first_scan_day()
        if first_day is None:
            return
        cycle = _cycle(first_day, today)
        services.settings_update(
            by=manager,
            cycle=cycle,
            minimum_hourly_wage=Decimal(MINIMUM_HOURLY_WAGE.get(key, "20.00")),
            **{f"grade_{n}": Decimal(value) for n, value in enumerate(GRADES, 1)},
        )
        _rate_changes(factory, first_day, today, by=manager)
        spans = _periods(first_day, today, cycle)
        approved = spans[:-1]  # every half-month but today's has ended
        late = _take_out_late_scan(approved[-1], factory) if approved else None
        for n, (start, _end) in enumerate(spans):
            period = services.period_open(by=manager, day=start)
            if (start, _end) in approved:
                services.period_review(period=period, by=supervisor)
                result = services.period_approve(period=period, by=manager)
                if not result.approved:  # pragma: no cover - nothing changes meanwhile
                    raise RuntimeError(f"demo pay period {period} moved since review")
                if n == 0:
                    services.period_mark_paid(
                        period=result.period, by=manager, reference=_reference(factory, start)
                    )
        _backdate()
        draft = PayPeriod.objects.get(status=PeriodStatus.DRAFT)
        if late is not None:
            _arrives_late(late)
            _reverse_one(approved[-1], factory, not_of=late, by=supervisor)
        _adjustments(factory, draft, by=manager)


def _first_scan_day() -> dt.date | None:
    first = Scan.objects.order_by("scanned_at").values_list("scanned_at", flat=True).first()
    return timezone.localtime(first).date() if first else None


def _cycle(first_day: dt.date, today: dt.date) -> str:
    """Half-monthly, as most of the demo's region pays, when the history reaches three days
    into an ended half-month; otherwise (on a few days of each month) weekly, so that the
    demo always has a period approved and paid."""
    ended = _periods(first_day, today, PayCycle.SEMI_MONTHLY)[:-1]
    if ended and (ended[-1][1] - max(first_day, ended[-1][0])).days >= 2:
        return PayCycle.SEMI_MONTHLY
    return PayCycle.WEEKLY


def _periods(first_day: dt.date, today: dt.date, cycle: str) -> list[tuple[dt.date, dt.date]]:
    """The periods of `cycle` from the one of the first scan to today's."""
    spans = [period_days(first_day, cycle)]
    while spans[-1][1] < today:
        spans.append(period_days(spans[-1][1] + dt.timedelta(days=1), cycle))
    return spans


def _rate_changes(factory: FactoryData, first_day: dt.date, today: dt.date, *, by: Any) -> None:
    """Two operations of a style in production get a new rate: one early in the history (the
    approved half-month shows the split), one a few days ago."""
    style_id = (
        Scan.objects.filter(status=ScanStatus.CREDITED)
        .values_list("operation__style_id", flat=True)
        .order_by("operation__style_id")
        .first()
    )
    operations = list(Operation.objects.filter(style_id=style_id).order_by("sequence")[:2])
    days = [first_day + dt.timedelta(days=4), max(first_day, today - dt.timedelta(days=3))]
    for operation, day in zip(operations, days, strict=False):
        services.rate_set(
            operation=operation,
            effective_from=day,
            rate=(operation.piece_rate * RATE_RISE).quantize(Decimal("0.0001")),
            note="Heavier fabric from this lot / 本批面料加厚",
            by=by,
        )


def _reference(factory: FactoryData, start: dt.date) -> str:
    return f"{factory.spec.code}-PAY-{start:%Y%m}-{'A' if start.day == 1 else 'B'}"


def _in_period(span: tuple[dt.date, dt.date]) -> Any:
    """Credited scans of piece workers within the half-month, nothing pointing at them."""
    start, end = bounds(*span)
    return (
        Scan.objects.filter(
            status=ScanStatus.CREDITED,
            scanned_at__gte=start,
            scanned_at__lt=end,
            worker__pay_type=PayType.PIECE,
            corrections__isnull=True,
        )
        # NOT EXISTS, not NOT IN: PostgreSQL runs a NOT IN subquery once per row.
        .exclude(Exists(Scan.objects.filter(collided_with=OuterRef("pk"))))
        .order_by("scanned_at", "pk")
    )


def _take_out_late_scan(span: tuple[dt.date, dt.date], factory: FactoryData) -> Scan | None:
    """A scan of the half-month that, as it turns out, sat on an offline phone: it is held
    back (deleted) until after the approval and then arrives as it was."""
    scans = list(_in_period(span)[:400])
    if not scans:
        return None
    late = scans[factory.rng.randrange(len(scans))]
    late.delete()
    late.pk = None
    return late


def _arrives_late(late: Scan) -> None:
    late.received_at = timezone.now()
    late.source = ScanSource.MOBILE
    late.save(force_insert=True)


def _reverse_one(
    span: tuple[dt.date, dt.date], factory: FactoryData, *, not_of: Scan, by: Any
) -> None:
    """The supervisor takes back the credit of a bundle's last operation done in the
    approved half-month (the bundle's earlier operations stay credited)."""
    # Each bundle's latest credited scan, found in Python: one pass over the credits.
    latest: dict[int, tuple[dt.datetime, int]] = {}
    credits = Scan.objects.filter(status=ScanStatus.CREDITED).order_by()
    for pk, bundle_id, at in credits.values_list("pk", "bundle_id", "scanned_at"):
        if bundle_id not in latest or at > latest[bundle_id][0]:
            latest[bundle_id] = (at, pk)
    last_ones = {pk for _, pk in latest.values()}
    in_period = _in_period(span).exclude(bundle_id=not_of.bundle_id)
    ids = [pk for pk in in_period.values_list("pk", flat=True) if pk in last_ones][:200]
    if not ids:
        return
    candidates = list(Scan.objects.filter(pk__in=ids).select_related("bundle").order_by("pk"))
    scan = candidates[factory.rng.randrange(len(candidates))]
    scan_reverse(scan=scan, reason=REVERSE_REASON.format(bundle=scan.bundle.number), by=by)


def _adjustments(factory: FactoryData, draft: PayPeriod, *, by: Any) -> None:
    """A bonus, a rework deduction and a cash advance in the open period. Early in a period
    nobody has earned much yet: a deduction is then at most half of what its worker earned
    so far (and at least a token amount), so the period stays a payment."""
    workers = list(Worker.objects.filter(is_active=True, pay_type=PayType.PIECE).order_by("code"))
    picked = factory.rng.sample(workers, min(len(ADJUSTMENTS), len(workers)))
    earned = dict(PaySlip.objects.filter(period=draft).values_list("worker_id", "total"))
    for worker, (kind, listed, reason) in zip(picked, ADJUSTMENTS, strict=False):
        amount = Decimal(listed)
        if kind != AdjustmentKind.BONUS:
            half = (earned.get(worker.pk, Decimal(0)) / 2).quantize(Decimal("1"))
            amount = min(amount, max(half, TOKEN_DEDUCTION))
        services.adjustment_add(
            period=draft, worker=worker, kind=kind, amount=amount, reason=reason, by=by
        )


def _backdate() -> None:
    """Reviewed the morning after a half-month ends, approved that afternoon, paid two days
    later, as a factory office would (never later than now)."""
    now = timezone.now()
    tz = timezone.get_current_timezone()
    for period in PayPeriod.objects.exclude(status=PeriodStatus.DRAFT):
        after = period.end + dt.timedelta(days=1)

        def at(days: int, hour: int, after: dt.date = after) -> dt.datetime:
            moment = dt.datetime.combine(after + dt.timedelta(days=days), dt.time(hour), tz)
            return max(bounds(after, after)[0], min(moment, now - dt.timedelta(minutes=5)))

        period.reviewed_at, period.approved_at = at(0, 9), at(0, 15)
        fields = ["reviewed_at", "approved_at"]
        if period.status == PeriodStatus.PAID:
            period.paid_at = at(2, 11)
            fields.append("paid_at")
        period.save(update_fields=fields)
