from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class CellIn(Schema):
    colour_id: int
    size_id: int
    quantity: int = Field(..., ge=0)


class StyleMatrixIn(Schema):
    """The whole matrix of one style: it replaces what the order had for that style."""

    style_id: int
    unit_price: Decimal = Field(Decimal("0"), ge=0, max_digits=12, decimal_places=4)
    cells: list[CellIn]


class OrderIn(Schema):
    number: str = Field(..., min_length=1, max_length=40)
    customer_id: int
    delivery_date: dt.date
    customer_po: str = Field("", max_length=60)
    currency: str = Field("", max_length=3, description="Empty: the customer's currency.")
    notes: str = ""
    styles: list[StyleMatrixIn] = Field(default_factory=list)


class OrderPatch(Schema):
    number: str | None = Field(None, min_length=1, max_length=40)
    customer_id: int | None = None
    delivery_date: dt.date | None = None
    customer_po: str | None = Field(None, max_length=60)
    currency: str | None = Field(None, min_length=3, max_length=3)
    notes: str | None = None


class TransitionIn(Schema):
    to: str = Field(..., description="draft, confirmed, in_production, shipped, closed, cancelled")
    note: str = Field("", max_length=300)


class OrderFilters(Schema):
    search: str = ""
    status: str = ""
    customer_id: int | None = None
    style_id: int | None = None
    delivery_from: dt.date | None = None
    delivery_to: dt.date | None = None
    overdue: bool = False


class CustomerRef(Schema):
    id: int
    code: str
    name: str


class OrderOut(Schema):
    id: int
    number: str
    customer: CustomerRef
    customer_po: str
    delivery_date: dt.date
    currency: str
    status: str
    pieces: int
    value: Decimal
    created_at: dt.datetime


class StyleRef(Schema):
    id: int
    code: str
    name: str


class SizeRef(Schema):
    id: int
    code: str


class ColourRef(Schema):
    id: int
    code: str
    name: str


class MatrixRowOut(Schema):
    colour: ColourRef
    quantities: list[int] = Field(..., description="One per size, in the order of `sizes`.")
    total: int


class CellOut(Schema):
    colour_id: int
    size_id: int
    quantity: int


class StyleMatrixOut(Schema):
    style: StyleRef
    unit_price: Decimal | None = Field(..., description="null when the lines' prices differ.")
    sizes: list[SizeRef]
    rows: list[MatrixRowOut]
    column_totals: list[int]
    total: int
    value: Decimal
    cells: list[CellOut]


class EventOut(Schema):
    from_status: str
    to_status: str
    by: str | None
    at: dt.datetime
    note: str


class OrderDetailOut(OrderOut):
    notes: str
    source: str
    styles: list[StyleMatrixOut]
    history: list[EventOut]
    next_statuses: list[str]
