"""The cutting room over JSON: settings, propose, apply (checked), fabric."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.cutting.choices import LayStatus
from seamline.cutting.models import CutPlan, Lay
from seamline.cutting.services import lay_add, lay_cut
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.room_world import Room, nested_marker, room_order


@pytest.fixture
def world(tenant_a: Organization) -> Room:
    with tenant_context(tenant_a):
        return room_order()


@pytest.fixture
def api(api_client_as: Callable[[Organization, str], Client], tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.PLANNER)


def url(name: str, plan: CutPlan) -> str:
    return reverse(f"api:{name}", kwargs={"plan_id": plan.pk})


SETTINGS: dict[str, Any] = {
    "fabric_width_mm": 1600,
    "max_plies": 50,
    "max_marker_length_mm": 7000,
    "overcut_pct": "2.0",
    "cost_per_lay": "25.00",
    "fabric_price": "18.00",
    "end_allowance_mm": 30,
}


def test_settings_read_and_written(api: Client, tenant_a: Organization, world: Room) -> None:
    got = api.get(url("cutting_room_get", world.plan)).json()
    assert got["fabric_width_mm"] == 1500
    assert got["pattern"] == {"id": world.pattern.pk, "name": "P1"}

    put = api.put(url("cutting_room_get", world.plan), SETTINGS, content_type="application/json")
    assert put.status_code == 200
    assert put.json()["fabric_price"] == "18.00"
    with tenant_context(tenant_a):
        plan = CutPlan.objects.get(pk=world.plan.pk)
    assert (plan.fabric_width_mm, plan.max_plies, plan.fabric_price) == (1600, 50, Decimal("18"))

    bad = api.put(
        url("cutting_room_get", world.plan),
        {**SETTINGS, "fabric_width_mm": 200},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert [e["loc"][-1] for e in bad.json()["errors"]] == ["fabric_width_mm"]


def test_propose_returns_the_plan_and_writes_nothing(
    api: Client, tenant_a: Organization, world: Room
) -> None:
    response = api.post(url("cutting_room_propose", world.plan) + "?time_limit_s=1.5")
    assert response.status_code == 200
    plan = response.json()
    assert [c["colour"]["id"] for c in plan["colours"]] == [c.pk for c in world.made.colours]
    for colour in plan["colours"]:
        for size in colour["sizes"]:
            assert size["cut"] >= size["to_cut"]
        assert Decimal(colour["fabric_m"]) == sum(
            Decimal(lay["fabric_m"]) for lay in colour["lays"]
        )
    assert plan["n_lays"] == sum(len(c["lays"]) for c in plan["colours"])
    assert Decimal(plan["cost"]) == Decimal(plan["fabric_cost"]) + Decimal(plan["lay_cost"])
    assert plan["markers_missing"] >= 1
    with tenant_context(tenant_a):
        assert not Lay.objects.filter(cut_plan=world.plan).exists()


def test_apply_checks_the_lays_then_writes_them_and_the_fabric_follows(
    api: Client, tenant_a: Organization, world: Room
) -> None:
    first, second = world.made.colours
    with tenant_context(tenant_a):
        s, m, big = world.size("S"), world.size("M"), world.size("L")
        done = lay_add(cut_plan=world.plan, colour=first, plies=10, ratios={s: 1, m: 1}, by=None)
        lay_cut(lay=done, by=None)
        marker = nested_marker(world.pattern, {s: 1, m: 2, big: 1}, length_mm="2040.4")
    good = [
        {"colour_id": first.pk, "plies": 30, "ratios": {"S": 1, "M": 2, "L": 1}},
        {"colour_id": second.pk, "plies": 40, "ratios": {"s": 1, "M": 2, str(big.pk): 1}},
    ]
    apply_url = url("cutting_room_apply", world.plan)

    bad = api.post(
        apply_url,
        {
            "lays": [
                {"colour_id": first.pk, "plies": 30, "ratios": {"S": 1, "XXL": 2}},
                {"colour_id": 999999, "plies": 30, "ratios": {"S": 1}},
            ]
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert [e["msg"] for e in bad.json()["errors"]] == [
        "Lay 1: size XXL is not in this style's size grid.",
        "Lay 2: there is no such colour.",
    ]
    short = api.post(apply_url, {"lays": good[:1]}, content_type="application/json")
    assert short.status_code == 422
    assert f"{second.code} size S: these lays cut 0 of the 40 to cut." in [
        e["msg"] for e in short.json()["errors"]
    ]
    zero = api.post(
        apply_url,
        {"lays": [{**good[0], "plies": 0}, good[1]]},
        content_type="application/json",
    )
    assert zero.status_code == 422
    with tenant_context(tenant_a):
        assert list(Lay.objects.filter(cut_plan=world.plan)) == [done]

    written = api.post(apply_url, {"lays": good}, content_type="application/json")
    assert written.status_code == 201
    body = written.json()
    assert [
        (lay["number"], lay["marker"], lay["marker_id"], lay["marker_length_mm"])
        for lay in body["lays"]
    ] == [
        (2, "S:1 M:2 L:1", marker.pk, 2041),
        (3, "S:1 M:2 L:1", marker.pk, 2041),
    ]
    # 30 x (2041 + 20) mm and 40 x (2041 + 20) mm; the cut lay has no marker length.
    assert body["fabric"]["colours"] == [
        {"colour": first.code, "metres": "61.830"},
        {"colour": second.code, "metres": "82.440"},
    ]
    assert body["fabric"]["lays_without_length"] == 1
    fabric = api.get(url("cutting_room_fabric", world.plan)).json()
    assert fabric == body["fabric"]
    assert Decimal(fabric["cost"]) == Decimal("144.270") * 20
    with tenant_context(tenant_a):
        done.refresh_from_db()
        assert done.status == LayStatus.CUT


def test_a_supervisor_reads_but_may_not_plan(
    api_client_as: Callable[[Organization, str], Client], tenant_a: Organization, world: Room
) -> None:
    supervisor = api_client_as(tenant_a, Role.SUPERVISOR)
    assert supervisor.get(url("cutting_room_fabric", world.plan)).status_code == 200
    assert supervisor.post(url("cutting_room_propose", world.plan)).status_code == 403
    put = supervisor.put(
        url("cutting_room_get", world.plan), SETTINGS, content_type="application/json"
    )
    assert put.status_code == 403
