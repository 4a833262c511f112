"""Final inspection in the tenant-isolation walk: a planned shipment carrying one order's
cartons (a lot waiting for inspection) and a second order's lot with a recorded final
inspection. Rows are written straight; `shipment_lot` is also what the final-inspection
tests start from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from seamline.catalog.models import Colour, Size, Style
from seamline.orders.models import Order
from seamline.quality.choices import InspectionKind, Outcome, Severity
from seamline.quality.models import DefectType, Inspection, InspectionDefect
from seamline.shipping.models import Carton, CartonLine, Shipment
from tests.catalog.factories import ColourFactory, StyleFactory
from tests.isolation import Cases, World
from tests.orders.factories import OrderFactory, OrderLineFactory


@dataclass
class Lot:
    shipment: Shipment
    order: Order
    style: Style
    colour: Colour
    sizes: list[Size]
    cartons: list[Carton]


def shipment_lot(
    *,
    cartons: int = 10,
    per_carton: int = 12,
    shipment: Shipment | None = None,
    order_number: str | None = None,
    shipment_number: str = "SHP-1",
    style: Style | None = None,
    colour: Colour | None = None,
) -> Lot:
    """An order of one style packed in `cartons` ratio cartons of `per_carton` pieces (split
    over two sizes), all on one planned shipment. Create inside `tenant_context(org)`."""
    if style is None or colour is None:
        colour = ColourFactory()
        style = StyleFactory(colours=[colour])
    sizes = list(style.size_grid.sizes.order_by("position"))[:2]
    order = OrderFactory(**({"number": order_number} if order_number else {}))
    for size in sizes:
        OrderLineFactory(
            order=order, style=style, colour=colour, size=size, quantity=cartons * per_carton
        )
    if shipment is None:
        shipment = Shipment.objects.create(
            number=shipment_number,
            customer=order.customer,
            ship_date=timezone.localdate() + dt.timedelta(days=3),
        )
    packed = []
    first = max(1, per_carton // 2)
    for number in range(1, cartons + 1):
        carton = Carton.objects.create(
            order=order,
            number=number,
            pack_type="ratio",
            shipment=shipment,
            packed_at=timezone.now(),
        )
        CartonLine.objects.create(
            carton=carton, style=style, colour=colour, size=sizes[0], quantity=first
        )
        if per_carton - first:
            CartonLine.objects.create(
                carton=carton,
                style=style,
                colour=colour,
                size=sizes[1],
                quantity=per_carton - first,
            )
        packed.append(carton)
    return Lot(shipment, order, style, colour, sizes, packed)


def build(world: World, marker: str) -> World:
    stain = DefectType.objects.create(
        code=f"FSTAIN-{marker}", name=f"Stain {marker}", severity=Severity.MAJOR
    )
    waiting = shipment_lot(
        cartons=3, per_carton=10, shipment_number=f"SHP-{marker}", order_number=f"FO1-{marker}"
    )
    done = shipment_lot(
        cartons=2,
        per_carton=10,
        shipment=waiting.shipment,
        order_number=f"FO2-{marker}",
        style=waiting.style,
        colour=waiting.colour,
    )
    now = timezone.now()
    inspection = Inspection.objects.create(
        client_id=f"final-{marker}",
        kind=InspectionKind.FINAL,
        order=done.order,
        style=done.style,
        shipment=done.shipment,
        inspected_at=now,
        inspector=world.get("owner"),
        checked_qty=5,
        defective_qty=1,
        outcome=Outcome.PASS,
        lot_size=20,
        level="II",
        plan={
            "lot_size": 20,
            "level": "II",
            "code_letter": "C",
            "sample_size": 5,
            "inspect_all": False,
            "classes": {
                severity: {
                    "aql": aql,
                    "code_letter": "C",
                    "table_code_letter": "C",
                    "sample_size": 5,
                    "plan_sample_size": 5,
                    "accept": 0,
                    "reject": 1,
                    "followed_arrow": None,
                    "inspect_all": False,
                }
                for severity, aql in (("critical", None), ("major", "2.5"), ("minor", "4.0"))
            },
            "found": {"critical": 0, "major": 1, "minor": 0},
            "verdicts": {"critical": "accept", "major": "reject", "minor": "accept"},
            "cartons": 2,
            "cartons_opened": [1, 2],
        },
        note=f"final {marker}",
    )
    InspectionDefect.objects.create(
        inspection=inspection,
        defect_type=stain,
        severity=Severity.MAJOR,
        count=1,
        inspected_at=now,
        order=done.order,
        style=done.style,
        kind=InspectionKind.FINAL,
    )
    return {"final_lot": waiting, "final_inspection": inspection}


CASES = Cases(
    build=build,
    urls={
        "quality:final_new": lambda w: {
            "shipment_pk": w["final_lot"].shipment.pk,
            "order_pk": w["final_lot"].order.pk,
        },
        "quality:final_detail": lambda w: {"pk": w["final_inspection"].pk},
        "api:quality_final_inspection_get": lambda w: {"inspection_id": w["final_inspection"].pk},
    },
)
