from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from seamline.orders.schemas import ColourRef, SizeRef, StyleRef


class CutPlanIn(Schema):
    order_id: int
    style_id: int
    bundle_size: int = Field(20, ge=1, le=500)
    note: str = Field("", max_length=300)


class LayIn(Schema):
    colour_id: int
    plies: int = Field(..., ge=1, le=1000)
    shade: str = Field("", max_length=40)
    ratios: dict[str, int] = Field(
        ...,
        description='The marker: size code or size id -> garments per marker: {"S": 1, "M": 2}.',
    )


class CutPlanFilters(Schema):
    order_id: int | None = None


class BundleFilters(Schema):
    order_id: int | None = None
    lay_id: int | None = None
    number: int | None = None


class OrderRef(Schema):
    id: int
    number: str


class CutPlanOut(Schema):
    id: int
    order: OrderRef
    style: StyleRef
    bundle_size: int
    note: str
    ordered: int = Field(..., description="Pieces of the style on the order.")
    cut: int = Field(..., description="Pieces cut into bundles so far.")
    created_at: dt.datetime


class RatioOut(Schema):
    size: SizeRef
    ratio: int


class LayOut(Schema):
    id: int
    number: int
    colour: ColourRef
    plies: int
    shade: str
    status: str
    marker: str = Field(..., description='As the cutting room writes it: "S:1 M:2 L:2".')
    pieces: int
    ratios: list[RatioOut]
    cut_at: dt.datetime | None
    bundle_count: int
    first_bundle: int | None
    last_bundle: int | None


class CellOut(Schema):
    size_id: int | None = Field(..., description="null in a row's total.")
    ordered: int
    planned: int = Field(..., description="Pieces in lays not cut yet.")
    cut: int
    balance: int = Field(..., description="planned + cut - ordered: over (+) or under (-).")


class MatrixRowOut(Schema):
    colour: ColourRef
    cells: list[CellOut]
    total: CellOut


class QuantityMatrixOut(Schema):
    sizes: list[SizeRef]
    rows: list[MatrixRowOut]


class CutPlanDetailOut(CutPlanOut):
    lays: list[LayOut]
    matrix: QuantityMatrixOut


class BundleOut(Schema):
    id: int
    number: int
    lay_id: int
    order: OrderRef
    style: StyleRef
    colour: ColourRef
    size: SizeRef
    quantity: int
    ply_from: int
    ply_to: int
    shade: str


class LayCutOut(Schema):
    lay: LayOut
    bundles: list[BundleOut]
