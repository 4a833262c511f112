"""Reads of shipping facts shared by packing, shipments and the final inspection."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from seamline.orders.models import Order
from seamline.quality.choices import InspectionKind, Outcome
from seamline.quality.models import Inspection
from seamline.shipping.models import CartonLine, Shipment


@dataclass(frozen=True)
class FinalLot:
    """One order's cartons on a shipment: the lot a final inspection samples.

    `inspection` is the latest final inspection of this lot; it stands only while the lot
    still has the size it had when inspected (`current`), and lets the lot ship only when
    it passed (`accepted`).
    """

    order: Order
    lot_size: int
    cartons: int
    inspection: Inspection | None

    @property
    def current(self) -> bool:
        return self.inspection is not None and self.inspection.lot_size == self.lot_size

    @property
    def accepted(self) -> bool:
        return (
            self.current and self.inspection is not None and self.inspection.outcome == Outcome.PASS
        )


def final_lots(shipment: Shipment) -> list[FinalLot]:
    """The lots of `shipment`, one per order, in order number order. Three queries."""
    sizes = {
        row["carton__order_id"]: (row["pieces"], row["cartons"])
        for row in CartonLine.objects.filter(carton__shipment=shipment)
        .order_by()
        .values("carton__order_id")
        .annotate(pieces=Sum("quantity"), cartons=Count("carton", distinct=True))
    }
    latest: dict[int, Inspection] = {}
    for inspection in Inspection.objects.filter(
        shipment=shipment, kind=InspectionKind.FINAL
    ).order_by("inspected_at", "pk"):
        latest[inspection.order_id] = inspection
    orders = Order.objects.filter(pk__in=sizes).order_by("number")
    return [
        FinalLot(
            order=order,
            lot_size=sizes[order.pk][0],
            cartons=sizes[order.pk][1],
            inspection=latest.get(order.pk),
        )
        for order in orders
    ]
