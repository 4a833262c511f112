"""What the final inspection API takes and answers."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class PlanQuery(Schema):
    lot_size: int | None = Field(
        None, description="Pieces in the lot. Without it only the allowed values are answered."
    )
    level: str = Field("II", description="I, II, III or S-1..S-4.")
    aql_critical: str | None = Field(
        None, description="AQL for critical defects; blank or 0 = zero tolerance."
    )
    aql_major: str = Field("2.5", description="AQL for major defects.")
    aql_minor: str = Field("4.0", description="AQL for minor defects.")


class ClassPlanOut(Schema):
    severity: str
    aql: str | None = Field(..., description="null: zero tolerance (Ac 0, Re 1).")
    code_letter: str = Field(..., description="The letter of the plan used (after an arrow).")
    table_code_letter: str = Field(..., description="The letter Table 1 gives for the lot.")
    sample_size: int = Field(..., description="Pieces to inspect for this class.")
    plan_sample_size: int
    accept: int
    reject: int
    followed_arrow: str | None = Field(..., description="up, down or null.")
    arrow_note: str
    inspect_all: bool


class PlanOut(Schema):
    lot_size: int | None
    level: str
    code_letter: str | None
    sample_size: int | None = Field(..., description="The largest sample of the three classes.")
    inspect_all: bool
    classes: list[ClassPlanOut]
    levels: list[str] = Field(..., description="The inspection levels of the table.")
    aqls: list[str] = Field(..., description="The standard AQL values.")


class DefectIn(Schema):
    defect_type_id: int
    count: int = Field(1, ge=1)
    location: str = ""
    severity: str = Field("", description="Blank: the defect type's usual severity.")


class FinalInspectionIn(Schema):
    client_id: str = Field(..., min_length=1, max_length=64)
    shipment_id: int
    order_id: int
    level: str = "II"
    aql_critical: str | None = None
    aql_major: str = "2.5"
    aql_minor: str = "4.0"
    defects: list[DefectIn] = []
    defective_qty: int | None = Field(
        None,
        ge=0,
        description="Defective pieces; null = the number of defects (at most the sample).",
    )
    cartons_opened: list[int] = []
    inspected_at: dt.datetime | None = None
    note: str = Field("", max_length=300)


class ClassFoundOut(Schema):
    severity: str
    found: int
    accept: int
    reject: int
    verdict: str


class DefectOut(Schema):
    defect_type_id: int
    code: str
    name: str
    severity: str
    location: str
    count: int


class FinalInspectionOut(Schema):
    id: int
    client_id: str
    shipment_id: int | None
    order_id: int
    lot_size: int | None
    level: str
    inspected_at: dt.datetime
    inspector: str | None
    checked_qty: int
    defective_qty: int
    outcome: str
    verdict: str = Field(..., description="accept or reject.")
    cartons_opened: list[int]
    classes: list[ClassFoundOut]
    defects: list[DefectOut]
    note: str
    plan: dict[str, object]
