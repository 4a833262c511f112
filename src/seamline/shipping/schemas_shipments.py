"""What the shipments API takes and answers. Pieces are integers, weights decimal strings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class CustomerRef(Schema):
    id: int
    code: str
    name: str


class ShipmentLotOut(Schema):
    order_id: int
    order_number: str
    lot_size: int
    cartons: int
    inspection_id: int | None
    inspected_lot_size: int | None
    outcome: str | None
    accepted: bool


class ShipmentOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    customer: CustomerRef
    ship_date: dt.date
    carrier: str
    tracking_number: str
    destination: str
    note: str
    cartons: int
    pieces: int
    created_at: dt.datetime
    dispatched_at: dt.datetime | None
    delivered_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_cartons(obj: Any) -> int:
        return int(getattr(obj, "carton_count", 0) or 0)

    @staticmethod
    def resolve_pieces(obj: Any) -> int:
        return int(getattr(obj, "pieces", 0) or 0)


class DocumentOut(Schema):
    id: int
    kind: str
    name: str
    uploaded_at: dt.datetime


class ShipmentDetailOut(ShipmentOut):
    lots: list[ShipmentLotOut]
    attachments: list[DocumentOut]


class ShipmentIn(Schema):
    customer_id: int
    ship_date: dt.date
    number: str = Field("", max_length=40, description="Blank: the next SH-<year>-NNNN.")
    carrier: str = Field("", max_length=100)
    tracking_number: str = Field("", max_length=100)
    destination: str = Field("", max_length=200)
    note: str = Field("", max_length=300)


class CartonsIn(Schema):
    add: list[int] = Field(default_factory=list, description="Carton ids to load.")
    remove: list[int] = Field(default_factory=list, description="Carton ids to take off.")


class DispatchIn(Schema):
    tracking_number: str | None = Field(None, max_length=100)
    last_for_orders: list[int] = Field(
        default_factory=list,
        description="Ids of orders for which this is the last shipment (short shipment).",
    )


class DeliverIn(Schema):
    at: dt.datetime | None = None


class ShipmentFilters(Schema):
    status: str | None = None
    customer_id: int | None = None
