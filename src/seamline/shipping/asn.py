"""The advance shipping notice (ASN): what a buyer's system receives about a shipment.

Served at GET /api/v1/shipping/shipments/{id}/asn and sent as the `data` of the webhook
events "shipment.dispatched" and "shipment.delivered". Every value is JSON-native:
weights are decimal strings ("12.50", kilograms), times ISO 8601 with their UTC offset
(in the factory's time zone), dates ISO 8601.

    {
      "asn_version": 1,
      "shipment_number": "SH-2026-0012",
      "status": "dispatched",            # planned | dispatched | delivered | cancelled
      "ship_date": "2026-11-29",
      "dispatched_at": "2026-11-29T15:04:05+08:00",   # null until dispatched
      "delivered_at": null,
      "carrier": "SF Express", "tracking_number": "SF123", "destination": "Hamburg DC",
      "shipper": {"name": "Sunrise Garments", "slug": "sunrise"},
      "customer": {"code": "ACME", "name": "Acme Apparel"},
      "orders": [{
        "order_number": "SO-0042", "customer_po": "PO-1234",
        "lines": [{"style": "T100", "style_name": "Tee", "colour": "NAVY",
                   "colour_name": "Navy", "size": "M", "pieces": 120}],
        "cartons": [{"carton_id": "SO-0042-0001", "carton_number": 1, "pack_type": "solid",
                     "gross_kg": "12.50", "net_kg": "11.00",
                     "dimensions_cm": {"length": 60, "width": 40, "height": 30},
                     "pieces": 24,
                     "contents": [{"style": "T100", "colour": "NAVY", "size": "M",
                                   "pieces": 24}]}],
        "totals": {"cartons": 5, "pieces": 120, "gross_kg": "62.50", "net_kg": "55.00"}
      }],
      "totals": {"orders": 1, "cartons": 5, "pieces": 120, "gross_kg": "62.50",
                 "net_kg": "55.00"}
    }

`carton_id` is the carton's barcode as printed on its label (`shipping.labels.carton_code`:
"<order number>-<carton no. as four digits>", or "CTN<id>" for an order number a barcode
cannot carry).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from seamline.shipping.labels import carton_code
from seamline.shipping.models import Carton, CartonLine, Shipment
from seamline.shopfloor.attendance import factory_zone
from seamline.tenancy.context import require_tenant

ASN_VERSION = 1


def _time(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(factory_zone()).isoformat() if moment else None


def _kg(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _content(line: CartonLine) -> dict[str, Any]:
    return {
        "style": line.style.code,
        "colour": line.colour.code,
        "size": line.size.code,
        "pieces": line.quantity,
    }


def _totals(cartons: list[Carton], pieces: int) -> dict[str, Any]:
    return {
        "cartons": len(cartons),
        "pieces": pieces,
        "gross_kg": _kg(sum((c.gross_kg for c in cartons), Decimal(0))),
        "net_kg": _kg(sum((c.net_kg for c in cartons), Decimal(0))),
    }


def _order_block(cartons: list[Carton]) -> dict[str, Any]:
    order = cartons[0].order
    per_cell: dict[tuple[int, int, int], int] = defaultdict(int)
    cells: dict[tuple[int, int, int], CartonLine] = {}
    carton_rows = []
    for carton in cartons:
        lines = list(carton.lines.all())
        for line in lines:
            key = (line.style_id, line.colour_id, line.size_id)
            per_cell[key] += line.quantity
            cells.setdefault(key, line)
        carton_rows.append(
            {
                "carton_id": carton_code(carton, carton.order),
                "carton_number": carton.number,
                "pack_type": carton.pack_type,
                "gross_kg": _kg(carton.gross_kg),
                "net_kg": _kg(carton.net_kg),
                "dimensions_cm": {
                    "length": carton.length_cm,
                    "width": carton.width_cm,
                    "height": carton.height_cm,
                },
                "pieces": sum(line.quantity for line in lines),
                "contents": [_content(line) for line in lines],
            }
        )
    ordered_cells = sorted(
        cells.values(), key=lambda x: (x.style.code, x.colour.code, x.size.position)
    )
    lines_out = [
        {
            "style": line.style.code,
            "style_name": line.style.name,
            "colour": line.colour.code,
            "colour_name": line.colour.name,
            "size": line.size.code,
            "pieces": per_cell[(line.style_id, line.colour_id, line.size_id)],
        }
        for line in ordered_cells
    ]
    pieces = sum(per_cell.values())
    return {
        "order_number": order.number,
        "customer_po": order.customer_po,
        "lines": lines_out,
        "cartons": carton_rows,
        "totals": _totals(cartons, pieces),
    }


def asn_payload(shipment: Shipment) -> dict[str, Any]:
    """The ASN of `shipment` as a JSON-ready dict (see the module docstring). Four queries."""
    cartons = list(
        Carton.objects.filter(shipment=shipment)
        .select_related("order")
        .prefetch_related("lines__style", "lines__colour", "lines__size")
        .order_by("order__number", "number")
    )
    by_order: dict[int, list[Carton]] = defaultdict(list)
    for carton in cartons:
        by_order[carton.order_id].append(carton)
    orders = [_order_block(group) for group in by_order.values()]
    tenant = require_tenant()
    customer = shipment.customer
    return {
        "asn_version": ASN_VERSION,
        "shipment_number": shipment.number,
        "status": shipment.status,
        "ship_date": shipment.ship_date.isoformat(),
        "dispatched_at": _time(shipment.dispatched_at),
        "delivered_at": _time(shipment.delivered_at),
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "destination": shipment.destination,
        "shipper": {"name": tenant.name, "slug": tenant.slug},
        "customer": {"code": customer.code, "name": customer.name},
        "orders": orders,
        "totals": {
            "orders": len(orders),
            **_totals(cartons, sum(order["totals"]["pieces"] for order in orders)),
        },
    }
