"""What the inspections API takes and answers. Bundles and operations are named as printed
(bundle number, operation sequence), defect types by their code."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

Kind = Literal["inline", "end_of_line"]
OutcomeValue = Literal["pass", "rework", "reject"]


class DefectIn(Schema):
    defect_type: str = Field(description="Code of the defect type (catalogue), e.g. SKIP.")
    count: int = 1
    location: str = ""
    operation: int | None = Field(
        None, description="Sequence of the operation that made it (inline: the inspected one)."
    )
    severity: str = Field("", description="Blank: the defect type's usual severity.")


class InspectionIn(Schema):
    client_id: str = Field("", max_length=64, description="Made by the device; a retry reuses it.")
    kind: Kind
    bundle: int = Field(description="Bundle number, as printed on its ticket.")
    operation: int | None = Field(None, description="Inline: sequence of the operation checked.")
    checked_qty: int | None = None
    defective_qty: int | None = None
    rejected_qty: int = 0
    outcome: OutcomeValue
    rework_operation: int | None = Field(None, description="Rework: sequence to send back to.")
    line_id: int | None = None
    inspected_at: dt.datetime | None = None
    note: str = Field("", max_length=300)
    defects: list[DefectIn] = []


class DefectOut(Schema):
    id: int
    defect_type_id: int
    code: str
    name: str
    severity: str
    location: str
    count: int
    operation_id: int | None
    operation_sequence: int | None
    worker_id: int | None
    worker_code: str | None


class ReworkOut(Schema):
    id: int
    bundle_id: int
    bundle_number: int
    order_id: int
    order_number: str
    operation_id: int
    operation_sequence: int
    operation_name: str
    pieces: int
    reason: str
    status: str
    worker_id: int | None
    worker_code: str | None
    opened_at: dt.datetime
    repaired_at: dt.datetime | None
    closed_at: dt.datetime | None


class InspectionOut(Schema):
    id: int
    client_id: str
    kind: str
    order_id: int
    order_number: str
    style_id: int | None
    bundle_id: int | None
    bundle_number: int | None
    operation_id: int | None
    operation_sequence: int | None
    line_id: int | None
    inspected_at: dt.datetime
    inspector: str | None
    checked_qty: int
    defective_qty: int
    rejected_qty: int
    passed_qty: int
    outcome: str
    rework: ReworkOut | None
    note: str
    replayed: bool = False
    defects: list[DefectOut]


class InspectionFilters(Schema):
    kind: str | None = None
    order_id: int | None = None
    line_id: int | None = None
    outcome: str | None = None
    bundle: int | None = Field(None, description="Bundle number.")


class DefectTypeIn(Schema):
    code: str = Field(max_length=20)
    name: str = Field(max_length=100)
    category: str = "sewing"
    severity: str = "major"


class DefectTypeOut(Schema):
    id: int
    code: str
    name: str
    category: str
    severity: str
    is_active: bool


class ReworkFilters(Schema):
    status: Literal["open", "repaired"] | None = None
