"""What the quality measures API takes and answers. Figures are decimal strings (like money
in the payroll API), counts integers; a figure is null when nothing was checked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

KindChoice = Literal["", "inline", "end_of_line", "final", "all"]
GroupChoice = Literal["line", "operation", "worker", "style", "order"]


class MeasureFilters(Schema):
    since: dt.date | None = Field(None, description="First day (factory time); 13 days ago.")
    until: dt.date | None = Field(None, description="Last day (factory time); today.")
    kind: KindChoice = Field(
        "", description="Inspections counted; by default inline and end of line."
    )
    line_id: int | None = None
    order_id: int | None = None
    style_id: int | None = None
    group: GroupChoice = "line"


class FiguresOut(Schema):
    pieces_checked: int
    defects: int
    defective: int
    dhu: Decimal | None = Field(..., description="Defects x 100 / pieces checked.")
    defect_rate: Decimal | None = Field(..., description="Defective pieces x 100 / checked.")
    first_pass_yield: Decimal | None = Field(
        ..., description="% of pieces without defect at bundles' first end-of-line check."
    )
    fpy_checked: int
    fpy_passed: int


class GroupRowOut(Schema):
    id: int | None
    label: str
    pieces_checked: int
    defects: int
    defective: int
    dhu: Decimal | None
    defect_rate: Decimal | None


class DayOut(Schema):
    day: dt.date
    pieces_checked: int
    defects: int
    dhu: Decimal | None


class MeasuresOut(Schema):
    since: dt.date
    until: dt.date
    kinds: list[str]
    group: str
    figures: FiguresOut
    rows: list[GroupRowOut]
    trend: list[DayOut]


class ParetoRowOut(Schema):
    key: str
    label: str
    count: int
    share: Decimal
    cumulative: Decimal


class ParetoOut(Schema):
    since: dt.date
    until: dt.date
    kinds: list[str]
    by_type: list[ParetoRowOut]
    by_location: list[ParetoRowOut]


class RecordFilters(Schema):
    since: dt.date | None = Field(None, description="First day (factory time); 13 days ago.")
    until: dt.date | None = Field(None, description="Last day (factory time); today.")


class QualityRecordOut(Schema):
    since: dt.date
    until: dt.date
    pieces_checked: int
    defects: int
    defective: int
    dhu: Decimal | None
    defect_rate: Decimal | None
    first_pass_yield: Decimal | None
    final_lots_inspected: int
    final_lots_accepted: int
    final_acceptance_rate: Decimal | None
