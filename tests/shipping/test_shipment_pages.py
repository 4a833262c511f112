"""The shipment pages through real requests: list, plan, load, dispatch with the final
inspection gate, deliver, documents, the order page's shipped figures, permissions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Carton, Shipment, ShipmentDocument
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.catalog.factories import CustomerFactory
from tests.shipping.isolation_shipments import PDF, final_inspection, make_order, pack


def _shipment(order: Order, number: str = "SH-T-1", **fields: object) -> Shipment:
    fields.setdefault("ship_date", dt.date(2026, 12, 1))
    return Shipment.objects.create(
        number=number, customer=order.customer, carrier="SF Express", **fields
    )


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_plan_load_inspect_dispatch_and_deliver_through_the_pages(
    owner_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        order = make_order(CustomerFactory(code="ACME"), per_size=10, number="PO-1234")
        pack(order, cartons=1, per_carton=10, size_index=0)
        pack(order, cartons=1, per_carton=10, size_index=1)
        customer = order.customer

    response = owner_a.post(
        reverse("shipping:shipment_new"),
        {"customer": customer.pk, "ship_date": "2026-12-01", "carrier": "SF Express"},
    )
    assert response.status_code == 302
    with tenant_context(tenant_a):
        shipment = Shipment.objects.get()
    detail = reverse("shipping:shipment_detail", kwargs={"pk": shipment.pk})
    assert response["Location"] == detail
    page = _text(owner_a.get(detail))
    assert "Add all of order PO-1234 (2 cartons)" in page

    owner_a.post(
        reverse("shipping:shipment_cartons", kwargs={"pk": shipment.pk}),
        {"action": "add_order", "order": order.pk},
    )
    with tenant_context(tenant_a):
        assert Carton.objects.filter(shipment=shipment).count() == 2
    page = _text(owner_a.get(detail))
    inspect = reverse(
        "quality:final_new", kwargs={"shipment_pk": shipment.pk, "order_pk": order.pk}
    )
    assert inspect in page
    assert reverse("shipping:packing_list_pdf", kwargs={"pk": shipment.pk}) in page
    assert reverse("shipping:packing_list_xlsx", kwargs={"pk": shipment.pk}) in page

    refused = owner_a.post(
        reverse("shipping:shipment_dispatch", kwargs={"pk": shipment.pk}),
        {"tracking_number": "SF1"},
        follow=True,
    )
    assert "Order PO-1234: no final inspection of the 20 pieces on this shipment." in _text(refused)
    with tenant_context(tenant_a):
        assert Shipment.objects.get().status == ShipmentStatus.PLANNED
        final_inspection(shipment, order)

    page = _text(owner_a.get(detail))
    assert "Passed" in page
    done = owner_a.post(
        reverse("shipping:shipment_dispatch", kwargs={"pk": shipment.pk}),
        {"tracking_number": "SF1"},
        follow=True,
    )
    assert "was dispatched" in _text(done)
    with tenant_context(tenant_a):
        shipment.refresh_from_db()
        assert shipment.status == ShipmentStatus.DISPATCHED
        assert shipment.tracking_number == "SF1"
        assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED

    owner_a.post(reverse("shipping:shipment_deliver", kwargs={"pk": shipment.pk}), {"at": ""})
    with tenant_context(tenant_a):
        assert Shipment.objects.get().status == ShipmentStatus.DELIVERED

    order_page = _text(owner_a.get(reverse("orders:order_detail", kwargs={"pk": order.pk})))
    assert "20 of 20 pieces shipped; 20 packed." in order_page
    assert shipment.number in order_page


@pytest.mark.django_db
def test_short_shipment_tick_on_the_dispatch_form(owner_a: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        order = make_order(CustomerFactory(), per_size=10)
        shipment = _shipment(order)
        pack(order, cartons=1, per_carton=10, shipment=shipment)  # 10 of 20
        final_inspection(shipment, order)
    page = _text(owner_a.get(reverse("shipping:shipment_detail", kwargs={"pk": shipment.pk})))
    assert f"Last shipment for order {order.number} (10 pieces now; 0 of 20 shipped before)" in page
    owner_a.post(
        reverse("shipping:shipment_dispatch", kwargs={"pk": shipment.pk}), {"last": [order.pk]}
    )
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED


@pytest.mark.django_db
def test_list_puts_planned_first_and_filters(owner_a: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        order = make_order(CustomerFactory())
        _shipment(order, "SH-OLD-DISPATCHED", status=ShipmentStatus.DISPATCHED)
        _shipment(order, "SH-PLANNED", ship_date=dt.date(2026, 11, 1))
    page = _text(owner_a.get(reverse("shipping:shipment_list")))
    assert page.index("SH-PLANNED") < page.index("SH-OLD-DISPATCHED")
    only = _text(owner_a.get(reverse("shipping:shipment_list"), {"status": "dispatched"}))
    assert "SH-OLD-DISPATCHED" in only
    assert "SH-PLANNED" not in only


@pytest.mark.django_db
def test_documents_upload_download_and_refusal(owner_a: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        shipment = _shipment(make_order(CustomerFactory()))
    upload = reverse("shipping:document_upload", kwargs={"pk": shipment.pk})

    bad = owner_a.post(
        upload, {"kind": "invoice", "file": SimpleUploadedFile("virus.exe", b"MZ\x90")}
    )
    assert bad.status_code == 200
    assert "virus.exe: this type of file cannot be attached" in _text(bad)

    good = owner_a.post(upload, {"kind": "invoice", "file": SimpleUploadedFile("invoice.pdf", PDF)})
    assert good.status_code == 302
    with tenant_context(tenant_a):
        document = ShipmentDocument.objects.get()
    download = owner_a.get(reverse("shipping:document_download", kwargs={"pk": document.pk}))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert document.file.url not in _text(
        owner_a.get(reverse("shipping:shipment_detail", kwargs={"pk": shipment.pk}))
    )

    owner_a.post(reverse("shipping:document_delete", kwargs={"pk": document.pk}))
    with tenant_context(tenant_a):
        assert ShipmentDocument.objects.count() == 0


@pytest.mark.django_db
def test_another_factorys_document_is_a_404(
    owner_a: Client, tenant_b: Organization, client_as: Callable[[Organization, str], Client]
) -> None:
    with tenant_context(tenant_b):
        shipment = _shipment(make_order(CustomerFactory()))
        document = ShipmentDocument(shipment=shipment, kind="invoice", name="b.pdf")
        document.file.save("b.pdf", SimpleUploadedFile("b.pdf", PDF), save=True)
    url = reverse("shipping:document_download", kwargs={"pk": document.pk})
    assert owner_a.get(url).status_code == 404
    assert client_as(tenant_b, Role.OWNER).get(url).content == PDF


@pytest.mark.django_db
def test_view_only_roles_see_but_cannot_change(
    client_as: Callable[[Organization, str], Client], tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        order = make_order(CustomerFactory())
        shipment = _shipment(order)
    supervisor = client_as(tenant_a, Role.SUPERVISOR)
    detail = reverse("shipping:shipment_detail", kwargs={"pk": shipment.pk})
    page = supervisor.get(detail)
    assert page.status_code == 200
    assert reverse("shipping:shipment_dispatch", kwargs={"pk": shipment.pk}) not in _text(page)
    cancel = reverse("shipping:shipment_cancel", kwargs={"pk": shipment.pk})
    assert supervisor.post(cancel).status_code == 403
    assert client_as(tenant_a, Role.WORKER).get(detail).status_code == 403
    with tenant_context(tenant_a):
        assert Shipment.objects.get().status == ShipmentStatus.PLANNED


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_the_shipments(
    owner_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        order = make_order(CustomerFactory())
        pack(order, cartons=1, per_carton=5, shipment=_shipment(order, "SH-1"))
    with CaptureQueriesContext(connection) as one:
        owner_a.get(reverse("shipping:shipment_list"))
    with tenant_context(tenant_a):
        for n in range(2, 7):
            pack(order, cartons=2, per_carton=5, shipment=_shipment(order, f"SH-{n}"))
    with CaptureQueriesContext(connection) as six:
        page = owner_a.get(reverse("shipping:shipment_list"))
    assert "SH-6" in page.content.decode()
    assert len(six) == len(one)
