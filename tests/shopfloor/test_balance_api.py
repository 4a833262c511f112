"""The line balancing API: list, get, propose, adjust, assign, activate (bulletin of
test_balancing: for 30 an hour two positions of 1.50 minutes each)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.shopfloor import balancing
from seamline.shopfloor.models import LineLayout
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.shopfloor.factories import LineFactory, WorkerFactory
from tests.shopfloor.test_balancing import bulletin

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenant_a: Organization) -> dict[str, Any]:
    with tenant_context(tenant_a):
        line = LineFactory(code="L9")
        style, ops = bulletin()
        layout = balancing.layout_propose(
            line=line, style=style, target_per_hour=30, head_count=None, workers=None, by=None
        )
    return {"line": line, "style": style, "ops": ops, "layout": layout}


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_list_and_get(world: dict[str, Any], api_client_as: Any, tenant_a: Organization) -> None:
    client = api_client_as(tenant_a, Role.SUPERVISOR)
    rows = client.get(reverse("api:balance_layout_list"), {"line_id": world["line"].pk}).json()
    assert [r["id"] for r in rows] == [world["layout"].pk]
    got = client.get(reverse("api:balance_layout_get", args=[world["layout"].pk])).json()
    assert got["cycle_time"] == "1.500"
    assert got["output_per_hour"] == "40.0"
    assert [p["slot"] for p in got["positions"]] == [1, 2]
    assert [s["sequence"] for s in got["positions"][0]["shares"]] == [10, 20]
    assert got["positions"][0]["is_bottleneck"] is True


def test_propose_with_workers(
    world: dict[str, Any], api_client_as: Any, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        crew = [WorkerFactory(line=world["line"]) for _ in range(2)]
    client = api_client_as(tenant_a, Role.PLANNER)
    response = post(
        client,
        reverse("api:balance_layout_propose"),
        {
            "line_id": world["line"].pk,
            "style_id": world["style"].pk,
            "target_per_hour": 30,
            "worker_ids": [w.pk for w in crew],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert sorted(p["worker_id"] for p in body["positions"]) == sorted(w.pk for w in crew)
    assert body["cycle_time"] == "2.000"


def test_propose_refusals_name_the_field(
    world: dict[str, Any], api_client_as: Any, tenant_a: Organization
) -> None:
    client = api_client_as(tenant_a, Role.PLANNER)
    url = reverse("api:balance_layout_propose")
    both = {
        "line_id": world["line"].pk,
        "style_id": world["style"].pk,
        "target_per_hour": 30,
        "head_count": 2,
    }
    response = post(client, url, both)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "target_per_hour"]
    missing = {
        "line_id": world["line"].pk,
        "style_id": world["style"].pk,
        "head_count": 2,
        "worker_ids": [987654],
    }
    response = post(client, url, missing)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "worker_ids"]
    with tenant_context(tenant_a):
        assert LineLayout.objects.count() == 1


def test_adjust_assign_activate(
    world: dict[str, Any], api_client_as: Any, tenant_a: Organization
) -> None:
    client = api_client_as(tenant_a, Role.PLANNER)
    pk = world["layout"].pk
    op = world["ops"][0]
    response = post(
        client,
        reverse("api:balance_layout_adjust", args=[pk]),
        {"moves": [{"operation_id": op.pk, "from_slot": 1, "to_slot": 3, "share": "0.5"}]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["edited"] is True
    assert [p["minutes"] for p in body["positions"]] == ["1.000", "1.500", "0.500"]
    assert body["balance_efficiency"] == "0.6667"

    response = post(
        client,
        reverse("api:balance_layout_adjust", args=[pk]),
        {"moves": [{"operation_id": op.pk, "to_slot": 1, "share": "0.9"}]},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "share"]

    with tenant_context(tenant_a):
        worker = WorkerFactory(line=world["line"])
    response = post(
        client, reverse("api:balance_layout_assign", args=[pk]), {"slot": 3, "worker_id": worker.pk}
    )
    assert response.status_code == 200
    assert response.json()["positions"][2]["worker_id"] == worker.pk
    assert response.json()["positions"][2]["minutes"] == "0.667"  # 0.50 at 0.75

    response = client.post(reverse("api:balance_layout_activate", args=[pk]))
    assert response.status_code == 200
    assert response.json()["is_active"] is True


def test_reading_role_may_not_change(
    world: dict[str, Any], api_client_as: Any, tenant_a: Organization
) -> None:
    client = api_client_as(tenant_a, Role.INSPECTOR)
    pk = world["layout"].pk
    assert client.get(reverse("api:balance_layout_get", args=[pk])).status_code == 200
    assert client.post(reverse("api:balance_layout_activate", args=[pk])).status_code == 403
    with tenant_context(tenant_a):
        assert not LineLayout.objects.get(pk=pk).is_active


def test_another_tenants_layout_is_404(
    world: dict[str, Any], api_client_as: Any, tenant_b: Organization
) -> None:
    client = api_client_as(tenant_b, Role.OWNER)
    pk = world["layout"].pk
    assert client.get(reverse("api:balance_layout_get", args=[pk])).status_code == 404
    assert client.post(reverse("api:balance_layout_activate", args=[pk])).status_code == 404
    assert client.get(reverse("api:balance_layout_list")).json() == []
