"""Worker and line pages: supervisors keep the roster; planners look; workers see nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.shopfloor.models import Line, Worker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.shopfloor.factories import LineFactory, WorkerFactory


@pytest.fixture
def roster(tenant_a: Organization) -> dict[str, Any]:
    with tenant_context(tenant_a):
        l1 = LineFactory(code="L1", name="Knits")
        l2 = LineFactory(code="L2", name="Wovens")
        w1 = WorkerFactory(code="W001", name="Wang Fang", line=l1)
        w2 = WorkerFactory(code="W002", name="Zhang Wei", line=l2)
        w3 = WorkerFactory(code="W003", name="Chen Jie", line=l1, is_active=False)
    return {"l1": l1, "l2": l2, "w1": w1, "w2": w2, "w3": w3}


def _codes(response: Any) -> list[str]:
    return [w.code for w in response.context["workers"]]


def test_worker_list_searches_and_filters(supervisor_a: Client, roster: dict[str, Any]) -> None:
    url = reverse("shopfloor:worker_list")
    page = supervisor_a.get(url)
    assert _codes(page) == ["W001", "W002"]
    assert b"Wang Fang" in page.content
    assert b"Add worker" in page.content
    assert _codes(supervisor_a.get(url, {"q": "zhang"})) == ["W002"]
    assert _codes(supervisor_a.get(url, {"line": roster["l1"].pk})) == ["W001"]
    assert _codes(supervisor_a.get(url, {"line": roster["l1"].pk, "active": "all"})) == [
        "W001",
        "W003",
    ]
    assert _codes(supervisor_a.get(url, {"active": "inactive"})) == ["W003"]


def test_worker_list_reads_in_a_fixed_number_of_queries(
    supervisor_a: Client, tenant_a: Organization, django_assert_max_num_queries: Any
) -> None:
    with tenant_context(tenant_a):
        line = LineFactory()
        WorkerFactory.create_batch(40, line=line)
    with django_assert_max_num_queries(7):
        response = supervisor_a.get(reverse("shopfloor:worker_list"))
    assert len(response.context["workers"]) == 40


def test_line_list_shows_head_count_in_a_fixed_number_of_queries(
    supervisor_a: Client, roster: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(5):
        response = supervisor_a.get(reverse("shopfloor:line_list"))
    assert [(x.code, x.head_count) for x in response.context["lines"]] == [("L1", 1), ("L2", 1)]


def test_supervisor_adds_and_edits_a_worker(
    supervisor_a: Client, roster: dict[str, Any], tenant_a: Organization
) -> None:
    response = supervisor_a.post(
        reverse("shopfloor:worker_create"),
        {
            "code": "W010",
            "name": "Liu Yang",
            "line": roster["l2"].pk,
            "skill_grade": 3,
            "pay_type": "piece",
            "hourly_rate": "0",
        },
        follow=True,
    )
    assert "Worker W010 Liu Yang was added." in response.content.decode()
    with tenant_context(tenant_a):
        worker = Worker.objects.get(code="W010")
    assert (worker.line, worker.skill_grade) == (roster["l2"], 3)
    edit = reverse("shopfloor:worker_edit", args=[worker.pk])
    assert supervisor_a.get(edit).context["form"]["name"].value() == "Liu Yang"
    supervisor_a.post(
        edit,
        {
            "code": "W010",
            "name": "Liu Yang",
            "line": "",
            "skill_grade": 5,
            "pay_type": "hourly",
            "hourly_rate": "25.50",
        },
    )
    worker.refresh_from_db()
    assert (worker.line, worker.skill_grade, worker.pay_type, str(worker.hourly_rate)) == (
        None,
        5,
        "hourly",
        "25.50",
    )


def test_duplicate_code_is_shown_on_the_field(supervisor_a: Client, roster: dict[str, Any]) -> None:
    response = supervisor_a.post(
        reverse("shopfloor:worker_create"),
        {
            "code": "W001",
            "name": "Again",
            "skill_grade": 2,
            "pay_type": "piece",
            "hourly_rate": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["W001 is already taken."]}


def test_deactivate_and_reactivate(supervisor_a: Client, roster: dict[str, Any]) -> None:
    worker = roster["w1"]
    response = supervisor_a.post(
        reverse("shopfloor:worker_deactivate", args=[worker.pk]), follow=True
    )
    assert "is off the roster" in response.content.decode()
    worker.refresh_from_db()
    assert worker.is_active is False
    supervisor_a.post(reverse("shopfloor:worker_reactivate", args=[worker.pk]))
    worker.refresh_from_db()
    assert worker.is_active is True


def test_lines_are_created_and_edited(
    supervisor_a: Client, roster: dict[str, Any], tenant_a: Organization
) -> None:
    response = supervisor_a.post(
        reverse("shopfloor:line_create"),
        {
            "code": "L3",
            "name": "Denim",
            "target_per_hour": 90,
            "working_minutes_per_day": 540,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    with tenant_context(tenant_a):
        line = Line.objects.get(code="L3")
    supervisor_a.post(
        reverse("shopfloor:line_edit", args=[line.pk]),
        {"code": "L3", "name": "Denim 2", "target_per_hour": 95, "working_minutes_per_day": 540},
    )
    line.refresh_from_db()
    assert (line.name, line.target_per_hour, line.is_active) == ("Denim 2", 95, False)


WRITES = [
    ("get", "shopfloor:worker_create", None, None),
    (
        "post",
        "shopfloor:worker_create",
        None,
        {"code": "W999", "name": "X", "skill_grade": 2, "pay_type": "piece", "hourly_rate": "0"},
    ),
    (
        "post",
        "shopfloor:worker_edit",
        "w1",
        {
            "code": "W001",
            "name": "Renamed",
            "skill_grade": 2,
            "pay_type": "piece",
            "hourly_rate": "0",
        },
    ),
    ("post", "shopfloor:worker_deactivate", "w1", None),
    (
        "post",
        "shopfloor:line_create",
        None,
        {"code": "L9", "name": "X", "target_per_hour": 1, "working_minutes_per_day": 1},
    ),
    (
        "post",
        "shopfloor:line_edit",
        "l1",
        {"code": "L1", "name": "Renamed", "target_per_hour": 1, "working_minutes_per_day": 1},
    ),
]


@pytest.mark.parametrize("role", [Role.PLANNER, Role.BRAND_BUYER, Role.WORKER])
@pytest.mark.parametrize(("method", "name", "row", "data"), WRITES)
def test_roles_without_people_edit_get_403_and_nothing_changes(
    role: str,
    method: str,
    name: str,
    row: str | None,
    data: Any,
    roster: dict[str, Any],
    client_as: Callable[..., Client],
    tenant_a: Organization,
) -> None:
    client = client_as(tenant_a, role)
    url = reverse(name, args=[roster[row].pk] if row else [])
    assert getattr(client, method)(url, data).status_code == 403
    with tenant_context(tenant_a):
        assert list(Worker.objects.values_list("code", "name", "is_active")) == [
            ("W001", "Wang Fang", True),
            ("W002", "Zhang Wei", True),
            ("W003", "Chen Jie", False),
        ]
        assert list(Line.objects.values_list("code", "name")) == [("L1", "Knits"), ("L2", "Wovens")]


def test_planner_sees_the_roster_without_edit_links(
    planner_a: Client, roster: dict[str, Any]
) -> None:
    page = planner_a.get(reverse("shopfloor:worker_list"))
    assert page.status_code == 200
    assert b"Wang Fang" in page.content
    assert b"Add worker" not in page.content


@pytest.mark.parametrize("name", ["shopfloor:worker_list", "shopfloor:line_list"])
def test_buyers_and_workers_cannot_see_the_roster(
    name: str, buyer_a: Client, worker_a: Client, roster: dict[str, Any]
) -> None:
    assert buyer_a.get(reverse(name)).status_code == 403
    assert worker_a.get(reverse(name)).status_code == 403
