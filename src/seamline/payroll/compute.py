"""Computing a pay period from the data chain.

For each worker of the factory:
- **pieces**: credited scans of the period's days x the rate of the scan's day x the
  worker's skill-grade multiplier, one line per operation x order x rate span;
- **late pieces and reversals**: what changed since an earlier period was approved — scans
  that arrived after it locked, claims accepted after it, credits reversed after it — as the
  difference in pieces between what each approved span holds now and what was paid for it,
  at the rate it was paid at, shown with the period the work belonged to; approved totals
  never change;
- **hours**: attended minutes (clock-in to clock-out, less breaks) x the hourly rate, for
  workers paid by the hour;
- **minimum-wage top-up**: where this period's piece and hourly pay fall below the
  factory's minimum hourly wage x attended hours, the difference;
- **quality deduction** (when the factory sets a deduction per defect): defects of the
  counted severities attributed to the worker by inspections on the period's days x the
  deduction, limited to 20 % of the slip's gross pay and to what stays above the
  guaranteed minimum;
- **adjustments**: bonuses add, penalties, advances and deductions take off.

Rounding: every line is rounded half-up to the cent once; slips, the period total and the
register are sums of rounded lines, so they reconcile exactly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import ngettext

from seamline.payroll.choices import (
    ADDING_ADJUSTMENTS,
    LOCKED_STATUSES,
    LineKind,
)
from seamline.payroll.models import (
    Adjustment,
    PayLine,
    PayPeriod,
    PayrollSettings,
    PaySlip,
)
from seamline.payroll.periods import bounds, day_start, local_day
from seamline.payroll.rates import RateBook, guaranteed_pay, payroll_settings, to_cent
from seamline.quality.models import InspectionDefect
from seamline.shopfloor.attendance import factory_zone
from seamline.shopfloor.choices import PayType, ScanStatus
from seamline.shopfloor.models import Attendance, Scan, ScanCorrection, Worker
from seamline.tenancy.context import require_tenant

ZERO = Decimal("0")
ONE_DAY = dt.timedelta(days=1)
Span = tuple[dt.datetime, dt.datetime]  # [start, end) of scan times
# A scan written in a transaction still open when a period was approved is not in it; no
# transaction stays open this long, so looking back this far from the approval finds them.
IN_FLIGHT_MARGIN = dt.timedelta(days=1)

WORK_KINDS = frozenset({LineKind.PIECE, LineKind.TIME})
PIECE_KINDS = frozenset({LineKind.PIECE, LineKind.LATE, LineKind.REVERSAL})
CARRIED_KINDS = frozenset({LineKind.LATE, LineKind.REVERSAL})
# What a worker earned in the period before deductions: the quality cap is a share of it.
GROSS_KINDS = frozenset({*WORK_KINDS, *CARRIED_KINDS, LineKind.TOPUP})
# Deductions for damage may take at most this share of the period's gross pay.
QUALITY_CAP_SHARE = Decimal("0.20")


@dataclass
class Line:
    worker_id: int
    kind: str
    amount: Decimal
    pieces: int = 0
    minutes: int = 0
    rate: Decimal | None = None
    multiplier: Decimal | None = None
    operation_id: int | None = None
    order_id: int | None = None
    origin_id: int | None = None
    adjustment_id: int | None = None
    work_start: dt.datetime | None = None
    work_end: dt.datetime | None = None
    description: str = ""


@dataclass
class Slip:
    worker_id: int
    lines: list[Line] = field(default_factory=list)
    attended_minutes: int = 0
    open_days: int = 0

    def sum_of(self, kinds: Iterable[str]) -> Decimal:
        wanted = frozenset(kinds)
        return sum((line.amount for line in self.lines if line.kind in wanted), ZERO)

    @property
    def pieces(self) -> int:
        return sum(line.pieces for line in self.lines if line.kind in PIECE_KINDS)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass
class Payroll:
    period: PayPeriod
    slips: dict[int, Slip] = field(default_factory=dict)

    def slip(self, worker_id: int) -> Slip:
        if worker_id not in self.slips:
            self.slips[worker_id] = Slip(worker_id)
        return self.slips[worker_id]

    @property
    def total(self) -> Decimal:
        return sum((slip.total for slip in self.slips.values()), ZERO)

    def totals_by_worker(self) -> dict[int, Decimal]:
        return {worker_id: slip.total for worker_id, slip in self.slips.items()}


@dataclass
class _Context:
    period: PayPeriod
    settings: PayrollSettings
    workers: dict[int, Worker]
    book: RateBook
    payroll: Payroll
    only: Worker | None = None

    def mine(self, rows: Any) -> Any:
        """`rows` of the one worker asked about, or everyone's."""
        return rows if self.only is None else rows.filter(worker_id=self.only.pk)

    def multiplier(self, worker_id: int) -> Decimal:
        return self.settings.multiplier(self.workers[worker_id].skill_grade)

    def paid_by_piece(self, worker_id: int) -> bool:
        return self.workers[worker_id].pay_type == PayType.PIECE


def calculate(period: PayPeriod, *, worker: Worker | None = None) -> Payroll:
    """Every worker's pay for `period` (or only `worker`'s), from the data as it stands now;
    nothing is written."""
    workers = Worker.objects.only("pk", "code", "pay_type", "skill_grade", "hourly_rate")
    if worker is not None:
        workers = workers.filter(pk=worker.pk)
    ctx = _Context(
        period=period,
        settings=payroll_settings(),
        workers={w.pk: w for w in workers},
        book=RateBook.load(),
        payroll=Payroll(period),
        only=worker,
    )
    _period_pieces(ctx)
    _carried_pieces(ctx)
    attended = _attendance(ctx)
    _hours(ctx, attended)
    _topups(ctx, attended)
    _quality(ctx, attended)
    _adjustments(ctx)
    return ctx.payroll


# --- this period's pieces ------------------------------------------------------------------


def _piece_rows(
    scans: Any, start: dt.datetime, end: dt.datetime
) -> Iterator[tuple[int, int, int, int]]:
    """(worker, operation, order, pieces) of credited scans in [start, end)."""
    yield from (
        scans.filter(scanned_at__gte=start, scanned_at__lt=end)
        .values_list("worker_id", "operation_id", "order_id")
        .annotate(pieces=Sum("quantity"))
        .order_by()
    )


def _period_pieces(ctx: _Context) -> None:
    period, book = ctx.period, ctx.book
    start, end = bounds(period.start, period.end)
    hourly = [pk for pk in ctx.workers if not ctx.paid_by_piece(pk)]
    credited = ctx.mine(Scan.objects.filter(status=ScanStatus.CREDITED)).exclude(
        worker_id__in=hourly
    )
    changes = book.changes_within(period.start, period.end)

    # Operations whose rate holds all period long: one line per worker x operation x order.
    steady = credited.exclude(operation_id__in=list(changes))
    for worker_id, operation_id, order_id, pieces in _piece_rows(steady, start, end):
        rate = book.rate(operation_id, period.start)
        _add_piece_line(ctx, worker_id, operation_id, order_id, pieces, rate, start, end)
    if not changes:
        return

    # Operations whose rate changes within the period: one line per span of one rate. The
    # scans are read per segment between any two change days, each segment inside one span.
    cuts = sorted({day for days in changes.values() for day in days})
    days = [period.start, *cuts, period.end + dt.timedelta(days=1)]
    changed = credited.filter(operation_id__in=list(changes))
    pieces_of: dict[tuple[int, int, int, Span], int] = defaultdict(int)
    rate_of: dict[tuple[int, Span], Decimal] = {}  # operation x span: its rate there
    for first, after in zip(days, days[1:], strict=False):
        rows = _piece_rows(changed, day_start(first), day_start(after))
        for worker_id, operation_id, order_id, pieces in rows:
            span, rate = _op_span(book, operation_id, period, first)
            pieces_of[(worker_id, operation_id, order_id, span)] += pieces
            rate_of[(operation_id, span)] = rate
    for (worker_id, operation_id, order_id, span), pieces in pieces_of.items():
        rate = rate_of[(operation_id, span)]
        _add_piece_line(ctx, worker_id, operation_id, order_id, pieces, rate, span[0], span[1])


def _op_span(
    book: RateBook, operation_id: int, period: PayPeriod, day: dt.date
) -> tuple[Span, Decimal]:
    """The span of `period` around `day` in which the operation's rate stays the same, and
    that rate: the period cut at the operation's own change days to a different rate."""
    after_end = period.end + dt.timedelta(days=1)
    changes = book.changes_of(operation_id, period.start, period.end)
    rate = book.rate(operation_id, day)
    start, after = period.start, after_end
    for change in changes:
        if book.rate(operation_id, change) == book.rate(operation_id, change - ONE_DAY):
            continue  # a dated rate equal to the one before: no cut
        if change <= day:
            start = change
        elif after == after_end:
            after = change
    return (day_start(start), day_start(after)), rate


def _add_piece_line(
    ctx: _Context,
    worker_id: int,
    operation_id: int,
    order_id: int,
    pieces: int,
    rate: Decimal,
    start: dt.datetime,
    end: dt.datetime,
) -> None:
    multiplier = ctx.multiplier(worker_id)
    ctx.payroll.slip(worker_id).lines.append(
        Line(
            worker_id=worker_id,
            kind=LineKind.PIECE,
            amount=to_cent(pieces * rate * multiplier),
            pieces=pieces,
            rate=rate,
            multiplier=multiplier,
            operation_id=operation_id,
            order_id=order_id,
            work_start=start,
            work_end=end,
        )
    )


# --- late pieces and reversals from approved periods ---------------------------------------
#
# An approved period's piece line pays the credited scans of one worker x operation x order
# within a span of time (its rate's span). What the work of that span is worth can change
# after approval: a scan arrives late, a claim is accepted, a credit is reversed. The earliest
# open period pays the difference in pieces between what the span holds now and what every
# approved period has paid for it, at the rate and multiplier it was paid at (or, for a span
# nothing was paid for yet, at the rate of its days and the worker's multiplier now).

SpanKey = tuple[int, int, int, int]  # worker, operation, order, origin period


@dataclass
class _Paid:
    pieces: int = 0
    rate: Decimal | None = None
    multiplier: Decimal | None = None


def _carried_pieces(ctx: _Context) -> None:
    period = ctx.period
    if (
        PayPeriod.objects.filter(start__lt=period.start)
        .exclude(status__in=LOCKED_STATUSES)
        .exists()
    ):
        return  # an earlier open period carries them
    locked = list(
        PayPeriod.objects.filter(status__in=LOCKED_STATUSES, start__lt=period.start).order_by(
            "start"
        )
    )
    if not locked:
        return
    changed = _changed_scans(ctx, locked)
    touched = {change.key for change in changed}
    if not touched:
        return
    origins = {p.pk: p for p in locked if p.pk in {key[3] for key in touched}}
    workers = {key[0] for key in touched}
    operations = {key[1] for key in touched}
    paid = _paid_spans(origins, workers, operations, touched)

    def span_of(key: SpanKey, day: dt.date) -> Span:
        moment = day_start(day)
        inside = (s for s in paid.get(key, {}) if s[0] <= moment < s[1])
        return next(inside, None) or _op_span(ctx.book, key[1], origins[key[3]], day)[0]

    now = _credited_now(ctx.book, origins, workers, operations, touched, span_of)
    added: dict[tuple[SpanKey, Span], int] = defaultdict(int)
    taken: dict[tuple[SpanKey, Span], int] = defaultdict(int)
    for change in changed:
        where = (change.key, span_of(change.key, change.day))
        (added if change.credited else taken)[where] += change.quantity
    for key in sorted(touched):
        for span in sorted(set(paid.get(key, {})) | set(now.get(key, {}))):
            before = paid.get(key, {}).get(span)
            owed = now.get(key, {}).get(span, 0) - (before.pieces if before else 0)
            if owed == 0:
                continue
            worker_id, operation_id = key[0], key[1]
            if before is not None and before.rate is not None:
                rate, multiplier = before.rate, before.multiplier or Decimal("1")
            elif ctx.paid_by_piece(worker_id):
                rate = ctx.book.rate(operation_id, local_day(span[0]))
                multiplier = ctx.multiplier(worker_id)
            else:
                continue  # paid by the hour, and never paid for these pieces
            plus, minus = added[(key, span)], taken[(key, span)]
            # Late pieces and reversals apart when the scans changed since approval account
            # for the whole difference; otherwise (a scan in flight at approval) the net.
            parts = [plus, -minus] if plus and minus and plus - minus == owed else [owed]
            for pieces in parts:
                _add_carried_line(ctx, key, span, pieces, rate, multiplier)


def _add_carried_line(
    ctx: _Context, key: SpanKey, span: Span, pieces: int, rate: Decimal, multiplier: Decimal
) -> None:
    worker_id, operation_id, order_id, origin_id = key
    ctx.payroll.slip(worker_id).lines.append(
        Line(
            worker_id=worker_id,
            kind=LineKind.LATE if pieces > 0 else LineKind.REVERSAL,
            amount=to_cent(pieces * rate * multiplier),
            pieces=pieces,
            rate=rate,
            multiplier=multiplier,
            operation_id=operation_id,
            order_id=order_id,
            origin_id=origin_id,
            work_start=span[0],
            work_end=span[1],
        )
    )


@dataclass(frozen=True)
class _Change:
    key: SpanKey
    day: dt.date
    quantity: int
    credited: bool  # credited now (arrived or accepted since); otherwise reversed since


def _changed_scans(ctx: _Context, locked: list[PayPeriod]) -> list[_Change]:
    """Scans of approved periods that changed since the latest approval: received since,
    or corrected since; by worker x operation x order x the approved period of their day."""
    since = max(p.approved_at for p in locked if p.approved_at) - IN_FLIGHT_MARGIN
    first, last = bounds(locked[0].start, locked[-1].end)
    in_locked = ctx.mine(Scan.objects.filter(scanned_at__gte=first, scanned_at__lt=last))
    fields = ("pk", "worker_id", "operation_id", "order_id", "scanned_at", "quantity", "status")
    # Two queries, not one with OR: each then uses its own index.
    received = in_locked.filter(received_at__gte=since).values_list(*fields).order_by()
    corrected = (
        in_locked.filter(pk__in=ScanCorrection.objects.filter(at__gte=since).values("scan_id"))
        .values_list(*fields)
        .order_by()
    )
    seen: set[int] = set()
    changes = []
    for pk, worker_id, operation_id, order_id, scanned_at, quantity, status in [
        *received,
        *corrected,
    ]:
        day = local_day(scanned_at)
        origin = _containing(locked, day)
        if pk in seen or origin is None or worker_id not in ctx.workers:
            continue
        seen.add(pk)
        changes.append(
            _Change(
                key=(worker_id, operation_id, order_id, origin),
                day=day,
                quantity=quantity if status in (ScanStatus.CREDITED, ScanStatus.REVERSED) else 0,
                credited=status == ScanStatus.CREDITED,
            )
        )
    return changes


def _paid_spans(
    origins: dict[int, PayPeriod], workers: set[int], operations: set[int], touched: set[SpanKey]
) -> dict[SpanKey, dict[Span, _Paid]]:
    """Pieces approved periods paid per span of the touched keys, and at what rate."""
    rows = (
        PayLine.objects.filter(
            period__status__in=LOCKED_STATUSES,
            kind__in=PIECE_KINDS,
            worker_id__in=workers,
            operation_id__in=operations,
        )
        .filter(
            Q(kind=LineKind.PIECE, period_id__in=list(origins)) | Q(origin_id__in=list(origins))
        )
        .values_list(
            "worker_id",
            "operation_id",
            "order_id",
            "kind",
            "period_id",
            "origin_id",
            "work_start",
            "work_end",
            "pieces",
            "rate",
            "multiplier",
        )
        .order_by("pk")
    )
    paid: dict[SpanKey, dict[Span, _Paid]] = defaultdict(dict)
    for (
        worker_id,
        operation_id,
        order_id,
        kind,
        period_id,
        origin_id,
        start,
        end,
        pieces,
        rate,
        multiplier,
    ) in rows:
        key = (
            worker_id,
            operation_id,
            order_id,
            period_id if kind == LineKind.PIECE else origin_id,
        )
        if key not in touched or start is None or end is None:
            continue
        entry = paid[key].setdefault((start, end), _Paid())
        entry.pieces += pieces
        if entry.rate is None or kind == LineKind.PIECE:
            entry.rate, entry.multiplier = rate, multiplier
    return paid


def _credited_now(
    book: RateBook,
    origins: dict[int, PayPeriod],
    workers: set[int],
    operations: set[int],
    touched: set[SpanKey],
    span_of: Callable[[SpanKey, dt.date], Span],
) -> dict[SpanKey, dict[Span, int]]:
    """Pieces credited now per span of the touched keys. An operation whose rate holds all
    through an approved period has one span there: its pieces are summed in one query; the
    others are summed per day and put in their spans."""
    tz = factory_zone()
    now: dict[SpanKey, dict[Span, int]] = defaultdict(lambda: defaultdict(int))
    credited = Scan.objects.filter(
        status=ScanStatus.CREDITED, worker_id__in=workers, operation_id__in=operations
    )
    for origin in origins.values():
        start, end = bounds(origin.start, origin.end)
        in_origin = credited.filter(scanned_at__gte=start, scanned_at__lt=end)
        changing = [op for op in operations if book.changes_of(op, origin.start, origin.end)]
        steady = in_origin.exclude(operation_id__in=changing)
        for worker_id, operation_id, order_id, pieces in _piece_rows(steady, start, end):
            key = (worker_id, operation_id, order_id, origin.pk)
            if key in touched:
                now[key][span_of(key, origin.start)] += pieces
        if not changing:
            continue
        rows = (
            in_origin.filter(operation_id__in=changing)
            .annotate(day=TruncDate("scanned_at", tzinfo=tz))
            .values_list("worker_id", "operation_id", "order_id", "day")
            .annotate(pieces=Sum("quantity"))
            .order_by()
        )
        for worker_id, operation_id, order_id, day, pieces in rows:
            key = (worker_id, operation_id, order_id, origin.pk)
            if key in touched:
                now[key][span_of(key, day)] += pieces
    return now


def _containing(periods: list[PayPeriod], day: dt.date) -> int | None:
    for period in periods:
        if period.start <= day <= period.end:
            return period.pk
    return None


# --- hours, top-ups, adjustments -----------------------------------------------------------


@dataclass
class _Attended:
    minutes: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    open_days: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _attendance(ctx: _Context) -> _Attended:
    attended = _Attended()
    rows = ctx.mine(
        Attendance.objects.filter(day__gte=ctx.period.start, day__lte=ctx.period.end)
    ).values_list("worker_id", "clock_in", "clock_out", "break_minutes")
    for worker_id, clock_in, clock_out, break_minutes in rows:
        if clock_out is None:
            attended.open_days[worker_id] += 1
            continue
        minutes = int((clock_out - clock_in).total_seconds() // 60) - break_minutes
        attended.minutes[worker_id] += max(0, minutes)
    for worker_id, minutes in attended.minutes.items():
        slip = ctx.payroll.slip(worker_id)
        slip.attended_minutes = minutes
    for worker_id, days in attended.open_days.items():
        ctx.payroll.slip(worker_id).open_days = days
    return attended


def _hours(ctx: _Context, attended: _Attended) -> None:
    for worker_id, minutes in attended.minutes.items():
        worker = ctx.workers.get(worker_id)
        if worker is None or worker.pay_type != PayType.HOURLY or minutes <= 0:
            continue
        ctx.payroll.slip(worker_id).lines.append(
            Line(
                worker_id=worker_id,
                kind=LineKind.TIME,
                amount=to_cent(worker.hourly_rate * minutes / 60),
                minutes=minutes,
                rate=worker.hourly_rate,
            )
        )


def _topups(ctx: _Context, attended: _Attended) -> None:
    minimum = ctx.settings.minimum_hourly_wage
    if minimum <= 0:
        return
    for worker_id, minutes in attended.minutes.items():
        if minutes <= 0:
            continue
        slip = ctx.payroll.slip(worker_id)
        guaranteed = guaranteed_pay(minimum, minutes)
        earned = slip.sum_of(WORK_KINDS)
        if earned < guaranteed:
            slip.lines.append(
                Line(
                    worker_id=worker_id,
                    kind=LineKind.TOPUP,
                    amount=guaranteed - earned,
                    minutes=minutes,
                    rate=minimum,
                )
            )


def _quality(ctx: _Context, attended: _Attended) -> None:
    """The quality rule: per worker, defects of the counted severities attributed to them on
    the period's days x the deduction per defect.

    It comes after the minimum-wage guarantee, not before: taken before, the top-up would
    refill it and hide it, and the slip would no longer show what the rule took. Chinese
    provinces' rules on deductions for damage say they may take at most 20 % of the month's
    pay and never bring pay below the minimum wage, so the deduction is limited to 20 % of
    the slip's gross pay (work, carried pieces and top-up) and to what that gross pay holds
    above the guaranteed minimum (minimum hourly wage x attended hours). A defect recorded
    after a period was approved has a later inspection time, so it falls into the open
    period of its day; approved periods never change.
    """
    rate = ctx.settings.defect_deduction
    severities = list(ctx.settings.defect_deduction_severities or [])
    if rate <= 0 or not severities:
        return
    start, end = bounds(ctx.period.start, ctx.period.end)
    counted = (
        ctx.mine(InspectionDefect.objects.filter(worker_id__in=list(ctx.workers)))
        .filter(inspected_at__gte=start, inspected_at__lt=end, severity__in=severities)
        .values_list("worker_id")
        .annotate(n=Sum("count"))
        .order_by("worker_id")
    )
    minimum = ctx.settings.minimum_hourly_wage
    for worker_id, count in counted:
        if not count:
            continue
        slip = ctx.payroll.slip(worker_id)
        gross = slip.sum_of(GROSS_KINDS)
        minutes = attended.minutes.get(worker_id, 0)
        guaranteed = guaranteed_pay(minimum, minutes) if minimum > 0 else ZERO
        full = to_cent(count * rate)
        share_cap = (gross * QUALITY_CAP_SHARE).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        cap = max(ZERO, min(share_cap, gross - guaranteed))
        amount = min(full, cap)
        values = {
            "count": count,
            "rate": rate,
            "full": full,
            "cap": to_cent(cap),
            "gross": gross,
            "guaranteed": guaranteed,
        }
        if amount < full and cap == share_cap:
            note = ngettext(
                "%(count)s defect × %(rate)s = %(full)s, limited to %(cap)s "
                "(20 %% of gross pay %(gross)s)",
                "%(count)s defects × %(rate)s = %(full)s, limited to %(cap)s "
                "(20 %% of gross pay %(gross)s)",
                count,
            )
        elif amount < full:
            note = ngettext(
                "%(count)s defect × %(rate)s = %(full)s, limited to %(cap)s "
                "(gross pay %(gross)s may not fall below the minimum %(guaranteed)s)",
                "%(count)s defects × %(rate)s = %(full)s, limited to %(cap)s "
                "(gross pay %(gross)s may not fall below the minimum %(guaranteed)s)",
                count,
            )
        else:
            note = ngettext("%(count)s defect × %(rate)s", "%(count)s defects × %(rate)s", count)
        slip.lines.append(
            Line(
                worker_id=worker_id,
                kind=LineKind.QUALITY,
                amount=ZERO - amount,
                rate=rate,
                description=note % values,
            )
        )


def _adjustments(ctx: _Context) -> None:
    for adjustment in ctx.mine(Adjustment.objects.filter(period=ctx.period)).order_by("pk"):
        sign = 1 if adjustment.kind in ADDING_ADJUSTMENTS else -1
        ctx.payroll.slip(adjustment.worker_id).lines.append(
            Line(
                worker_id=adjustment.worker_id,
                kind=LineKind.ADJUSTMENT,
                amount=sign * adjustment.amount,
                adjustment_id=adjustment.pk,
                description=adjustment.reason,
            )
        )


# --- writing a computed period -------------------------------------------------------------


def store(payroll: Payroll) -> None:
    """Replace the period's slips and lines with `payroll`."""
    period, tenant = payroll.period, require_tenant()
    PayLine.objects.filter(period=period).delete()
    PaySlip.objects.filter(period=period).delete()
    slips = PaySlip.objects.bulk_create(
        [
            PaySlip(
                tenant=tenant,
                period=period,
                worker_id=slip.worker_id,
                pieces=slip.pieces,
                attended_minutes=slip.attended_minutes,
                open_days=slip.open_days,
                piece_pay=slip.sum_of([LineKind.PIECE]),
                carried_pay=slip.sum_of(CARRIED_KINDS),
                time_pay=slip.sum_of([LineKind.TIME]),
                topup=slip.sum_of([LineKind.TOPUP]),
                adjustments=slip.sum_of([LineKind.ADJUSTMENT]),
                quality=slip.sum_of([LineKind.QUALITY]),
                total=slip.total,
            )
            for slip in payroll.slips.values()
        ]
    )
    slip_ids = {slip.worker_id: slip.pk for slip in slips}
    PayLine.objects.bulk_create(
        [
            _row(line, tenant, period, slip_ids[worker_id])
            for worker_id, slip in payroll.slips.items()
            for line in slip.lines
        ],
        batch_size=2000,
    )
    period.total = payroll.total
    period.worker_count = len(payroll.slips)
    period.computed_at = timezone.now()
    period.save(update_fields=["total", "worker_count", "computed_at"])


def _row(line: Line, tenant: Any, period: PayPeriod, slip_id: int) -> PayLine:
    return PayLine(
        tenant=tenant,
        slip_id=slip_id,
        period=period,
        worker_id=line.worker_id,
        kind=line.kind,
        operation_id=line.operation_id,
        order_id=line.order_id,
        adjustment_id=line.adjustment_id,
        origin_id=line.origin_id,
        work_start=line.work_start,
        work_end=line.work_end,
        pieces=line.pieces,
        rate=line.rate,
        multiplier=line.multiplier,
        minutes=line.minutes,
        amount=line.amount,
        description=line.description[:300],
    )
