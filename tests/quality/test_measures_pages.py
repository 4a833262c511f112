"""The measures page and the measures API, through real requests, on the small data set of
test_measures (figures computed by hand there)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seamline.quality.choices import InspectionKind
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.quality.test_measures import World, defect_types, inspect, small_world

URL = reverse("quality:measures")
API = "/api/v1/quality"
RANGE = {"since": "2026-11-02", "until": "2026-11-03"}


@pytest.fixture
def world_a(tenant_a: Organization) -> World:
    with tenant_context(tenant_a):
        return small_world()


@pytest.fixture
def world_b(tenant_b: Organization) -> World:
    """Tenant B: the same shape, with its own defect types named OTHERFACTORY."""
    with tenant_context(tenant_b):
        world = small_world("OTHERFACTORY")
        inspect(world.cut, "b-extra", InspectionKind.INLINE, timezone.now(), 40, 20,
                [(world.types["skip"], 30, world.cut.operations[0], world.w1, "hem")],
                bundle=world.cut.bundles[0], operation=world.cut.operations[0])  # fmt: skip
        return world


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def table(response: Any, table_id: str) -> list[list[str]]:
    html = response.content.decode()
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    return [[re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in row] for row in cells]


def test_page_shows_the_figures_computed_by_hand(
    world_a: World, world_b: World, owner_a: Client
) -> None:
    response = owner_a.get(URL, {**RANGE, "group": "worker"})

    assert response.status_code == 200
    page = text(response)
    assert 'id="figure-dhu">10.91<' in page
    assert 'id="figure-defect-rate">9.09 %<' in page
    assert 'id="figure-fpy">86.67 %<' in page
    assert 'id="figure-checked">55<' in page
    w1, w2 = world_a.w1, world_a.w2
    assert table(response, "measure-groups") == [
        [f"{w1.code} {w1.name}", "40", "3", "3", "7.50", "7.50"],
        [f"{w2.code} {w2.name}", "55", "3", "2", "5.45", "3.64"],
    ]
    assert [row[:4] for row in table(response, "pareto-types")] == [
        ["SK Skipped stitch", "3", "50.00", "50.00"],
        ["OS Open seam", "2", "33.33", "83.33"],
        ["ST Stain", "1", "16.67", "100.00"],
    ]
    assert [row[:3] for row in table(response, "pareto-locations")] == [
        ["Front", "4", "66.67"],
        ["Side seam", "2", "33.33"],
    ]
    assert page.count("<rect x=") == 2 + 3 + 2  # two days of trend, 3 types, 2 locations
    assert "2026-11-02: DHU 17.14 (35 pieces checked)" in page
    assert "OTHERFACTORY" not in page
    assert "DHU = defects × 100 / pieces checked" in page  # the definitions


def test_group_table_sorts_by_dhu_both_ways(world_a: World, owner_a: Client) -> None:
    ops = world_a.cut.operations
    labels = {op.pk: f"{world_a.cut.style.code} · {op.sequence} {op.name}" for op in ops}
    down = owner_a.get(URL, {**RANGE, "group": "operation"})
    up = owner_a.get(URL, {**RANGE, "group": "operation", "sort": "dhu_asc"})
    assert [row[0] for row in table(down, "measure-groups")] == [
        labels[ops[1].pk],
        labels[ops[0].pk],
        labels[ops[2].pk],
    ]
    assert [row[4] for row in table(down, "measure-groups")] == ["5.45", "4.00", "2.50"]
    assert [row[4] for row in table(up, "measure-groups")] == ["2.50", "4.00", "5.45"]


def test_final_inspections_count_only_when_chosen(world_a: World, owner_a: Client) -> None:
    response = owner_a.get(URL, {**RANGE, "kind": "final"})
    assert 'id="figure-checked">32<' in text(response)


def test_default_range_is_the_last_14_days(in_tenant_a: Organization, owner_a: Client) -> None:
    world = small_world()
    types = defect_types("now")
    inspect(world.cut, "today", InspectionKind.END_OF_LINE, timezone.now(), 8, 2,
            [(types["stain"], 2, None, None, "back")], bundle=world.cut.bundles[2])  # fmt: skip

    page = text(owner_a.get(URL))

    assert 'id="figure-checked">8<' in page  # November 2 and 3 are older than 14 days
    assert 'id="figure-dhu">25.00<' in page
    assert page.count("<rect x=") == 14 + 1 + 1


def test_bad_range_and_other_tenants_order_are_named(
    world_a: World, world_b: World, owner_a: Client
) -> None:
    backwards = owner_a.get(URL, {"since": "2026-11-03", "until": "2026-11-02"})
    assert backwards.status_code == 200
    assert "The last day comes before the first one." in text(backwards)
    assert 'id="measure-figures"' not in text(backwards)

    theirs = owner_a.get(URL, {**RANGE, "order": world_b.cut.order.pk})
    assert "Select a valid choice" in text(theirs)
    assert 'id="measure-figures"' not in text(theirs)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.INSPECTOR, 200), (Role.SUPERVISOR, 200), (Role.WORKER, 403), (Role.BRAND_BUYER, 403)],
)
def test_who_may_see_the_measures(
    tenant_a: Organization,
    client_as: Callable[[Organization, str], Client],
    api_client_as: Callable[[Organization, str], Client],
    role: str,
    status: int,
) -> None:
    assert client_as(tenant_a, role).get(URL).status_code == status
    api = api_client_as(tenant_a, role)
    for path in ("measures", "pareto", "record"):
        assert api.get(f"{API}/{path}").status_code == status


def test_page_query_count_stays_flat(tenant_a: Organization, owner_a: Client) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert owner_a.get(URL, {**RANGE, "group": "worker"}).status_code == 200
        return len(queries)

    with tenant_context(tenant_a):
        small_world("x")
    before = count()
    with tenant_context(tenant_a):
        small_world("y")
        small_world("z")
    assert count() == before


# --- API -----------------------------------------------------------------------------------


def test_api_measures_per_operation(
    world_a: World, world_b: World, api_client_as: Callable[[Organization, str], Client],
    tenant_a: Organization,
) -> None:  # fmt: skip
    api = api_client_as(tenant_a, Role.OWNER)
    body = api.get(f"{API}/measures", {**RANGE, "group": "operation"}).json()

    assert body["figures"] == {
        "pieces_checked": 55, "defects": 6, "defective": 5, "dhu": "10.91",
        "defect_rate": "9.09", "first_pass_yield": "86.67", "fpy_checked": 30, "fpy_passed": 26,
    }  # fmt: skip
    assert body["kinds"] == ["inline", "end_of_line"]
    ops = world_a.cut.operations
    assert [(r["id"], r["pieces_checked"], r["defects"], r["dhu"]) for r in body["rows"]] == [
        (ops[1].pk, 55, 3, "5.45"),
        (ops[0].pk, 50, 2, "4.00"),
        (ops[2].pk, 40, 1, "2.50"),
    ]
    assert [(d["day"], d["dhu"]) for d in body["trend"]] == [
        ("2026-11-02", "17.14"),
        ("2026-11-03", "0.00"),
    ]


def test_api_pareto_and_record(
    world_a: World, world_b: World, api_client_as: Callable[[Organization, str], Client],
    tenant_a: Organization,
) -> None:  # fmt: skip
    api = api_client_as(tenant_a, Role.INSPECTOR)
    pareto = api.get(f"{API}/pareto", RANGE).json()
    assert [(r["key"], r["count"], r["cumulative"]) for r in pareto["by_type"]] == [
        ("SK", 3, "50.00"), ("OS", 2, "83.33"), ("ST", 1, "100.00"),
    ]  # fmt: skip
    assert "OTHERFACTORY" not in str(pareto)

    record = api.get(f"{API}/record", RANGE).json()
    assert record == {
        "since": "2026-11-02", "until": "2026-11-03", "pieces_checked": 55, "defects": 6,
        "defective": 5, "dhu": "10.91", "defect_rate": "9.09", "first_pass_yield": "86.67",
        "final_lots_inspected": 1, "final_lots_accepted": 1, "final_acceptance_rate": "100.00",
    }  # fmt: skip


def test_api_names_bad_parameters(
    world_a: World, world_b: World, api_client_as: Callable[[Organization, str], Client],
    tenant_a: Organization,
) -> None:  # fmt: skip
    api = api_client_as(tenant_a, Role.OWNER)
    theirs = api.get(f"{API}/measures", {**RANGE, "order_id": world_b.cut.order.pk})
    assert theirs.status_code == 422
    assert "order_id" in str(theirs.json())
    backwards = api.get(f"{API}/record", {"since": "2026-11-03", "until": "2026-11-02"})
    assert backwards.status_code == 422
    assert "until" in str(backwards.json())
    assert api.get(f"{API}/measures", {"group": "colour"}).status_code == 422
