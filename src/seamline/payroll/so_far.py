"""One worker's pay in the open period so far, computed now for them alone (nothing is
stored): what the phone's My pay page and `GET /api/v1/payroll/me/period` both show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from seamline.catalog.models import Operation
from seamline.orders.models import Order
from seamline.payroll import selectors
from seamline.payroll.choices import LineKind
from seamline.payroll.compute import Line
from seamline.payroll.models import Adjustment, PayLine, PayPeriod
from seamline.payroll.rates import guaranteed_pay
from seamline.shopfloor.models import Worker

ZERO = Decimal("0")


@dataclass
class TopUp:
    """How a minimum-wage top-up was worked out, in the figures a worker can check."""

    minutes: int
    minimum: Decimal
    guaranteed: Decimal
    earned: Decimal
    amount: Decimal

    @property
    def note(self) -> str:
        return _(
            "You attended %(hours)s. At the minimum wage of %(minimum)s an hour that is "
            "%(guaranteed)s; your pieces and hours came to %(earned)s, so the factory "
            "adds %(amount)s."
        ) % {
            "hours": duration(self.minutes),
            "minimum": self.minimum,
            "guaranteed": self.guaranteed,
            "earned": self.earned,
            "amount": self.amount,
        }


@dataclass
class SoFar:
    """One worker's pay in the open period, computed now for them alone (nothing stored)."""

    worker: Worker
    period: PayPeriod | None
    lines: list[PayLine] = field(default_factory=list)
    pieces: int = 0
    attended_minutes: int = 0
    total: Decimal = ZERO
    topup: TopUp | None = None


def duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}


def _rows(lines: list[Line]) -> list[PayLine]:
    """Computed lines as (unsaved) pay lines with what their labels read, in four queries."""
    operations = Operation.objects.select_related("style").in_bulk(
        {line.operation_id for line in lines if line.operation_id}
    )
    orders = Order.objects.in_bulk({line.order_id for line in lines if line.order_id})
    origins = PayPeriod.objects.in_bulk({line.origin_id for line in lines if line.origin_id})
    adjustments = Adjustment.objects.in_bulk(
        {line.adjustment_id for line in lines if line.adjustment_id}
    )
    return [
        PayLine(
            worker_id=line.worker_id,
            kind=line.kind,
            operation=operations.get(line.operation_id) if line.operation_id else None,
            order=orders.get(line.order_id) if line.order_id else None,
            origin=origins.get(line.origin_id) if line.origin_id else None,
            adjustment=adjustments.get(line.adjustment_id) if line.adjustment_id else None,
            work_start=line.work_start,
            work_end=line.work_end,
            pieces=line.pieces,
            rate=line.rate,
            multiplier=line.multiplier,
            minutes=line.minutes,
            amount=line.amount,
            description=line.description,
        )
        for line in lines
    ]


def _topup(line: PayLine) -> TopUp:
    minimum = line.rate or ZERO
    guaranteed = guaranteed_pay(minimum, line.minutes)
    return TopUp(
        minutes=line.minutes,
        minimum=minimum,
        guaranteed=guaranteed,
        earned=guaranteed - line.amount,
        amount=line.amount,
    )


def period_so_far(worker: Worker, day: dt.date) -> SoFar:
    """`worker`'s pay in the open period of `day` so far: lines, pieces and the total."""
    period, payroll = selectors.period_so_far(worker, day)
    slip = payroll.slips.get(worker.pk) if payroll is not None else None
    if period is None or slip is None:
        return SoFar(worker=worker, period=period)
    lines = _rows(slip.lines)
    topups = [line for line in lines if line.kind == LineKind.TOPUP]
    return SoFar(
        worker=worker,
        period=period,
        lines=lines,
        pieces=slip.pieces,
        attended_minutes=slip.attended_minutes,
        total=slip.total,
        topup=_topup(topups[0]) if topups else None,
    )
