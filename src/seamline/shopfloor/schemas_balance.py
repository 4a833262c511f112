"""What the line balancing API takes and answers. Minutes, shares and figures are decimal
strings (minutes to 3 places, shares to 4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class PositionShareOut(Schema):
    operation_id: int
    sequence: int
    name: str
    machine_type: str
    share: Decimal
    minutes: Decimal


class PositionOut(Schema):
    slot: int
    worker_id: int | None
    worker_code: str | None
    minutes: Decimal
    load: Decimal = Field(description="minutes / takt (1 = exactly the takt)")
    is_bottleneck: bool
    shares: list[PositionShareOut]


class LayoutOut(Schema):
    id: int
    name: str
    line_id: int
    style_id: int
    target_per_hour: int | None
    head_count: int | None
    operators: int
    takt: Decimal
    cycle_time: Decimal
    output_per_hour: Decimal
    balance_efficiency: Decimal
    lower_bound: Decimal
    solver_status: str
    returns: int = Field(
        0, description="precedences where the bundle goes back upstream (0: strict line order)"
    )
    edited: bool
    is_active: bool
    created_at: dt.datetime


class LayoutDetailOut(LayoutOut):
    positions: list[PositionOut]


class LayoutFilters(Schema):
    line_id: int | None = None
    style_id: int | None = None
    active: bool | None = None


class ProposeIn(Schema):
    line_id: int
    style_id: int
    target_per_hour: int | None = Field(None, ge=1, description="garments per hour; or head_count")
    head_count: int | None = Field(None, ge=1, le=200, description="operators; or target_per_hour")
    worker_ids: list[int] | None = Field(
        None, description="real workers to place at their measured paces; none: generic operators"
    )
    present_today: bool = Field(
        False, description="place the workers present on the line today (instead of worker_ids)"
    )


class ShareEditIn(Schema):
    operation_id: int
    to_slot: int = Field(ge=1)
    share: Decimal = Field(ge=0, le=1, description="fraction of the operation's garments")
    from_slot: int | None = Field(
        None, ge=1, description="move `share` from this position; none: set to_slot's share"
    )


class AdjustIn(Schema):
    moves: list[ShareEditIn] = Field(min_length=1)


class AssignIn(Schema):
    slot: int = Field(ge=1)
    worker_id: int | None = None
