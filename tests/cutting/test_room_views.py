"""The cutting room pages as a planner and a supervisor use them."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from seamline.cutting import room, views_room
from seamline.cutting.choices import LayStatus, MarkerStatus
from seamline.cutting.models import Bundle, CutPlan, Lay, Marker
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import order_to_cut
from tests.cutting.room_world import Room, nested_marker, room_order
from tests.orders.html import tables


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views_room, "PROPOSE_TIME_LIMIT_S", 1.5)


@pytest.fixture
def world(tenant_a: Organization) -> Room:
    with tenant_context(tenant_a):
        return room_order()


def hidden_lays(page: bytes) -> str:
    found = re.findall(r'name="lays" value="([^"]*)"', page.decode())
    assert found, "no plan to post back"
    return html.unescape(found[-1])


SETTINGS = {
    "fabric_width_mm": "1500",
    "max_plies": "60",
    "max_marker_length_mm": "6000",
    "overcut_pct": "3.0",
    "cost_per_lay": "30.00",
    "fabric_price": "20.00",
    "end_allowance_mm": "20",
}


def test_the_order_opens_the_room_of_its_style_creating_the_cut_plan(
    planner_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        made = order_to_cut()
    url = reverse("cutting:room_order", args=[made.order.pk])

    page = planner_a.get(url)
    assert page.status_code == 200
    assert f'name="style" value="{made.style.pk}"' in page.content.decode()

    response = planner_a.post(url, {"style": made.style.pk})
    with tenant_context(tenant_a):
        plan = CutPlan.objects.get(order=made.order, style=made.style)
    assert response.status_code == 302
    assert response["Location"] == reverse("cutting:room", args=[plan.pk])
    # Once the plan exists, the order's only style goes straight to its room.
    again = planner_a.get(url)
    assert again["Location"] == reverse("cutting:room", args=[plan.pk])


def test_the_room_shows_pattern_settings_markers_and_no_proposal_until_asked(
    planner_a: Client, tenant_a: Organization, world: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tenant_context(tenant_a):
        s, m = world.size("S"), world.size("M")
        nested_marker(world.pattern, {s: 1, m: 2}, length_mm="1734.0", efficiency_pct="84.00")
        nested_marker(world.pattern, {m: 1}, width=1400, length_mm="900.0")  # another width

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the plan is proposed on a POST only")

    monkeypatch.setattr(room, "plan_cut_order", never)
    page = planner_a.get(reverse("cutting:room", args=[world.plan.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("<polygon") == 3  # front, back, sleeve of size S
    assert "Sleeve × 2 (pair)" in text
    assert 'name="fabric_width_mm" value="1500"' in text
    assert tables(page.content, "room-markers")[0][1:] == [["S:1 M:2", "Done", "1.73", "84.0"]]
    assert "Where no marker is nested, the plan assumes 84.0% efficiency." in text
    assert "proposed-lays" not in text


def test_propose_then_use_the_plan_then_cut_a_lay_into_bundles(
    planner_a: Client, tenant_a: Organization, world: Room
) -> None:
    first, second = world.made.colours
    proposed = planner_a.post(reverse("cutting:room_propose", args=[world.plan.pk]))

    assert proposed.status_code == 200
    text = proposed.content.decode()
    assert len(tables(proposed.content, "proposed-lays")) == 2  # one per colour
    cut_rows = tables(proposed.content, "proposed-cut")
    assert cut_rows[0][0] == ["", "S", "M", "L"]
    assert cut_rows[0][1] == ["To cut", "40", "70", "30"]
    assert all(
        int(c) >= int(o) for c, o in zip(cut_rows[0][2][1:], cut_rows[0][1][1:], strict=True)
    )
    assert text.count("Fabric: ") == 2
    assert "Use this plan" in text
    assert "Nest markers for this plan" in text
    new_marker = reverse("cutting:marker_new", args=[world.pattern.pk])
    assert f"{new_marker}?ratio=" in text  # each estimated marker may be nested from here
    with tenant_context(tenant_a):
        assert not Lay.objects.filter(cut_plan=world.plan).exists()  # proposing writes nothing

    planned = json.loads(hidden_lays(proposed.content))
    applied = planner_a.post(
        reverse("cutting:room_apply", args=[world.plan.pk]), {"lays": hidden_lays(proposed.content)}
    )
    assert applied.status_code == 302
    with tenant_context(tenant_a):
        lays = list(Lay.objects.filter(cut_plan=world.plan).order_by("number"))
        needed = room.fabric_requirement(world.plan)
    assert [(lay.colour_id, lay.plies, lay.marker_length_mm) for lay in lays] == [
        (p["colour"], p["plies"], p["length"]) for p in planned
    ]
    assert set(needed) == {first.code, second.code}

    page = planner_a.get(reverse("cutting:room", args=[world.plan.pk]))
    fabric = tables(page.content, "fabric-needed")[0]
    assert fabric[1:-1] == [[code, f"{m:.2f}"] for code, m in needed.items()]
    assert fabric[-1] == ["Total", f"{sum(needed.values()):.2f}"]

    cut = planner_a.post(reverse("cutting:room_lay_cut", args=[lays[0].pk]))
    assert cut["Location"] == reverse("cutting:room", args=[world.plan.pk])
    with tenant_context(tenant_a):
        lays[0].refresh_from_db()
        bundles = Bundle.objects.filter(lay=lays[0])
        assert lays[0].status == LayStatus.CUT
        assert (
            sum(b.quantity for b in bundles)
            == sum(r.ratio for r in lays[0].ratios.all()) * lays[0].plies
        )
    after = planner_a.get(reverse("cutting:room", args=[world.plan.pk])).content.decode()
    assert reverse("cutting:lay_bundles", args=[lays[0].pk]) in after


def test_nest_markers_queues_the_ratios_of_the_proposal(
    planner_a: Client, tenant_a: Organization, world: Room
) -> None:
    proposed = planner_a.post(reverse("cutting:room_propose", args=[world.plan.pk]))
    lays = hidden_lays(proposed.content)
    ratios = {tuple(sorted(p["ratios"].items())) for p in json.loads(lays)}

    response = planner_a.post(
        reverse("cutting:room_nest", args=[world.plan.pk]),
        {"lays": lays, "direction": "one_way", "time_limit_s": "20"},
    )

    assert response.status_code == 302
    with tenant_context(tenant_a):
        queued = list(Marker.objects.all())
    assert len(queued) == len(ratios)
    assert {(q.status, q.direction, q.time_limit_s, q.fabric_width_mm) for q in queued} == {
        (MarkerStatus.QUEUED, "one_way", 20, 1500)
    }


def test_bad_settings_are_named_and_nothing_is_saved(
    planner_a: Client, tenant_a: Organization, world: Room
) -> None:
    response = planner_a.post(
        reverse("cutting:room_settings", args=[world.plan.pk]),
        {**SETTINGS, "fabric_width_mm": "100", "max_plies": "0"},
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Ensure this value is greater than or equal to 300." in text
    assert "Ensure this value is greater than or equal to 1." in text

    ok = planner_a.post(
        reverse("cutting:room_settings", args=[world.plan.pk]),
        {**SETTINGS, "fabric_width_mm": "1600", "fabric_price": "18.50"},
    )
    assert ok.status_code == 302
    with tenant_context(tenant_a):
        plan = CutPlan.objects.get(pk=world.plan.pk)
    assert (plan.fabric_width_mm, plan.fabric_price) == (1600, Decimal("18.50"))


def test_without_a_pattern_the_room_says_so_and_proposes_nothing(
    planner_a: Client, tenant_a: Organization, world: Room
) -> None:
    with tenant_context(tenant_a):
        world.pattern.pieces.all().delete()
        world.pattern.delete()
    page = planner_a.get(reverse("cutting:room", args=[world.plan.pk]))
    assert "has no pattern" in page.content.decode()
    assert "Import a pattern" in page.content.decode()
    assert reverse("catalog:pattern_list", args=[world.made.style.pk]) in page.content.decode()

    proposed = planner_a.post(reverse("cutting:room_propose", args=[world.plan.pk]))
    assert proposed.status_code == 200
    assert (
        f"Style {world.made.style.code} has no pattern: import its pattern first."
        in proposed.content.decode()
    )
    assert "proposed-lays" not in proposed.content.decode()


def test_a_supervisor_sees_the_room_but_may_not_change_it(
    supervisor_a: Client, tenant_a: Organization, world: Room
) -> None:
    page = supervisor_a.get(reverse("cutting:room", args=[world.plan.pk]))
    assert page.status_code == 200
    assert reverse("cutting:room_propose", args=[world.plan.pk]) not in page.content.decode()
    order_room = reverse("cutting:room_order", args=[world.made.order.pk])
    assert supervisor_a.get(order_room)["Location"] == reverse("cutting:room", args=[world.plan.pk])
    assert supervisor_a.post(order_room, {"style": world.made.style.pk}).status_code == 403
    for name in ("room_propose", "room_settings", "room_apply", "room_nest"):
        assert (
            supervisor_a.post(reverse(f"cutting:{name}", args=[world.plan.pk])).status_code == 403
        )
    with tenant_context(tenant_a):
        assert not Lay.objects.filter(cut_plan=world.plan).exists()


def test_the_order_and_the_cut_plan_link_to_the_room(planner_a: Client, world: Room) -> None:
    order_page = planner_a.get(reverse("orders:order_detail", args=[world.made.order.pk]))
    assert reverse("cutting:room_order", args=[world.made.order.pk]) in order_page.content.decode()
    plan_page = planner_a.get(reverse("cutting:plan_detail", args=[world.plan.pk]))
    assert reverse("cutting:room", args=[world.plan.pk]) in plan_page.content.decode()
