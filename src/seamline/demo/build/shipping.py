"""Packing and shipping at the end of the demo floor: the first finished orders go to cartons,
one of them has been inspected by AQL, shipped and delivered, the next waits for its final
inspection on a planned shipment, and a third is half packed.

Everything goes through `shipping.packing`, `quality.final` and `shipping.shipments`, so the
rules hold as they would for a user: only pieces that passed end-of-line inspection are
packed, the shipment leaves only with an accepted final inspection, and the order moves to
shipped when its last carton leaves.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone

from seamline.catalog.models import Colour, Size, Style
from seamline.demo.build.context import DemoContext, FactoryData
from seamline.demo.data.catalog import styles_for
from seamline.demo.data.orders import PIECES_PER_CARTON
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.quality.choices import InspectionKind, Severity
from seamline.quality.final import final_inspection_record
from seamline.quality.models import DefectType, Inspection
from seamline.quality.selectors import passed_by_cell
from seamline.quality.services import DefectInput
from seamline.shipping.models import Carton, Shipment
from seamline.shipping.packing import pack_ratio, pack_solid
from seamline.shipping.shipments import (
    shipment_add_cartons,
    shipment_create,
    shipment_deliver,
    shipment_dispatch,
)
from seamline.shopfloor.floor import order_progress
from seamline.tenancy.choices import Role

CARRIERS = ("SF Express", "Deppon Logistics", "Kerry Logistics")
# Carton weight per piece and carton size by garment (kg, cm).
KG_PER_PIECE = {"tshirt": 0.22, "shirt": 0.30, "jeans": 0.65}
CARTON_CM = (60, 40, 40)


def load_shipping(ctx: DemoContext, factory: FactoryData) -> None:
    """Run inside `tenant_context(factory.org)`, after quality."""
    key = factory.spec.key
    packer = ctx.staff[(key, Role.SUPERVISOR)]
    planner = ctx.staff[(key, Role.PLANNER)]
    inspector = ctx.staff[(key, Role.INSPECTOR)]
    bulletin_of = {spec.code: spec.bulletin for spec in styles_for(key)}
    finished = _finished_orders()
    if not finished:
        return
    shipped, *rest = finished
    cartons = pack_order(shipped, bulletin_of, packer, share=1.0)
    ship_order(ctx, factory, shipped, cartons, planner, inspector)
    if rest:
        waiting = rest[0]
        cartons = pack_order(waiting, bulletin_of, packer, share=1.0)
        shipment = shipment_create(
            customer=waiting.customer,
            ship_date=ctx.today + dt.timedelta(days=1),
            carrier=CARRIERS[1],
            destination=waiting.customer.name,
            by=planner,
        )
        shipment_add_cartons(shipment, cartons, by=planner)
    if len(rest) > 1:
        pack_order(rest[1], bulletin_of, packer, share=0.5)


def _finished_orders() -> list[Order]:
    """Orders in production whose every ordered piece went through the last operation,
    soonest delivery first."""
    orders = Order.objects.filter(status=OrderStatus.IN_PRODUCTION).order_by(
        "delivery_date", "number"
    )
    done = []
    for order in orders.select_related("customer"):
        total = order_progress(order).total
        if total.ordered and total.finished >= total.ordered:
            done.append(order)
    return done


def pack_order(
    order: Order, bulletin_of: dict[str, str], packer: object, *, share: float
) -> list[Carton]:
    """Solid cartons of the style's usual count per size and colour, and one assorted carton
    per colour for what is left over; `share` of the passed pieces (by cell)."""
    passed = passed_by_cell(order)
    styles = Style.objects.in_bulk({style_id for style_id, _c, _s in passed})
    colours = Colour.objects.in_bulk({colour_id for _st, colour_id, _s in passed})
    sizes = Size.objects.in_bulk({size_id for _st, _c, size_id in passed})
    left: dict[tuple[int, int], dict[Size, int]] = defaultdict(dict)
    cartons: list[Carton] = []
    for (style_id, colour_id, size_id), pieces in sorted(passed.items()):
        style = styles[style_id]
        bulletin = bulletin_of.get(style.code, "tshirt")
        per_carton = PIECES_PER_CARTON[bulletin]
        pieces = int(pieces * share)
        full, rest = divmod(pieces, per_carton)
        if full:
            cartons += pack_solid(
                order=order,
                style=style,
                colour=colours[colour_id],
                size=sizes[size_id],
                pieces_per_carton=per_carton,
                cartons=full,
                by=packer,
                **_weights(per_carton, bulletin),
            )
        if rest:
            left[(style_id, colour_id)][sizes[size_id]] = rest
    for (style_id, colour_id), ratio in left.items():
        bulletin = bulletin_of.get(styles[style_id].code, "tshirt")
        cartons += pack_ratio(
            order=order,
            style=styles[style_id],
            colour=colours[colour_id],
            ratio=ratio,
            cartons=1,
            by=packer,
            **_weights(sum(ratio.values()), bulletin),
        )
    return cartons


def _weights(pieces: int, bulletin: str) -> dict[str, Any]:
    net = Decimal(str(round(pieces * KG_PER_PIECE[bulletin], 2)))
    length, width, height = CARTON_CM
    return {
        "net_kg": net,
        "gross_kg": net + Decimal("1.20"),
        "length_cm": length,
        "width_cm": width,
        "height_cm": height,
    }


def ship_order(
    ctx: DemoContext,
    factory: FactoryData,
    order: Order,
    cartons: list[Carton],
    planner: object,
    inspector: object,
) -> Shipment:
    """Inspected by AQL after packing (two minor defects: accepted), dispatched two hours
    later and delivered the next day when that day has come."""
    now = timezone.now() - dt.timedelta(minutes=1)
    passed = (
        Inspection.objects.filter(order=order, kind=InspectionKind.END_OF_LINE)
        .order_by("-inspected_at")
        .values_list("inspected_at", flat=True)
        .first()
    ) or now
    inspected_at = min(passed + dt.timedelta(hours=1), now)
    dispatched_at = min(inspected_at + dt.timedelta(hours=2), now)
    Carton.objects.filter(pk__in=[c.pk for c in cartons]).update(
        packed_at=min(passed + dt.timedelta(minutes=30), now)
    )
    shipment = shipment_create(
        customer=order.customer,
        ship_date=timezone.localdate(dispatched_at),
        carrier=CARRIERS[0],
        destination=order.customer.name,
        by=planner,
    )
    shipment_add_cartons(shipment, cartons, by=planner)
    minor = list(DefectType.objects.filter(severity=Severity.MINOR, is_active=True)[:2])
    final_inspection_record(
        shipment=shipment,
        order=order,
        level="II",
        aql_major="2.5",
        aql_minor="4.0",
        defects=[DefectInput(defect_type=t, count=1) for t in minor],
        client_id=f"demo-{uuid.uuid4()}",
        inspected_at=inspected_at,
        by=inspector,
    )
    number = f"SF{factory.rng.randrange(10**11, 10**12)}"
    shipment_dispatch(shipment, by=planner, tracking_number=number, last_for_orders=[order])
    Shipment.objects.filter(pk=shipment.pk).update(dispatched_at=dispatched_at)
    shipment.refresh_from_db()
    delivered_at = dispatched_at + dt.timedelta(hours=26)
    if delivered_at < now:
        shipment_deliver(shipment, by=planner, at=delivered_at)
    return shipment
