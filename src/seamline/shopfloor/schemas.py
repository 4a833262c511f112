from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema


class LineIn(Schema):
    code: str = Field(..., min_length=1, max_length=20)
    name: str = Field(..., min_length=1, max_length=100)
    target_per_hour: int = Field(0, ge=0)
    working_minutes_per_day: int = Field(480, ge=0, le=1440)
    is_active: bool = True


class LinePatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=20)
    name: str | None = Field(None, min_length=1, max_length=100)
    target_per_hour: int | None = Field(None, ge=0)
    working_minutes_per_day: int | None = Field(None, ge=0, le=1440)
    is_active: bool | None = None


class LineOut(Schema):
    id: int
    code: str
    name: str
    target_per_hour: int
    working_minutes_per_day: int
    is_active: bool
    head_count: int


class LineFilters(Schema):
    search: str = ""
    active: bool | None = None


class WorkerIn(Schema):
    code: str = Field(..., min_length=1, max_length=20)
    name: str = Field(..., min_length=1, max_length=100)
    line_id: int | None = None
    skill_grade: int = Field(2, ge=1, le=5)
    pay_type: str = "piece"
    hourly_rate: Decimal = Field(Decimal("0"), ge=0, max_digits=10, decimal_places=2)
    phone: str = Field("", max_length=30)
    hired_on: dt.date | None = None


class WorkerPatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=20)
    name: str | None = Field(None, min_length=1, max_length=100)
    line_id: int | None = Field(None, description="0 takes the worker off any line.")
    skill_grade: int | None = Field(None, ge=1, le=5)
    pay_type: str | None = None
    hourly_rate: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    phone: str | None = Field(None, max_length=30)
    hired_on: dt.date | None = None
    is_active: bool | None = None


class LineRef(Schema):
    id: int
    code: str
    name: str


class WorkerOut(Schema):
    id: int
    code: str
    name: str
    line: LineRef | None
    skill_grade: int
    pay_type: str
    hourly_rate: Decimal
    phone: str
    hired_on: dt.date | None
    is_active: bool


class WorkerFilters(Schema):
    search: str = ""
    line_id: int | None = None
    active: Literal["true", "false", "all"] = Field(
        "true", description="true (default): on the roster; false: off it; all: everyone"
    )

    def selector_filters(self) -> dict[str, Any]:
        return {
            "search": self.search,
            "line_id": self.line_id,
            "active": {"true": True, "false": False}.get(self.active),
        }
