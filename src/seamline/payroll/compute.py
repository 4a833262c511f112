"""Computing a pay period from the data chain.

For each worker of the factory:
- **pieces**: credited scans of the period's days x the rate of the scan's day x the
  worker's skill-grade multiplier, one line per operation x order x rate;
- **late pieces and reversals**: what changed since an earlier period was approved — scans
  that arrived after it locked, claims accepted after it, credits reversed after it — each
  priced as it was (a reversal takes back exactly the rate it was paid at) and shown with
  the period the work belonged to; approved totals never change;
- **hours**: attended minutes (clock-in to clock-out, less breaks) x the hourly rate, for
  workers paid by the hour;
- **minimum-wage top-up**: where this period's piece and hourly pay fall below the
  factory's minimum hourly wage x attended hours, the difference;
- **adjustments**: bonuses add, penalties, advances and deductions take off.

Rounding: every line is rounded half-up to the cent once; slips, the period total and the
register are sums of rounded lines, so they reconcile exactly.

Which scans a period paid is kept per scan (`SettledScan`) when the period is approved, so
a later period pays the difference between what a scan is worth now and what was paid for
it, and nothing is paid twice (the table allows one +1 and one -1 per scan).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import F, Q, Sum
from django.utils import timezone

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
    SettledScan,
)
from seamline.payroll.periods import bounds, day_start, local_day
from seamline.payroll.rates import RateBook, payroll_settings, to_cent
from seamline.shopfloor.choices import PayType, ScanStatus
from seamline.shopfloor.models import Attendance, Scan, ScanCorrection, Worker
from seamline.tenancy.context import require_tenant

ZERO = Decimal("0")
# A scan written in a transaction still open when a period was approved is not in it; no
# transaction stays open this long, so looking back this far from the approval finds them.
IN_FLIGHT_MARGIN = dt.timedelta(days=1)
CHUNK = 500  # ids per IN (...) list: SQLite allows a few hundred variables per statement

WORK_KINDS = frozenset({LineKind.PIECE, LineKind.TIME})
PIECE_KINDS = frozenset({LineKind.PIECE, LineKind.LATE, LineKind.REVERSAL})
CARRIED_KINDS = frozenset({LineKind.LATE, LineKind.REVERSAL})


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
    # Late pieces and reversals: the scans this line settles, and with which sign.
    scan_ids: list[int] = field(default_factory=list)
    sign: int = 1


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

    # Operations whose rate changes within the period: cut the period at every change day,
    # and join consecutive pieces of the same rate back into one line.
    cuts = sorted({day for days in changes.values() for day in days})
    days = [period.start, *cuts, period.end + dt.timedelta(days=1)]
    changed = credited.filter(operation_id__in=list(changes))
    runs: dict[tuple[int, int, int], list[list[Any]]] = defaultdict(list)
    for first, after in zip(days, days[1:], strict=False):
        seg_start, seg_end = day_start(first), day_start(after)
        for worker_id, operation_id, order_id, pieces in _piece_rows(changed, seg_start, seg_end):
            rate = book.rate(operation_id, first)
            key = (worker_id, operation_id, order_id)
            previous = runs[key][-1] if runs[key] else None
            if previous and previous[3] == rate and previous[1] == seg_start:
                previous[1] = seg_end
                previous[2] += pieces
            else:
                runs[key].append([seg_start, seg_end, pieces, rate])
    for (worker_id, operation_id, order_id), spans in runs.items():
        for seg_start, seg_end, pieces, rate in spans:
            _add_piece_line(
                ctx, worker_id, operation_id, order_id, pieces, rate, seg_start, seg_end
            )


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


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _carried_pieces(ctx: _Context) -> None:
    """Pay the difference between what scans of approved periods are worth now and what
    those periods paid for them."""
    locked = list(
        PayPeriod.objects.filter(status__in=LOCKED_STATUSES, start__lt=ctx.period.start).order_by(
            "start"
        )
    )
    if not locked:
        return
    since = max(p.approved_at for p in locked if p.approved_at) - IN_FLIGHT_MARGIN
    first, last = bounds(locked[0].start, locked[-1].end)
    corrected = ScanCorrection.objects.filter(at__gte=since).values("scan_id")
    candidates = list(
        ctx.mine(Scan.objects.filter(scanned_at__gte=first, scanned_at__lt=last))
        .filter(Q(received_at__gte=since) | Q(pk__in=corrected))
        .values_list(
            "pk", "worker_id", "operation_id", "order_id", "quantity", "scanned_at", "status"
        )
        .order_by()
    )
    paid = _paid_now([row[0] for row in candidates])
    grouped: dict[tuple[Any, ...], Line] = {}
    for scan_id, worker_id, operation_id, order_id, quantity, scanned_at, status in candidates:
        settled = paid.get(scan_id)
        owed = (1 if status == ScanStatus.CREDITED else 0) - (settled[0] if settled else 0)
        if owed == 1 and ctx.paid_by_piece(worker_id):
            day = local_day(scanned_at)
            rate, multiplier = ctx.book.rate(operation_id, day), ctx.multiplier(worker_id)
            origin = _containing(locked, day)
            kind = LineKind.LATE
        elif owed == -1 and settled is not None:
            _, rate, multiplier, origin = settled
            kind = LineKind.REVERSAL
        else:
            continue
        key = (worker_id, kind, operation_id, order_id, rate, multiplier, origin)
        line = grouped.get(key)
        if line is None:
            line = grouped[key] = Line(
                worker_id=worker_id,
                kind=kind,
                amount=ZERO,
                rate=rate,
                multiplier=multiplier,
                operation_id=operation_id,
                order_id=order_id,
                origin_id=origin,
                sign=owed,
            )
        line.pieces += owed * quantity
        line.scan_ids.append(scan_id)
    for line in grouped.values():
        assert line.rate is not None
        assert line.multiplier is not None
        line.amount = to_cent(line.pieces * line.rate * line.multiplier)
        ctx.payroll.slip(line.worker_id).lines.append(line)


def _paid_now(scan_ids: list[int]) -> dict[int, tuple[int, Decimal, Decimal, int]]:
    """Per scan: net sign settled so far, and the rate, multiplier and period it was paid in."""
    paid: dict[int, tuple[int, Decimal, Decimal, int]] = {}
    for chunk in _chunks(scan_ids):
        rows = SettledScan.objects.filter(scan_id__in=chunk).values_list(
            "scan_id", "sign", "line__rate", "line__multiplier", "line__period_id"
        )
        for scan_id, sign, rate, multiplier, period_id in rows:
            net, *paid_at = paid.get(scan_id, (0, rate, multiplier, period_id))
            if sign > 0:
                paid_at = [rate, multiplier, period_id]
            paid[scan_id] = (net + sign, paid_at[0], paid_at[1], paid_at[2])
    return paid


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
        guaranteed = to_cent(minimum * minutes / 60)
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


def store(payroll: Payroll) -> dict[int, list[tuple[Line, PayLine]]]:
    """Replace the period's slips and lines with `payroll`; returns the written lines."""
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
                total=slip.total,
            )
            for slip in payroll.slips.values()
        ]
    )
    slip_ids = {slip.worker_id: slip.pk for slip in slips}
    pairs = [
        (line, _row(line, tenant, period, slip_ids[worker_id]))
        for worker_id, slip in payroll.slips.items()
        for line in slip.lines
    ]
    PayLine.objects.bulk_create([row for _, row in pairs], batch_size=2000)
    written: dict[int, list[tuple[Line, PayLine]]] = defaultdict(list)
    for line, row in pairs:
        written[line.worker_id].append((line, row))
    period.total = payroll.total
    period.worker_count = len(payroll.slips)
    period.computed_at = timezone.now()
    period.save(update_fields=["total", "worker_count", "computed_at"])
    return written


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


def settle(period: PayPeriod, written: dict[int, list[tuple[Line, PayLine]]]) -> int:
    """Record, per scan, what the approved `period` paid; returns the number of scans.

    This period's pieces are matched to their lines in one INSERT ... SELECT (the scans the
    calculation read, which the caller guarantees by reading in one snapshot); late pieces
    and reversals are the scans the calculation listed.
    """
    tenant = require_tenant()
    scan_table, line_table = Scan._meta.db_table, PayLine._meta.db_table
    settled_table = SettledScan._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # Table names come from the models, never from input.
            f"""
            INSERT INTO {settled_table} (tenant_id, scan_id, line_id, sign)
            SELECT s.tenant_id, s.id, l.id, 1
            FROM {line_table} l
            JOIN {scan_table} s
              ON s.tenant_id = l.tenant_id AND s.worker_id = l.worker_id
             AND s.operation_id = l.operation_id AND s.order_id = l.order_id
             AND s.scanned_at >= l.work_start AND s.scanned_at < l.work_end
            WHERE l.tenant_id = %s AND l.period_id = %s AND l.kind = %s AND s.status = %s
            """,  # noqa: S608
            [tenant.pk, period.pk, LineKind.PIECE.value, ScanStatus.CREDITED.value],
        )
        count = cursor.rowcount
    carried = [
        SettledScan(tenant=tenant, scan_id=scan_id, line=row, sign=line.sign)
        for pairs in written.values()
        for line, row in pairs
        for scan_id in line.scan_ids
    ]
    SettledScan.objects.bulk_create(carried, batch_size=2000)
    _check_settled(period)
    return count + len(carried)


class SettlementMismatch(RuntimeError):
    """The scans settled do not add up to the lines approved: nothing is written."""


def _check_settled(period: PayPeriod) -> None:
    """Every piece line's pieces equal the pieces of the scans settled against it."""
    expected = dict(
        PayLine.objects.filter(period=period, kind__in=PIECE_KINDS).values_list("pk", "pieces")
    )
    settled = dict(
        SettledScan.objects.filter(line__period=period)
        .values_list("line_id")
        .annotate(n=Sum(F("scan__quantity") * F("sign")))
        .order_by()
    )
    wrong = [pk for pk, pieces in expected.items() if settled.get(pk, 0) != pieces]
    if wrong or set(settled) - set(expected):
        raise SettlementMismatch(f"{len(wrong)} lines do not match the scans settled for them")
