"""Shipment services: plan, load, dispatch (final inspection gate, order status), deliver,
cancel and documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderEvent
from seamline.quality.choices import Outcome
from seamline.shipping import shipments as services
from seamline.shipping.asn import asn_payload
from seamline.shipping.choices import DocumentKind, ShipmentStatus
from seamline.shipping.models import Carton, Shipment, ShipmentDocument
from seamline.tenancy.models import Organization, User
from seamline.webhooks.choices import Event
from seamline.webhooks.models import Delivery, Endpoint
from tests.catalog.factories import CustomerFactory
from tests.shipping.isolation_shipments import PDF, final_inspection, make_order, pack

pytestmark = pytest.mark.usefixtures("in_tenant_a")


@pytest.fixture
def owner(tenant_a: Organization, member: Callable[..., User]) -> User:
    return member(tenant_a)


def _planned(owner: User, order: Order, *, carrier: str = "SF Express") -> Shipment:
    return services.shipment_create(
        customer=order.customer, ship_date=dt.date(2026, 12, 1), carrier=carrier, by=owner
    )


def _status(order: Order) -> str:
    return Order.objects.get(pk=order.pk).status


# --- plan ----------------------------------------------------------------------------------


def test_numbers_are_generated_per_year_and_a_taken_number_is_refused(owner: User) -> None:
    customer = CustomerFactory()
    first = services.shipment_create(customer=customer, ship_date=dt.date(2026, 3, 1), by=owner)
    second = services.shipment_create(customer=customer, ship_date=dt.date(2026, 5, 1), by=owner)
    other_year = services.shipment_create(
        customer=customer, ship_date=dt.date(2027, 1, 5), by=owner
    )
    assert [first.number, second.number, other_year.number] == [
        "SH-2026-0001",
        "SH-2026-0002",
        "SH-2027-0001",
    ]
    with pytest.raises(ValidationError) as refused:
        services.shipment_create(
            customer=customer, ship_date=dt.date(2026, 3, 1), number="SH-2026-0002", by=owner
        )
    assert "number" in refused.value.error_dict
    assert Shipment.objects.count() == 3


def test_cartons_of_another_customer_or_another_shipment_are_refused(owner: User) -> None:
    order = make_order(CustomerFactory())
    stranger = make_order(CustomerFactory())
    shipment = _planned(owner, order)
    elsewhere = _planned(owner, order)
    mine = pack(order, cartons=2, per_carton=10)
    taken = pack(order, cartons=1, per_carton=10, shipment=elsewhere)
    theirs = pack(stranger, cartons=1, per_carton=10)

    with pytest.raises(ValidationError) as refused:
        services.shipment_add_cartons(shipment, [*mine, *taken, *theirs], by=owner)

    message = " ".join(refused.value.messages)
    assert f"Carton 3 of order {order.number} is already on another shipment." in message
    assert f"Carton 1 of order {stranger.number} is for another customer." in message
    assert Carton.objects.filter(shipment=shipment).count() == 0  # nothing half-written
    assert services.shipment_add_cartons(shipment, mine, by=owner) == 2
    assert Carton.objects.filter(shipment=shipment).count() == 2


def test_header_changes_only_while_planned(owner: User) -> None:
    order = make_order(CustomerFactory())
    shipment = _planned(owner, order)
    services.shipment_update(shipment=shipment, carrier="DHL", destination="Hamburg", by=owner)
    assert Shipment.objects.get(pk=shipment.pk).carrier == "DHL"
    services.shipment_cancel(shipment, by=owner)
    with pytest.raises(ValidationError, match="cancelled"):
        services.shipment_update(shipment=shipment, carrier="UPS", by=owner)
    assert Shipment.objects.get(pk=shipment.pk).carrier == "DHL"


def test_cancel_frees_the_cartons(owner: User) -> None:
    order = make_order(CustomerFactory())
    shipment = _planned(owner, order)
    cartons = pack(order, cartons=3, per_carton=10, shipment=shipment)
    services.shipment_cancel(shipment, by=owner)
    assert Shipment.objects.get(pk=shipment.pk).status == ShipmentStatus.CANCELLED
    assert Carton.objects.filter(pk__in=[c.pk for c in cartons], shipment=None).count() == 3


# --- dispatch: the final inspection gate ---------------------------------------------------


def test_dispatch_is_refused_without_a_final_inspection(owner: User) -> None:
    order = make_order(CustomerFactory(), number="PO-1234")
    shipment = _planned(owner, order)
    pack(order, cartons=4, per_carton=60, shipment=shipment)

    with pytest.raises(ValidationError) as refused:
        services.shipment_dispatch(shipment, by=owner)

    assert refused.value.messages == [
        "Order PO-1234: no final inspection of the 240 pieces on this shipment."
    ]
    assert Shipment.objects.get(pk=shipment.pk).status == ShipmentStatus.PLANNED
    assert Shipment.objects.get(pk=shipment.pk).dispatched_at is None
    assert _status(order) == OrderStatus.CONFIRMED


def test_dispatch_is_refused_when_the_lot_grew_after_inspection(owner: User) -> None:
    order = make_order(CustomerFactory(), number="PO-77")
    shipment = _planned(owner, order)
    pack(order, cartons=2, per_carton=10, shipment=shipment)
    final_inspection(shipment, order)  # passed, 20 pieces
    services.shipment_add_cartons(shipment, pack(order, cartons=1, per_carton=10), by=owner)

    with pytest.raises(ValidationError) as refused:
        services.shipment_dispatch(shipment, by=owner)

    assert (
        "Order PO-77: the final inspection covered 20 pieces but the lot now has 30"
        in (refused.value.messages[0])
    )
    assert Shipment.objects.get(pk=shipment.pk).status == ShipmentStatus.PLANNED


def test_dispatch_is_refused_when_the_lot_was_rejected(owner: User) -> None:
    order = make_order(CustomerFactory(), number="PO-9")
    shipment = _planned(owner, order)
    pack(order, cartons=2, per_carton=10, shipment=shipment)
    final_inspection(shipment, order, outcome=Outcome.REJECT)
    with pytest.raises(ValidationError, match="PO-9: the final inspection rejected"):
        services.shipment_dispatch(shipment, by=owner)


def test_dispatch_needs_cartons_and_a_carrier(owner: User) -> None:
    order = make_order(CustomerFactory())
    empty = _planned(owner, order)
    with pytest.raises(ValidationError) as refused:
        services.shipment_dispatch(empty, by=owner)
    assert "cartons" in refused.value.error_dict
    no_carrier = _planned(owner, order, carrier="")
    pack(order, cartons=1, per_carton=10, shipment=no_carrier)
    final_inspection(no_carrier, order)
    with pytest.raises(ValidationError) as refused:
        services.shipment_dispatch(no_carrier, by=owner)
    assert "carrier" in refused.value.error_dict


# --- dispatch: the orders move on ----------------------------------------------------------


def test_order_is_shipped_when_all_its_pieces_left(owner: User) -> None:
    order = make_order(CustomerFactory(), per_size=20)  # 40 pieces, confirmed
    shipment = _planned(owner, order)
    pack(order, cartons=2, per_carton=10, size_index=0, shipment=shipment)
    pack(order, cartons=2, per_carton=10, size_index=1, shipment=shipment)
    final_inspection(shipment, order)

    services.shipment_dispatch(shipment, by=owner, tracking_number="SF100")

    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DISPATCHED
    assert shipment.dispatched_at is not None
    assert shipment.tracking_number == "SF100"
    assert _status(order) == OrderStatus.SHIPPED
    moves = list(
        OrderEvent.objects.filter(order=order)
        .order_by("at", "pk")
        .values_list("from_status", "to_status")
    )
    assert moves[-2:] == [
        (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION),
        (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED),
    ]


def test_partial_shipment_leaves_the_order_in_production_until_the_rest_ships(
    owner: User,
) -> None:
    order = make_order(CustomerFactory(), per_size=20)  # 40 pieces
    first = _planned(owner, order)
    pack(order, cartons=2, per_carton=10, size_index=0, shipment=first)
    final_inspection(first, order)
    services.shipment_dispatch(first, by=owner)
    assert _status(order) == OrderStatus.IN_PRODUCTION
    assert services.shipped_pieces(order) == 20

    second = _planned(owner, order)
    pack(order, cartons=2, per_carton=10, size_index=1, shipment=second)
    final_inspection(second, order)
    services.shipment_dispatch(second, by=owner)
    assert _status(order) == OrderStatus.SHIPPED
    assert services.shipped_pieces(order) == 40


def test_short_shipment_ticked_as_last_ships_the_order(owner: User) -> None:
    order = make_order(CustomerFactory(), per_size=20)
    other = make_order(order.customer, per_size=20)
    shipment = _planned(owner, order)
    pack(order, cartons=3, per_carton=10, shipment=shipment)  # 30 of 40
    pack(other, cartons=1, per_carton=10, shipment=shipment)  # 10 of 40
    final_inspection(shipment, order)
    final_inspection(shipment, other)

    services.shipment_dispatch(shipment, by=owner, last_for_orders=[order])

    assert _status(order) == OrderStatus.SHIPPED
    assert _status(other) == OrderStatus.IN_PRODUCTION


def test_an_order_not_on_the_shipment_cannot_be_ticked_as_last(owner: User) -> None:
    order = make_order(CustomerFactory())
    stranger = make_order(order.customer)
    shipment = _planned(owner, order)
    pack(order, cartons=1, per_carton=10, shipment=shipment)
    final_inspection(shipment, order)
    with pytest.raises(ValidationError) as refused:
        services.shipment_dispatch(shipment, by=owner, last_for_orders=[stranger.pk])
    assert "last_for_orders" in refused.value.error_dict
    assert _status(stranger) == OrderStatus.CONFIRMED


def test_dispatch_publishes_the_asn_and_a_rollback_publishes_nothing(owner: User) -> None:
    order = make_order(CustomerFactory())
    Endpoint.objects.create(
        url="http://127.0.0.1:9/asn", events=[Event.SHIPMENT_DISPATCHED], secret="s"
    )
    shipment = _planned(owner, order)
    pack(order, cartons=1, per_carton=10, shipment=shipment)
    final_inspection(shipment, order, outcome=Outcome.REJECT)
    with pytest.raises(ValidationError):
        services.shipment_dispatch(shipment, by=owner)
    assert Delivery.objects.count() == 0

    final_inspection(shipment, order)
    services.shipment_dispatch(shipment, by=owner)
    (delivery,) = Delivery.objects.all()
    assert delivery.event == "shipment.dispatched"
    assert delivery.payload["data"]["shipment_number"] == shipment.number
    assert delivery.payload["data"]["status"] == "dispatched"


def test_deliver_records_the_time_and_only_after_dispatch(owner: User) -> None:
    order = make_order(CustomerFactory())
    shipment = _planned(owner, order)
    pack(order, cartons=1, per_carton=10, shipment=shipment)
    with pytest.raises(ValidationError, match="planned"):
        services.shipment_deliver(shipment, by=owner)
    final_inspection(shipment, order)
    services.shipment_dispatch(shipment, by=owner)
    services.shipment_deliver(shipment, by=owner)
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED
    assert shipment.delivered_at is not None
    with pytest.raises(ValidationError):
        services.shipment_cancel(shipment, by=owner)


# --- ASN -----------------------------------------------------------------------------------


def test_asn_lists_orders_lines_and_cartons_with_their_barcode_ids(owner: User) -> None:
    order = make_order(CustomerFactory(code="ACME"), per_size=20, number="SO-42")
    order.customer_po = "PO-1234"
    order.save()
    shipment = _planned(owner, order)
    pack(order, cartons=2, per_carton=10, size_index=0, shipment=shipment)
    pack(order, cartons=1, per_carton=12, size_index=1, shipment=shipment)

    asn = asn_payload(shipment)

    assert asn["shipment_number"] == shipment.number
    assert asn["customer"]["code"] == "ACME"
    (block,) = asn["orders"]
    assert block["order_number"] == "SO-42"
    assert block["customer_po"] == "PO-1234"
    assert [(line["size"], line["pieces"]) for line in block["lines"]] == [("S", 20), ("M", 12)]
    assert [c["carton_id"] for c in block["cartons"]] == ["SO-42-0001", "SO-42-0002", "SO-42-0003"]
    assert block["cartons"][0]["contents"][0]["pieces"] == 10
    assert block["cartons"][0]["gross_kg"] == "8.50"
    assert asn["totals"] == {
        "orders": 1,
        "cartons": 3,
        "pieces": 32,
        "gross_kg": "25.50",
        "net_kg": "21.75",
    }
    assert asn["dispatched_at"] is None


# --- documents -----------------------------------------------------------------------------


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_documents_accept_pdf_and_refuse_other_types_fakes_and_big_files(owner: User) -> None:
    order = make_order(CustomerFactory())
    shipment = _planned(owner, order)
    kind = DocumentKind.INVOICE

    document = services.document_add(
        shipment, kind=kind, uploaded_file=_upload("Invoice 7.PDF", PDF), by=owner
    )
    assert document.name == "Invoice 7.pdf"

    refusals = [
        (_upload("run.exe", b"MZ\x90\x00"), "run.exe: this type of file cannot be attached"),
        (_upload("fake.pdf", b"<html>"), "fake.pdf is not really a PDF file."),
        (_upload("empty.pdf", b""), "empty.pdf is empty."),
        (_upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024)), "a document may have at most 10 MB"),
    ]
    for upload, message in refusals:
        with pytest.raises(ValidationError) as refused:
            services.document_add(shipment, kind=kind, uploaded_file=upload, by=owner)
        assert "file" in refused.value.error_dict
        assert message in refused.value.messages[0]
    assert ShipmentDocument.objects.count() == 1

    services.document_delete(document, by=owner)
    assert ShipmentDocument.objects.count() == 0
