"""Packing in the tenant-isolation walk, per tenant: end-of-line passes on the cut order,
two packed cartons, one of them on a planned shipment (whose packing list is walked).

Also the helpers the packing tests share: `pass_pieces` writes end-of-line inspections
straight (the inspection service is tested in tests/quality), `shipment` a bare shipment.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from seamline.catalog.models import Customer, Size
from seamline.orders.models import Order
from seamline.quality.choices import InspectionKind, Outcome
from seamline.quality.models import Inspection
from seamline.shipping.choices import PackType, ShipmentStatus
from seamline.shipping.models import Carton, CartonLine, Shipment
from tests.cutting.factories import CutOrder, cut_order
from tests.isolation import Cases, World

_serial = itertools.count(1)


def pass_pieces(cut: CutOrder, size: Size, pieces: int) -> None:
    """End-of-line inspections that pass `pieces` pieces of `size` of the cut order, bundle
    by bundle (each bundle checked whole)."""
    left = pieces
    for bundle in cut.bundles:
        if bundle.size_id != size.pk or left <= 0:
            continue
        passed = min(bundle.quantity, left)
        Inspection.objects.create(
            client_id=f"eol-{bundle.pk}-{next(_serial)}",
            kind=InspectionKind.END_OF_LINE,
            order=cut.order,
            style=cut.style,
            bundle=bundle,
            inspected_at=timezone.now(),
            checked_qty=bundle.quantity,
            rejected_qty=bundle.quantity - passed,
            passed_qty=passed,
            outcome=Outcome.PASS,
        )
        left -= passed
    assert left == 0, f"the cut order has {pieces - left} pieces of {size.code} to pass"


def shipment(
    customer: Customer, number: str, status: str = ShipmentStatus.PLANNED, **fields: object
) -> Shipment:
    return Shipment.objects.create(
        number=number,
        customer=customer,
        ship_date=fields.pop("ship_date", dt.date(2026, 3, 2)),  # type: ignore[arg-type]
        status=status,
        **fields,
    )


def build(world: World, marker: str) -> World:
    """Rows written straight: the walk builds both tenants' worlds for each of its tests."""
    cut: CutOrder = world.get("cut") or cut_order()
    order: Order = cut.order
    Order.objects.filter(pk=order.pk).update(customer_po=f"PO {marker}")
    small, medium = cut.sizes
    pass_pieces(cut, small, 20)
    pass_pieces(cut, medium, 40)
    ship = shipment(order.customer, f"PK-{marker}", carrier=f"Carrier {marker}", destination=marker)
    cartons = []
    for number in (1, 2):
        carton = Carton.objects.create(
            order=order,
            number=number,
            pack_type=PackType.SOLID,
            shipment=ship if number == 2 else None,
            gross_kg=Decimal("5.50"),
            net_kg=Decimal("5.00"),
            packed_at=timezone.now(),
        )
        CartonLine.objects.create(
            carton=carton, style=cut.style, colour=cut.colour, size=medium, quantity=10
        )
        cartons.append(carton)
    return {"cut": cut, "packing_carton": cartons[0], "packing_shipment": ship}


def _order(world: World) -> dict[str, int]:
    return {"pk": world["cut"].order.pk}


def _api_order(world: World) -> dict[str, int]:
    return {"order_id": world["cut"].order.pk}


CASES = Cases(
    build=build,
    urls={
        "shipping:order_packing": _order,
        "shipping:pack_solid": _order,
        "shipping:pack_ratio": _order,
        "shipping:carton_labels": _order,
        "shipping:carton_delete": lambda w: {"pk": w["packing_carton"].pk},
        "shipping:packing_list_xlsx": lambda w: {"pk": w["packing_shipment"].pk},
        "shipping:packing_list_pdf": lambda w: {"pk": w["packing_shipment"].pk},
        "api:shipping_order_packing": _api_order,
        "api:shipping_carton_list": _api_order,
        "api:shipping_carton_pack": _api_order,
        "api:shipping_carton_delete": lambda w: {"carton_id": w["packing_carton"].pk},
    },
)
