"""What the packing API takes and answers. Pieces are integers, weights decimal strings (kg)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema


class Ref(Schema):
    id: int
    code: str


class ColourRef(Ref):
    name: str


class PackingRowOut(Schema):
    style: Ref
    colour: ColourRef
    size: Ref
    ordered: int
    cut: int
    passed: int
    packed: int
    packable: int
    on_shipment: int
    shipped: int


class PackingTotalsOut(Schema):
    ordered: int
    cut: int
    passed: int
    packed: int
    packable: int
    on_shipment: int
    shipped: int


class PackingOut(Schema):
    order_id: int
    order_number: str
    over_ship_allowance: Decimal
    rows: list[PackingRowOut]
    totals: PackingTotalsOut


class CartonLineOut(Schema):
    style: Ref
    colour: ColourRef
    size: Ref
    quantity: int


class CartonOut(Schema):
    id: int
    order_id: int
    number: int
    code: str
    pack_type: str
    pieces: int
    lines: list[CartonLineOut]
    net_kg: Decimal
    gross_kg: Decimal
    length_cm: int
    width_cm: int
    height_cm: int
    shipment_id: int | None
    shipment_number: str | None
    packed_at: dt.datetime


class RatioIn(Schema):
    size_id: int
    pieces: int = Field(ge=0, le=10_000)


class CartonsIn(Schema):
    """Solid: `size_id` and `pieces_per_carton`. Ratio: `ratio`, pieces of each size."""

    pack_type: Literal["solid", "ratio"]
    style_id: int
    colour_id: int
    size_id: int | None = None
    pieces_per_carton: int | None = Field(default=None, ge=1, le=10_000)
    ratio: list[RatioIn] | None = None
    cartons: int = Field(ge=1, le=1000)
    net_kg: Decimal = Field(default=Decimal("0"), ge=0, max_digits=8, decimal_places=2)
    gross_kg: Decimal = Field(default=Decimal("0"), ge=0, max_digits=8, decimal_places=2)
    length_cm: int = Field(default=0, ge=0, le=1000)
    width_cm: int = Field(default=0, ge=0, le=1000)
    height_cm: int = Field(default=0, ge=0, le=1000)
