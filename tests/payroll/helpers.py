"""Small helpers for payroll tests: scans on given days, and an oracle priced by hand.

The oracle reads only scans, attendance and adjustments (never payroll's own code) and
prices them by the rules: pieces x the rate of the scan's day x the grade multiplier, one
line per worker x operation x order x rate, each line rounded half-up to the cent once.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from seamline.payroll import services
from seamline.payroll.choices import PeriodStatus
from seamline.payroll.models import PayLine, PayPeriod, PaySlip
from seamline.shopfloor.choices import PayType, ScanStatus
from seamline.shopfloor.models import Attendance, Scan, Worker
from seamline.shopfloor.scanning import ScanInput, ScanResult, record_scans
from tests.cutting.factories import CutOrder

D = Decimal
CENT = D("0.01")
_ids = itertools.count(1)


def cent(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """`hour:minute` of `day` in the active time zone (the factory's)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def scan_input(cut: CutOrder, bundle: int, op: int, worker: Worker, when: dt.datetime) -> ScanInput:
    """Operation sequence `op` on the cut order's `bundle`-th bundle (0-based) by `worker`."""
    return ScanInput(
        client_id=f"t{next(_ids)}",
        bundle=cut.bundles[bundle].number,
        operation=op,
        worker=worker.code,
        scanned_at=when,
    )


def scan(
    cut: CutOrder, bundle: int, op: int, worker: Worker, day: dt.date, *, expect: str = "credited"
) -> Scan:
    (result,) = record_scans([scan_input(cut, bundle, op, worker, at(day))])
    assert result.status == expect, result
    return Scan.objects.get(pk=result.scan_id)


def record(items: Sequence[ScanInput]) -> list[ScanResult]:
    results = record_scans(list(items)) if items else []
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    return results


def attend(
    worker: Worker, day: dt.date, minutes: int | None, *, break_minutes: int = 0
) -> Attendance:
    """A day clocked in at 08:00 for `minutes` (plus the break); None = never clocked out."""
    clock_in = at(day, 8)
    clock_out = (
        None if minutes is None else clock_in + dt.timedelta(minutes=minutes + break_minutes)
    )
    return Attendance.objects.create(
        worker=worker,
        day=day,
        clock_in=clock_in,
        clock_out=clock_out,
        break_minutes=break_minutes,
    )


def approve(period: PayPeriod) -> PayPeriod:
    """Review (if still a draft) and approve `period`; it must not have moved in between."""
    period.refresh_from_db()
    if period.status == PeriodStatus.DRAFT:
        services.period_review(period=period, by=None)
    approval = services.period_approve(period=period, by=None)
    assert approval.approved, approval.changes
    period.refresh_from_db()
    assert period.status == PeriodStatus.APPROVED
    return period


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# --- the oracle ----------------------------------------------------------------------------


@dataclass
class Rates:
    """Bulletin rates and dated changes, kept by the test as it makes them."""

    bulletin: dict[int, Decimal]
    changes: dict[int, list[tuple[dt.date, Decimal]]] = field(default_factory=dict)

    def set(self, operation_id: int, day: dt.date, rate: Decimal) -> None:
        days = dict(self.changes.get(operation_id, []))
        days[day] = rate
        self.changes[operation_id] = sorted(days.items())

    def of(self, operation_id: int, day: dt.date) -> Decimal:
        rate = self.bulletin[operation_id]
        for since, dated in self.changes.get(operation_id, []):
            if since <= day:
                rate = dated
        return rate


PieceKey = tuple[int, int, int, Decimal]  # worker, operation, order, rate


def expected_piece_lines(
    start: dt.date, end: dt.date, rates: Rates, multipliers: dict[int, Decimal]
) -> dict[PieceKey, tuple[int, Decimal]]:
    """(worker, operation, order, rate) -> (pieces, amount) of the period's credited scans of
    piece workers (`multipliers` holds exactly those workers)."""
    pieces: dict[PieceKey, int] = defaultdict(int)
    for scan_ in Scan.objects.filter(status=ScanStatus.CREDITED):
        day = local_day(scan_.scanned_at)
        if scan_.worker_id not in multipliers or not start <= day <= end:
            continue
        key = (
            scan_.worker_id,
            scan_.operation_id,
            scan_.order_id,
            rates.of(scan_.operation_id, day),
        )
        pieces[key] += scan_.quantity
    return {key: (n, cent(n * key[3] * multipliers[key[0]])) for key, n in pieces.items() if n}


def actual_piece_lines(
    period: PayPeriod, kinds: Iterable[str] = ("piece",)
) -> dict[PieceKey, list[tuple[int, Decimal]]]:
    found: dict[PieceKey, list[tuple[int, Decimal]]] = defaultdict(list)
    for line in PayLine.objects.filter(period=period, kind__in=list(kinds)):
        assert line.operation_id is not None
        assert line.order_id is not None
        assert line.rate is not None
        found[(line.worker_id, line.operation_id, line.order_id, line.rate)].append(
            (line.pieces, line.amount)
        )
    return dict(found)


@dataclass
class ExpectedSlip:
    piece_pay: Decimal = D("0.00")
    time_pay: Decimal = D("0.00")
    topup: Decimal = D("0.00")
    adjustments: Decimal = D("0.00")
    attended_minutes: int = 0
    open_days: int = 0

    @property
    def total(self) -> Decimal:
        return self.piece_pay + self.time_pay + self.topup + self.adjustments


def expected_slips(
    period: PayPeriod,
    *,
    rates: Rates,
    workers: Sequence[Worker],
    multipliers: dict[int, Decimal],
    minimum: Decimal,
    adjustments: Iterable[tuple[int, str, Decimal]],
) -> dict[int, ExpectedSlip]:
    """Every worker's slip of a period without carried pieces, priced by hand."""
    slips = {w.pk: ExpectedSlip() for w in workers}
    piece_workers = {w.pk: multipliers[w.pk] for w in workers if w.pay_type == PayType.PIECE}
    for (worker_id, *_rest), (_n, amount) in expected_piece_lines(
        period.start, period.end, rates, piece_workers
    ).items():
        slips[worker_id].piece_pay += amount
    for row in Attendance.objects.filter(day__gte=period.start, day__lte=period.end):
        if row.clock_out is None:
            slips[row.worker_id].open_days += 1
        else:
            worked = (row.clock_out - row.clock_in) // dt.timedelta(minutes=1)
            slips[row.worker_id].attended_minutes += max(0, worked - row.break_minutes)
    for worker in workers:
        slip = slips[worker.pk]
        minutes = slip.attended_minutes
        if worker.pay_type == PayType.HOURLY and minutes:
            slip.time_pay = cent(worker.hourly_rate * minutes / 60)
        if minimum > 0 and minutes:
            owed = cent(minimum * minutes / 60) - slip.piece_pay - slip.time_pay
            slip.topup = max(owed, D("0.00"))
    for worker_id, kind, amount in adjustments:
        slips[worker_id].adjustments += amount if kind == "bonus" else -amount
    return slips


def slip_parts(period: PayPeriod) -> dict[int, tuple[Any, ...]]:
    """worker -> every stored figure of its slip (to show that nothing moved)."""
    return {
        s.worker_id: (
            s.pieces,
            s.attended_minutes,
            s.open_days,
            s.piece_pay,
            s.carried_pay,
            s.time_pay,
            s.topup,
            s.adjustments,
            s.total,
        )
        for s in PaySlip.objects.filter(period=period)
    }


def line_rows(period: PayPeriod) -> list[tuple[Any, ...]]:
    return sorted(
        PayLine.objects.filter(period=period).values_list(
            "pk",
            "worker_id",
            "kind",
            "operation_id",
            "order_id",
            "origin_id",
            "pieces",
            "rate",
            "multiplier",
            "minutes",
            "amount",
        )
    )
