"""Shipments in the tenant-isolation walk, per tenant: a planned shipment of the orders
world's order with one carton on it and an attached PDF. Rows are written straight (the
services are tested in test_shipments.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from seamline.catalog.models import Customer
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderLine
from seamline.quality.choices import InspectionKind, Outcome
from seamline.quality.models import Inspection
from seamline.shipping.choices import DocumentKind, PackType
from seamline.shipping.models import Carton, CartonLine, Shipment, ShipmentDocument
from tests.catalog.factories import ColourFactory, SizeGridFactory, StyleFactory
from tests.isolation import Cases, World
from tests.orders.factories import OrderFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build(world: World, marker: str) -> World:
    order = world["order"]
    line = OrderLine.objects.filter(order=order).first()
    assert line is not None
    shipment = Shipment.objects.create(
        number=f"SH-{marker}",
        customer=order.customer,
        ship_date=dt.date(2026, 12, 1),
        carrier=f"Carrier {marker}",
        destination=f"Port {marker}",
        note=f"Note {marker}",
    )
    carton = Carton.objects.create(
        order=order,
        number=901,
        pack_type=PackType.SOLID,
        shipment=shipment,
        gross_kg=Decimal("10.00"),
        net_kg=Decimal("9.00"),
        packed_at=timezone.now(),
    )
    CartonLine.objects.create(
        carton=carton, style=line.style, colour=line.colour, size=line.size, quantity=12
    )
    document = ShipmentDocument(
        shipment=shipment, kind=DocumentKind.INVOICE, name=f"invoice-{marker}.pdf"
    )
    document.file.save(f"invoice-{marker}.pdf", ContentFile(PDF), save=False)
    document.save()
    return {"shipment": shipment, "shipment_carton": carton, "shipment_document": document}


def _shipment(world: World) -> dict[str, int]:
    return {"pk": world["shipment"].pk}


def _document(world: World) -> dict[str, int]:
    return {"pk": world["shipment_document"].pk}


def _api_shipment(world: World) -> dict[str, int]:
    return {"shipment_id": world["shipment"].pk}


CASES = Cases(
    build=build,
    urls={
        "shipping:shipment_detail": _shipment,
        "shipping:shipment_edit": _shipment,
        "shipping:shipment_cartons": _shipment,
        "shipping:shipment_dispatch": _shipment,
        "shipping:shipment_deliver": _shipment,
        "shipping:shipment_cancel": _shipment,
        "shipping:document_upload": _shipment,
        "shipping:document_download": _document,
        "shipping:document_delete": _document,
        "api:shipment_get": _api_shipment,
        "api:shipment_asn": _api_shipment,
        "api:shipment_cartons": _api_shipment,
        "api:shipment_dispatch": _api_shipment,
        "api:shipment_deliver": _api_shipment,
    },
)


# --- helpers the shipment tests share ------------------------------------------------------

_serial = itertools.count(1)


def make_order(
    customer: Customer,
    *,
    per_size: int = 50,
    sizes: tuple[str, ...] = ("S", "M"),
    status: str = OrderStatus.CONFIRMED,
    number: str | None = None,
) -> Order:
    """An order of one style and colour, `per_size` pieces of each of `sizes`."""
    grid = SizeGridFactory(sizes=list(sizes))
    colour = ColourFactory()
    style = StyleFactory(customer=customer, size_grid=grid, colours=[colour])
    order = OrderFactory(
        customer=customer, status=status, number=number or f"SO-T{next(_serial):04d}"
    )
    for size in grid.sizes.order_by("position"):
        OrderLine.objects.create(
            order=order, style=style, colour=colour, size=size, quantity=per_size
        )
    return order


def pack(
    order: Order,
    *,
    cartons: int,
    per_carton: int,
    size_index: int = 0,
    shipment: Shipment | None = None,
) -> list[Carton]:
    """`cartons` solid cartons of `per_carton` pieces of one size of `order`, numbered after
    the order's last carton."""
    line = list(OrderLine.objects.filter(order=order).order_by("size__position"))[size_index]
    last = Carton.objects.filter(order=order).order_by("-number").first()
    start = last.number + 1 if last else 1
    made = []
    for number in range(start, start + cartons):
        carton = Carton.objects.create(
            order=order,
            number=number,
            pack_type=PackType.SOLID,
            shipment=shipment,
            gross_kg=Decimal("8.50"),
            net_kg=Decimal("7.25"),
            length_cm=60,
            width_cm=40,
            height_cm=30,
            packed_at=timezone.now(),
        )
        CartonLine.objects.create(
            carton=carton,
            style=line.style,
            colour=line.colour,
            size=line.size,
            quantity=per_carton,
        )
        made.append(carton)
    return made


def final_inspection(
    shipment: Shipment, order: Order, *, outcome: str = Outcome.PASS, lot_size: int | None = None
) -> Inspection:
    """A final inspection of `order`'s lot on `shipment` (its current size unless given)."""
    if lot_size is None:
        lot_size = sum(
            CartonLine.objects.filter(carton__shipment=shipment, carton__order=order).values_list(
                "quantity", flat=True
            )
        )
    return Inspection.objects.create(
        client_id=f"final-{next(_serial)}",
        kind=InspectionKind.FINAL,
        order=order,
        shipment=shipment,
        lot_size=lot_size,
        checked_qty=min(lot_size, 32),
        inspected_at=timezone.now(),
        outcome=outcome,
    )
