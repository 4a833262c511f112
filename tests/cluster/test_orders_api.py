"""The cluster orders API end to end: a brand creates and publishes, a factory bids, the
operator runs and offers, the factory accepts; refusals are 422s naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from seamline.cluster.choices import AllocationStatus
from seamline.cluster.models import Allocation, ClusterOrder
from seamline.orders.models import Order
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization
from tests.cluster.test_orders import scene

pytestmark = pytest.mark.django_db

Maker = Callable[..., Client]
BASE = "/api/v1/cluster"


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(f"{BASE}{url}", body or {}, content_type="application/json")


def order_body(cluster_id: int, style_id: int, **extra: Any) -> dict[str, Any]:
    body = {
        "cluster_id": cluster_id,
        "style_id": style_id,
        "lines": [
            {"colour": "NAVY", "size": "S", "quantity": 100},
            {"colour": "NAVY", "size": "M", "quantity": 300},
        ],
        "delivery_date": (timezone.localdate() + dt.timedelta(days=35)).isoformat(),
        "target_price": "30.00",
        "factory_price": "18.00",
        "commission_pct": "5",
        "required_capabilities": ["knits"],
    }
    body.update(extra)
    return body


def test_the_whole_flow(api_client_as: Maker) -> None:
    s = scene(factories=1)
    factory: Organization = s.factories[0]
    brand, operator, maker = (
        api_client_as(s.brand, Role.BRAND_BUYER),
        api_client_as(s.operator),
        api_client_as(factory),
    )
    created = post(brand, "/orders", order_body(s.cluster.pk, s.style.pk))
    assert created.status_code == 201, created.content
    order = created.json()
    assert (order["number"], order["status"], order["smv"], order["quantity"]) == (
        "CO-0001",
        "draft",
        "12.500",
        400,
    )
    assert order["target_price"] == "30.0000"
    assert order["brand"] == s.brand.name
    assert maker.get(f"{BASE}/orders/{order['id']}").status_code == 404  # a draft
    assert post(brand, f"/orders/{order['id']}/publish").json()["status"] == "published"
    seen = maker.get(f"{BASE}/orders/{order['id']}").json()
    assert seen["target_price"] is None
    assert seen["factory_price"] is None

    ready = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
    bid = post(
        maker,
        f"/orders/{order['id']}/bids",
        {"quantity": 400, "unit_price": "16.5", "ready_date": ready},
    )
    assert bid.status_code == 200, bid.content
    assert bid.json()["status"] == "open"

    run = post(brand, f"/orders/{order['id']}/runs", {"mode": "cost"})
    assert run.status_code == 201, run.content
    proposal = run.json()
    assert proposal["status"] in ("optimal", "feasible")
    assert [a["quantity"] for a in proposal["allocations"]] == [400]
    assert proposal["allocations"][0]["reasons"]
    assert proposal["explanation"][0]["factory"] == factory.pk
    assert operator.get(f"{BASE}/runs/{proposal['id']}").json()["id"] == proposal["id"]
    # Not offered yet: the factory does not see the proposal.
    assert maker.get(f"{BASE}/allocations").json()["items"] == []
    offered = post(operator, f"/runs/{proposal['id']}/offer").json()
    assert [a["status"] for a in offered["allocations"]] == ["offered"]

    allocation_id = offered["allocations"][0]["id"]
    accepted = post(maker, f"/allocations/{allocation_id}/answer", {"accept": True})
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"] == "accepted"
    assert sum(line["quantity"] for line in body["lines"]) == 400
    assert body["factory_order_number"] == Order.unscoped.get(tenant=factory).number
    again = post(maker, f"/allocations/{allocation_id}/answer", {"accept": True})
    assert again.json() == body
    refused = post(maker, f"/allocations/{allocation_id}/answer", {"accept": False})
    assert refused.status_code == 422
    assert Allocation.unscoped.get(pk=allocation_id).status == AllocationStatus.ACCEPTED
    assert Order.unscoped.filter(tenant=factory).count() == 1


def test_422_names_the_field_and_the_row(api_client_as: Maker) -> None:
    s = scene(factories=1)
    brand = api_client_as(s.brand)
    body = order_body(
        s.cluster.pk,
        s.style.pk,
        lines=[
            {"colour": "NAVY", "size": "S", "quantity": 10},
            {"colour": "NAVY", "size": "M", "quantity": -4},
        ],
        commission_pct="150",
    )
    response = post(brand, "/orders", body)
    assert response.status_code == 422
    errors = {tuple(e["loc"]): e["msg"] for e in response.json()["errors"]}
    assert errors[("body", "lines")] == "line 2: quantity must be a whole number of 1 or more."
    assert ("body", "commission_pct") in errors
    assert ClusterOrder.unscoped.count() == 0
    # Malformed input is a 422 from the schema, naming the field.
    response = post(brand, "/orders", {"cluster_id": s.cluster.pk})
    assert response.status_code == 422
    assert any("style_id" in e["loc"] for e in response.json()["errors"])


def test_factory_cannot_create_and_the_mode_is_checked(api_client_as: Maker) -> None:
    s = scene(factories=1)
    factory = api_client_as(s.factories[0])
    assert post(factory, "/orders", order_body(s.cluster.pk, s.style.pk)).status_code == 404
    brand = api_client_as(s.brand)
    order = post(brand, "/orders", order_body(s.cluster.pk, s.style.pk)).json()
    post(brand, f"/orders/{order['id']}/publish")
    response = post(brand, f"/orders/{order['id']}/runs", {"mode": "random"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "mode"]


def test_reading_needs_a_cluster_role(api_client_as: Maker) -> None:
    s = scene(factories=1)
    worker = api_client_as(s.factories[0], Role.WORKER)
    assert worker.get(f"{BASE}/orders").status_code == 403
