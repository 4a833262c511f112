"""Reads of payroll shared by pages, the API, the PDF slip and the Excel register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from seamline.payroll.choices import LOCKED_STATUSES, LineKind, PeriodStatus
from seamline.payroll.compute import PIECE_KINDS, Payroll, calculate
from seamline.payroll.models import Adjustment, OperationRate, PayLine, PayPeriod, PaySlip
from seamline.payroll.rates import to_cent
from seamline.shopfloor.models import Worker

ZERO = Decimal("0")


def period_list() -> QuerySet[PayPeriod]:
    return PayPeriod.objects.select_related("reviewed_by", "approved_by", "paid_by").order_by(
        "-start"
    )


def open_period() -> PayPeriod | None:
    """The earliest period not yet approved: where new pay lands."""
    return PayPeriod.objects.exclude(status__in=LOCKED_STATUSES).order_by("start").first()


def period_of_day(day: dt.date) -> PayPeriod | None:
    return PayPeriod.objects.filter(start__lte=day, end__gte=day).first()


def slips(period: PayPeriod) -> QuerySet[PaySlip]:
    """The period's slips with their workers and lines, by employee number."""
    return (
        PaySlip.objects.filter(period=period)
        .select_related("worker", "worker__line")
        .order_by("worker__code")
    )


def slip_lines(slip: PaySlip) -> QuerySet[PayLine]:
    """A slip's lines in reading order: pieces, carried, hours, top-up, adjustments."""
    return (
        PayLine.objects.filter(slip=slip)
        .select_related("operation", "operation__style", "order", "origin", "adjustment")
        .order_by("pk")
    )


def adjustments(period: PayPeriod) -> QuerySet[Adjustment]:
    return Adjustment.objects.filter(period=period).select_related("worker", "created_by")


@dataclass
class Totals:
    """A period's register totals; `lines` is the sum of every line, which must equal the
    sum of slips and the period's total (the reconciliation shown under the register)."""

    slips: Decimal
    lines: Decimal
    period: Decimal
    by_kind: dict[str, Decimal] = field(default_factory=dict)

    @property
    def reconciles(self) -> bool:
        return self.slips == self.lines == self.period


def totals(period: PayPeriod) -> Totals:
    lines = PayLine.objects.filter(period=period)
    # SQLite sums decimals as floats: back to cents (every amount summed is in cents).
    by_kind = {
        kind: to_cent(amount or ZERO)
        for kind, amount in lines.values_list("kind").annotate(a=Sum("amount")).order_by()
    }
    return Totals(
        slips=to_cent(PaySlip.objects.filter(period=period).aggregate(t=Sum("total"))["t"] or ZERO),
        lines=sum(by_kind.values(), ZERO),
        period=period.total,
        by_kind=by_kind,
    )


def own_slips(worker: Worker) -> QuerySet[PaySlip]:
    """A worker's slips of approved and paid periods, latest first."""
    return (
        PaySlip.objects.filter(worker=worker, period__status__in=LOCKED_STATUSES)
        .select_related("period")
        .order_by("-period__start")
    )


def period_so_far(worker: Worker, day: dt.date) -> tuple[PayPeriod | None, Payroll | None]:
    """The open period containing `day` (or the earliest open one) computed for `worker`
    alone: what the phone shows as 'this period so far'."""
    period = period_of_day(day)
    if period is None or period.is_locked:
        period = open_period()
    if period is None:
        return None, None
    return period, calculate(period, worker=worker)


@dataclass
class CostRow:
    key: Any
    label: str
    pieces: int
    amount: Decimal


def labour_cost(*, period: PayPeriod | None = None, by: str = "style") -> list[CostRow]:
    """Labour cost from actual pay, per style (`by="style"`) or per order (`by="order"`):
    piece lines of approved and paid periods (or of one period), late pieces and reversals
    included. Hours, top-ups and adjustments belong to no style; `unattributed` gives them."""
    lines = PayLine.objects.filter(kind__in=PIECE_KINDS)
    lines = (
        lines.filter(period=period) if period else lines.filter(period__status__in=LOCKED_STATUSES)
    )
    if by == "order":
        rows = lines.values_list("order_id", "order__number").annotate(
            p=Sum("pieces"), a=Sum("amount")
        )
    else:
        rows = lines.values_list("operation__style_id", "operation__style__code").annotate(
            p=Sum("pieces"), a=Sum("amount")
        )
    return sorted(
        (
            CostRow(key, str(label), pieces or 0, to_cent(amount or ZERO))
            for key, label, pieces, amount in rows.order_by()
        ),
        key=lambda row: row.label,
    )


def unattributed_cost(*, period: PayPeriod | None = None) -> Decimal:
    lines = PayLine.objects.exclude(kind__in=PIECE_KINDS)
    lines = (
        lines.filter(period=period) if period else lines.filter(period__status__in=LOCKED_STATUSES)
    )
    return to_cent(lines.aggregate(a=Sum("amount"))["a"] or ZERO)


def rates_of_style(style_id: int) -> QuerySet[OperationRate]:
    return OperationRate.objects.filter(operation__style_id=style_id).select_related(
        "operation", "created_by"
    )


def is_editable(period: PayPeriod) -> bool:
    return period.status == PeriodStatus.DRAFT


def line_label(line: PayLine) -> str:
    """What a line is about, in words (the slip's first column)."""
    if line.kind in PIECE_KINDS and line.operation is not None:
        text = f"{line.operation.style.code} · {line.operation.sequence} {line.operation.name}"
        if line.order is not None:
            text += f" · {line.order.number}"
        return text
    if line.kind == LineKind.ADJUSTMENT and line.adjustment is not None:
        return f"{line.adjustment.get_kind_display()}: {line.description}"
    return str(line.get_kind_display())


@dataclass
class Carried:
    """Pay for an approved period's days that a later period carries (late pieces, reversals)."""

    into: PayPeriod
    kind: str
    pieces: int
    amount: Decimal


def carried_from(period: PayPeriod) -> list[Carried]:
    """What later periods carry for `period`'s days, as of their last computation: shown on
    an approved period, which itself never changes."""
    rows = (
        PayLine.objects.filter(origin=period, kind__in=(LineKind.LATE, LineKind.REVERSAL))
        .values_list("period_id", "kind")
        .annotate(p=Sum("pieces"), a=Sum("amount"))
        .order_by()
    )
    periods = {p.pk: p for p in PayPeriod.objects.filter(pk__in={r[0] for r in rows})}
    return sorted(
        (
            Carried(periods[pk], kind, pieces or 0, to_cent(amount or ZERO))
            for pk, kind, pieces, amount in rows
        ),
        key=lambda c: (c.into.start, c.kind),
    )
