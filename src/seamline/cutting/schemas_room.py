"""The cutting room over JSON: settings, the proposed plan, the lays to write, the fabric."""

from __future__ import annotations

from decimal import Decimal

from ninja import Field, Schema

from seamline.orders.schemas import ColourRef, SizeRef


class ProposeParams(Schema):
    time_limit_s: float = Field(5.0, ge=1, le=5, description="Planning time, seconds.")


class RoomSettingsIn(Schema):
    fabric_width_mm: int | None = Field(..., ge=300, le=4000, description="Between selvedges.")
    max_plies: int = Field(..., ge=1, le=1000)
    max_marker_length_mm: int = Field(..., ge=500, le=50000, description="The cutting table.")
    overcut_pct: Decimal = Field(..., ge=0, le=20, max_digits=4, decimal_places=1)
    cost_per_lay: Decimal = Field(..., ge=0, max_digits=10, decimal_places=2)
    fabric_price: Decimal = Field(..., ge=0, max_digits=10, decimal_places=2, description="Per m.")
    end_allowance_mm: int = Field(..., ge=0, le=500, description="Fabric lost per ply.")


class PatternRef(Schema):
    id: int
    name: str


class RoomSettingsOut(RoomSettingsIn):
    plan_id: int
    pattern: PatternRef | None


class RoomLayIn(Schema):
    colour_id: int
    plies: int = Field(..., ge=1, le=1000)
    ratios: dict[str, int] = Field(
        ..., description='The marker: size code or size id -> garments: {"S": 1, "M": 2}.'
    )
    marker_length_mm: int | None = Field(
        None, ge=1, description="Taken from the nested marker of this ratio when there is one."
    )


class RoomApplyIn(Schema):
    lays: list[RoomLayIn] = Field(..., min_length=1, max_length=200)


class RoomRatioOut(Schema):
    size: SizeRef
    ratio: int


class RoomLayOut(Schema):
    colour: ColourRef
    marker: str = Field(..., description='As the cutting room writes it: "S:1 M:2 L:2".')
    ratios: list[RoomRatioOut]
    plies: int
    marker_length_mm: int | None
    estimated: bool = Field(..., description="No nested marker of this ratio: length estimated.")
    marker_id: int | None = Field(..., description="The nested marker of this ratio, if any.")
    fabric_m: Decimal


class RoomSizeOut(Schema):
    size: SizeRef
    to_cut: int = Field(..., description="Ordered less already cut.")
    cut: int = Field(..., description="What the proposed lays cut.")


class RoomColourOut(Schema):
    colour: ColourRef
    lays: list[RoomLayOut]
    sizes: list[RoomSizeOut]
    overcut_pct: float
    fabric_m: Decimal
    fabric_cost: Decimal


class RoomPlanOut(Schema):
    plan_id: int
    colours: list[RoomColourOut]
    n_lays: int
    fabric_m: Decimal
    fabric_cost: Decimal
    lay_cost: Decimal
    cost: Decimal
    lower_bound_m: Decimal
    bound_ratio: float | None = Field(..., description="Fabric over the lower bound (1 = best).")
    overcut_pct: float
    within_allowance: bool
    efficiency: float = Field(..., description="Marker efficiency assumed where none is nested.")
    markers_missing: int = Field(..., description="Ratios of the plan with no nested marker.")
    status: str
    runtime_s: float


class FabricColourOut(Schema):
    colour: str
    metres: Decimal


class FabricOut(Schema):
    plan_id: int
    colours: list[FabricColourOut]
    total_m: Decimal
    cost: Decimal
    lays_without_length: int


class WrittenLayOut(Schema):
    id: int
    number: int
    colour: ColourRef
    plies: int
    status: str
    marker: str
    marker_id: int | None
    marker_length_mm: int | None


class RoomApplyOut(Schema):
    lays: list[WrittenLayOut]
    fabric: FabricOut
