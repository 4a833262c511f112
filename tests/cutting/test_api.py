"""The cutting API: plans, lays, cutting and bundles over JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from seamline.cutting.models import Bundle, CutPlan, Lay
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.catalog.factories import ColourFactory
from tests.cutting.factories import OrderToCut, cut_order, order_to_cut

BASE = "/api/v1/cutting"


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def planner(api_client_as: Callable[[Organization, str], Client], tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.PLANNER)


@pytest.fixture
def made(tenant_a: Organization) -> OrderToCut:
    with tenant_context(tenant_a):
        return order_to_cut(quantities={"S": 60, "M": 60, "L": 40})


def test_create_add_cut_and_list(planner: Client, tenant_a: Organization, made: OrderToCut) -> None:
    created = post(
        planner,
        f"{BASE}/plans",
        {"order_id": made.order.pk, "style_id": made.style.pk, "bundle_size": 20},
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert (plan["ordered"], plan["cut"], plan["lays"]) == (160, 0, [])
    m_id = made.sizes[1].pk
    lay = post(
        planner,
        f"{BASE}/plans/{plan['id']}/lays",
        {
            "colour_id": made.colours[0].pk,
            "plies": 30,
            "shade": "A",
            "ratios": {"S": 1, str(m_id): 2},
        },
    )
    assert lay.status_code == 201, lay.content
    assert (lay.json()["marker"], lay.json()["pieces"], lay.json()["status"]) == (
        "S:1 M:2",
        90,
        "planned",
    )

    cut = post(planner, f"{BASE}/lays/{lay.json()['id']}/cut")
    assert cut.status_code == 200, cut.content
    body = cut.json()
    assert body["lay"]["status"] == "cut"
    assert [(b["number"], b["size"]["code"], b["quantity"]) for b in body["bundles"]] == [
        (1, "S", 20),
        (2, "S", 10),
        (3, "M", 20),
        (4, "M", 10),
        (5, "M", 20),
        (6, "M", 10),
    ]
    assert (body["lay"]["first_bundle"], body["lay"]["last_bundle"]) == (1, 6)

    detail = planner.get(f"{BASE}/plans/{plan['id']}").json()
    assert detail["cut"] == 90
    cells = {c["size_id"]: c for c in detail["matrix"]["rows"][0]["cells"]}
    assert cells[m_id] == {"size_id": m_id, "ordered": 60, "planned": 0, "cut": 60, "balance": 0}
    assert detail["matrix"]["rows"][0]["total"]["balance"] == -70

    listed = planner.get(f"{BASE}/plans", {"order_id": made.order.pk}).json()
    assert [p["id"] for p in listed["items"]] == [plan["id"]]
    bundles = planner.get(f"{BASE}/bundles", {"lay_id": lay.json()["id"], "limit": 4}).json()
    assert bundles["count"] == 6
    assert [b["number"] for b in bundles["items"]] == [1, 2, 3, 4]
    by_number = planner.get(f"{BASE}/bundles", {"number": 5}).json()["items"]
    assert [b["ply_from"] for b in by_number] == [1]
    one = planner.get(f"{BASE}/bundles/{by_number[0]['id']}").json()
    assert (one["number"], one["order"]["number"]) == (5, made.order.number)


def test_errors_name_the_field_and_write_nothing(
    planner: Client, tenant_a: Organization, made: OrderToCut
) -> None:
    with tenant_context(tenant_a):
        stranger = ColourFactory()
    created = post(planner, f"{BASE}/plans", {"order_id": made.order.pk, "style_id": made.style.pk})
    url = f"{BASE}/plans/{created.json()['id']}/lays"

    zero = post(planner, url, {"colour_id": made.colours[0].pk, "plies": 0, "ratios": {"S": 1}})
    assert zero.status_code == 422
    assert zero.json()["errors"][0]["loc"][-1] == "plies"

    colour = post(planner, url, {"colour_id": stranger.pk, "plies": 10, "ratios": {"S": 1}})
    assert colour.status_code == 422
    assert [e["loc"] for e in colour.json()["errors"]] == [["body", "colour_id"]]

    size = post(planner, url, {"colour_id": made.colours[0].pk, "plies": 10, "ratios": {"XXL": 1}})
    assert size.status_code == 422
    assert size.json()["errors"][0]["loc"] == ["body", "ratios"]
    assert "XXL" in size.json()["errors"][0]["msg"]

    again = post(planner, f"{BASE}/plans", {"order_id": made.order.pk, "style_id": made.style.pk})
    assert again.status_code == 422
    assert again.json()["errors"][0]["loc"] == ["body", "style_id"]
    with tenant_context(tenant_a):
        assert Lay.objects.count() == 0
        assert CutPlan.objects.count() == 1


def test_cutting_twice_is_a_422(planner: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        cut = cut_order()
    response = post(planner, f"{BASE}/lays/{cut.lay.pk}/cut")
    assert response.status_code == 422
    assert "already cut" in response.json()["errors"][0]["msg"]
    with tenant_context(tenant_a):
        assert Bundle.objects.count() == 6


def test_another_tenants_plan_lay_and_bundle_are_404(
    planner: Client, tenant_b: Organization, made: OrderToCut
) -> None:
    with tenant_context(tenant_b):
        other = cut_order()
    assert planner.get(f"{BASE}/plans/{other.plan.pk}").status_code == 404
    added = post(
        planner,
        f"{BASE}/plans/{other.plan.pk}/lays",
        {"colour_id": other.colour.pk, "plies": 5, "ratios": {"S": 1}},
    )
    assert added.status_code == 404
    assert post(planner, f"{BASE}/lays/{other.lay.pk}/cut").status_code == 404
    assert planner.get(f"{BASE}/bundles/{other.bundles[0].pk}").status_code == 404
    assert planner.get(f"{BASE}/bundles").json()["count"] == 0
    created = post(
        planner, f"{BASE}/plans", {"order_id": other.order.pk, "style_id": other.style.pk}
    )
    assert created.status_code == 404
    with tenant_context(tenant_b):
        assert Lay.objects.count() == 1


def test_supervisor_reads_but_does_not_write(
    api_client_as: Callable[[Organization, str], Client],
    tenant_a: Organization,
    made: OrderToCut,
) -> None:
    supervisor = api_client_as(tenant_a, Role.SUPERVISOR)
    assert supervisor.get(f"{BASE}/plans").status_code == 200
    assert supervisor.get(f"{BASE}/bundles").status_code == 200
    denied = post(
        supervisor, f"{BASE}/plans", {"order_id": made.order.pk, "style_id": made.style.pk}
    )
    assert denied.status_code == 403
    worker = api_client_as(tenant_a, Role.WORKER)
    assert worker.get(f"{BASE}/plans").status_code == 403
    with tenant_context(tenant_a):
        assert CutPlan.objects.count() == 0
