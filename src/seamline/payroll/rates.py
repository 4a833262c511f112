"""Which piece rate applies to an operation on a day, and what a worker's pieces earn.

The bulletin's rate (`Operation.piece_rate`) applies until the operation's first dated
rate; each `OperationRate` applies from its day until the next one. A worker's skill-grade
multiplier scales the rate. Amounts are exact Decimals here; lines round them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from seamline.catalog.models import Operation
from seamline.payroll.models import OperationRate, PayrollSettings
from seamline.payroll.periods import local_day
from seamline.shopfloor.choices import PayType
from seamline.shopfloor.models import Scan, Worker
from seamline.tenancy.context import require_tenant

CENT = Decimal("0.01")


def to_cent(amount: Decimal) -> Decimal:
    """The rounding rule of all pay: half-up (away from zero on a tie) to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def guaranteed_pay(minimum_hourly: Decimal, minutes: int) -> Decimal:
    """What the minimum hourly wage guarantees for `minutes` attended, to the cent."""
    return to_cent(minimum_hourly * minutes / 60)


@dataclass
class RateBook:
    """Every operation's rate history, loaded once for a calculation."""

    bulletin: dict[int, Decimal] = field(default_factory=dict)
    days: dict[int, list[dt.date]] = field(default_factory=dict)
    rates: dict[int, list[Decimal]] = field(default_factory=dict)

    @classmethod
    def load(cls, operation_ids: Iterable[int] | None = None) -> RateBook:
        operations = Operation.objects.all()
        dated = OperationRate.objects.order_by("operation_id", "effective_from")
        if operation_ids is not None:
            ids = list(operation_ids)
            operations = operations.filter(pk__in=ids)
            dated = dated.filter(operation_id__in=ids)
        book = cls(bulletin=dict(operations.values_list("pk", "piece_rate")))
        days: dict[int, list[dt.date]] = defaultdict(list)
        rates: dict[int, list[Decimal]] = defaultdict(list)
        for operation_id, day, rate in dated.values_list("operation_id", "effective_from", "rate"):
            days[operation_id].append(day)
            rates[operation_id].append(rate)
        book.days, book.rates = dict(days), dict(rates)
        return book

    def rate(self, operation_id: int, day: dt.date) -> Decimal:
        days = self.days.get(operation_id)
        if days:
            i = bisect.bisect_right(days, day)
            if i:
                return self.rates[operation_id][i - 1]
        return self.bulletin.get(operation_id, Decimal("0"))

    def changes_of(self, operation_id: int, first: dt.date, last: dt.date) -> list[dt.date]:
        """Days after `first` up to `last` on which the operation's dated rates begin."""
        return [d for d in self.days.get(operation_id, []) if first < d <= last]

    def changes_within(self, first: dt.date, last: dt.date) -> dict[int, list[dt.date]]:
        """Operations whose rate changes on a day after `first` up to `last`, with the days."""
        return {
            operation_id: [d for d in days if first < d <= last]
            for operation_id, days in self.days.items()
            if any(first < d <= last for d in days)
        }


def payroll_settings() -> PayrollSettings:
    """The active factory's payroll settings (defaults until someone saves them)."""
    found = PayrollSettings.objects.first()
    return found if found is not None else PayrollSettings(tenant=require_tenant())


def scan_prices(worker: Worker, scans: Sequence[Scan]) -> dict[int, Decimal]:
    """What payroll pays for each of a worker's credited scans (exact, before rounding):
    pieces x the rate of the scan's day x the worker's grade multiplier; nothing for a
    worker paid by the hour."""
    if worker.pay_type != PayType.PIECE:
        return {scan.pk: Decimal("0") for scan in scans}
    book = RateBook.load({scan.operation_id for scan in scans})
    multiplier = payroll_settings().multiplier(worker.skill_grade)
    return {
        scan.pk: scan.quantity
        * book.rate(scan.operation_id, local_day(scan.scanned_at))
        * multiplier
        for scan in scans
    }
