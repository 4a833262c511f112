"""The shipments API: plan, load, the ASN, dispatch with its gate, deliver; permissions and
another factory's shipment."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Shipment
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.catalog.factories import CustomerFactory
from tests.shipping.isolation_shipments import final_inspection, make_order, pack

pytestmark = pytest.mark.django_db
BASE = "/api/v1/shipping/shipments"
ApiClient = Callable[[Organization, str], Client]


def test_plan_load_dispatch_and_deliver_over_the_api(
    api_client_as: ApiClient, tenant_a: Organization
) -> None:
    api = api_client_as(tenant_a, Role.PLANNER)
    with tenant_context(tenant_a):
        order = make_order(CustomerFactory(code="ACME"), per_size=10, number="PO-5")
        cartons = pack(order, cartons=2, per_carton=10)

    created = api.post(
        BASE,
        {"customer_id": order.customer_id, "ship_date": "2026-12-01", "carrier": "DHL"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    shipment = created.json()
    assert shipment["number"] == "SH-2026-0001"
    assert shipment["status"] == "planned"
    url = f"{BASE}/{shipment['id']}"

    loaded = api.post(
        f"{url}/cartons", {"add": [c.pk for c in cartons]}, content_type="application/json"
    )
    assert loaded.status_code == 200
    assert (loaded.json()["cartons"], loaded.json()["pieces"]) == (2, 20)
    assert loaded.json()["lots"][0]["accepted"] is False

    refused = api.post(f"{url}/dispatch", {}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "inspection"]
    assert "Order PO-5: no final inspection of the 20 pieces" in refused.json()["errors"][0]["msg"]

    with tenant_context(tenant_a):
        final_inspection(Shipment.objects.get(), order)
    dispatched = api.post(
        f"{url}/dispatch", {"tracking_number": "DHL-9"}, content_type="application/json"
    )
    assert dispatched.status_code == 200
    assert dispatched.json()["status"] == "dispatched"
    assert dispatched.json()["tracking_number"] == "DHL-9"
    with tenant_context(tenant_a):
        assert Order.objects.get(pk=order.pk).status == OrderStatus.SHIPPED

    asn = api.get(f"{url}/asn").json()
    assert asn["status"] == "dispatched"
    assert asn["dispatched_at"].endswith("+08:00")
    assert [c["carton_id"] for c in asn["orders"][0]["cartons"]] == ["PO-5-0001", "PO-5-0002"]

    delivered = api.post(f"{url}/deliver", content_type="application/json")
    assert delivered.json()["status"] == "delivered"

    listed = api.get(BASE, {"status": "delivered"}).json()
    assert [row["number"] for row in listed["items"]] == ["SH-2026-0001"]


def test_another_factorys_shipment_is_a_404_and_unchanged(
    api_client_as: ApiClient, tenant_a: Organization, tenant_b: Organization
) -> None:
    with tenant_context(tenant_b):
        order = make_order(CustomerFactory())
        shipment = Shipment.objects.create(
            number="SH-B", customer=order.customer, ship_date="2026-12-01", carrier="X"
        )
        pack(order, cartons=1, per_carton=10, shipment=shipment)
        final_inspection(shipment, order)
    api = api_client_as(tenant_a, Role.OWNER)
    for path in ("", "/asn"):
        assert api.get(f"{BASE}/{shipment.pk}{path}").status_code == 404
    for path in ("/dispatch", "/deliver", "/cartons"):
        answer = api.post(f"{BASE}/{shipment.pk}{path}", {}, content_type="application/json")
        assert answer.status_code == 404
    with tenant_context(tenant_b):
        assert Shipment.objects.get().status == ShipmentStatus.PLANNED


def test_view_only_role_reads_but_cannot_dispatch(
    api_client_as: ApiClient, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        order = make_order(CustomerFactory())
        shipment = Shipment.objects.create(
            number="SH-A", customer=order.customer, ship_date="2026-12-01", carrier="X"
        )
    api = api_client_as(tenant_a, Role.SUPERVISOR)
    assert api.get(f"{BASE}/{shipment.pk}").status_code == 200
    dispatch = api.post(f"{BASE}/{shipment.pk}/dispatch", {}, content_type="application/json")
    assert dispatch.status_code == 403
    assert api_client_as(tenant_a, Role.WORKER).get(BASE).status_code == 403


def test_loading_unknown_cartons_names_them(
    api_client_as: ApiClient, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        order = make_order(CustomerFactory())
        shipment = Shipment.objects.create(
            number="SH-A", customer=order.customer, ship_date="2026-12-01"
        )
    api = api_client_as(tenant_a, Role.OWNER)
    answer = api.post(
        f"{BASE}/{shipment.pk}/cartons", {"add": [999999]}, content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"loc": ["body", "add"], "msg": "No such cartons: 999999.", "type": "invalid"}
    ]
