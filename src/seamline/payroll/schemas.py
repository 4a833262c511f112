"""What the payroll API takes and answers. Money is a decimal string, pieces an integer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from seamline.payroll.choices import PayCycle


def _name(user: Any) -> str | None:
    return str(user) if user is not None else None


class WorkerRef(Schema):
    id: int
    code: str
    name: str


class PeriodRef(Schema):
    id: int
    start: dt.date
    end: dt.date
    status: str


class PeriodOut(PeriodRef):
    status_label: str
    total: Decimal
    worker_count: int
    computed_at: dt.datetime | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    approved_by: str | None
    approved_at: dt.datetime | None
    paid_by: str | None
    paid_at: dt.datetime | None
    payment_reference: str

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_reviewed_by(obj: Any) -> str | None:
        return _name(obj.reviewed_by)

    @staticmethod
    def resolve_approved_by(obj: Any) -> str | None:
        return _name(obj.approved_by)

    @staticmethod
    def resolve_paid_by(obj: Any) -> str | None:
        return _name(obj.paid_by)


class TotalsOut(Schema):
    slips: Decimal = Field(..., description="Sum of the slips' totals.")
    lines: Decimal = Field(..., description="Sum of every line of every slip.")
    period: Decimal = Field(..., description="The period's stored total.")
    reconciles: bool = Field(..., description="true when the three are equal.")
    by_kind: dict[str, Decimal] = Field(..., description="Sum of lines per kind.")


class PeriodDetailOut(PeriodOut):
    totals: TotalsOut


class PeriodOpenIn(Schema):
    day: dt.date | None = Field(
        None, description="The first time only: a day of the first period (default today)."
    )


class ReopenIn(Schema):
    reason: str = Field("", max_length=300)


class PaidIn(Schema):
    reference: str = Field("", max_length=100, description="Bank batch or cash book reference.")


class ChangeOut(Schema):
    worker: WorkerRef
    reviewed: Decimal = Field(..., description="The slip's total when it was reviewed.")
    now: Decimal = Field(..., description="The slip's total computed now.")


class ApprovalOut(Schema):
    approved: bool
    period: PeriodDetailOut
    changes: list[ChangeOut] = Field(
        ..., description="When not approved: per worker, what moved since review."
    )


class SlipOut(Schema):
    id: int
    period: PeriodRef
    worker: WorkerRef
    pieces: int
    attended_minutes: int
    open_days: int
    piece_pay: Decimal
    carried_pay: Decimal
    time_pay: Decimal
    topup: Decimal
    adjustments: Decimal
    total: Decimal


class LineOut(Schema):
    kind: str
    kind_label: str
    label: str = Field(..., description="What the line is about, in words.")
    operation_id: int | None
    order_id: int | None
    origin: PeriodRef | None = Field(
        ..., description="Late pieces and reversals: the approved period the work belonged to."
    )
    pieces: int
    rate: Decimal | None
    multiplier: Decimal | None
    minutes: int
    amount: Decimal
    description: str
    work_start: dt.datetime | None
    work_end: dt.datetime | None


class SlipDetailOut(SlipOut):
    lines: list[LineOut]


class AdjustmentIn(Schema):
    worker_id: int
    kind: str = Field(..., description="bonus, penalty, advance or deduction")
    amount: Decimal = Field(..., max_digits=12, decimal_places=2, description="Above zero.")
    reason: str = Field(..., max_length=300)


class AdjustmentOut(Schema):
    id: int
    period_id: int
    worker: WorkerRef
    kind: str
    kind_label: str
    amount: Decimal
    reason: str
    created_by: str | None
    created_at: dt.datetime


class RateFilters(Schema):
    style_id: int | None = None
    operation_id: int | None = None


class OperationRef(Schema):
    id: int
    style_id: int
    style_code: str
    sequence: int
    name: str
    bulletin_rate: Decimal


class RateIn(Schema):
    operation_id: int
    effective_from: dt.date
    rate: Decimal = Field(..., ge=0, max_digits=10, decimal_places=4)
    note: str = Field("", max_length=200)


class RateOut(Schema):
    id: int
    operation: OperationRef
    effective_from: dt.date
    rate: Decimal
    note: str
    created_by: str | None
    created_at: dt.datetime


class SettingsIO(Schema):
    cycle: PayCycle
    minimum_hourly_wage: Decimal = Field(..., max_digits=8, decimal_places=2)
    grade_1: Decimal = Field(..., max_digits=5, decimal_places=3)
    grade_2: Decimal = Field(..., max_digits=5, decimal_places=3)
    grade_3: Decimal = Field(..., max_digits=5, decimal_places=3)
    grade_4: Decimal = Field(..., max_digits=5, decimal_places=3)
    grade_5: Decimal = Field(..., max_digits=5, decimal_places=3)


class CostFilters(Schema):
    by: Literal["style", "order"] = "style"
    period_id: int | None = Field(
        None, description="One period's lines; by default every approved and paid period's."
    )


class CostRowOut(Schema):
    id: int | None
    label: str
    pieces: int
    amount: Decimal


class CostOut(Schema):
    by: str
    period: PeriodRef | None
    rows: list[CostRowOut]
    attributed: Decimal = Field(..., description="Sum of the rows.")
    unattributed: Decimal = Field(..., description="Hours, top-ups and adjustments.")


class MyPeriodOut(Schema):
    worker: WorkerRef
    period: PeriodRef | None = Field(..., description="null when no period is open.")
    pieces: int
    attended_minutes: int
    total: Decimal = Field(..., description="Pay so far this period.")
    lines: list[LineOut]
    topup_note: str = Field("", description="How the minimum-wage top-up was worked out.")
