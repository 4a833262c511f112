"""The shop-floor API: /api/v1/shopfloor/lines and /workers."""

from __future__ import annotations

import json
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


def _json(client: Client, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def supervisor_api(api_client_as: Callable[..., Client], tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.SUPERVISOR)


def test_lines_create_get_update_list(supervisor_api: Client) -> None:
    created = _json(
        supervisor_api,
        "post",
        reverse("api:line_create"),
        {"code": "L1", "name": "Knits", "target_per_hour": 70},
    )
    assert created.status_code == 201
    line = created.json()
    assert (line["code"], line["head_count"], line["working_minutes_per_day"]) == ("L1", 0, 480)
    url = reverse("api:line_update", kwargs={"line_id": line["id"]})
    assert _json(supervisor_api, "patch", url, {"name": "Knit line"}).json()["name"] == "Knit line"
    assert (
        supervisor_api.get(reverse("api:line_get", kwargs={"line_id": line["id"]})).json()["name"]
        == "Knit line"
    )
    assert [x["code"] for x in supervisor_api.get(reverse("api:line_list")).json()] == ["L1"]


def test_workers_create_get_update_list(supervisor_api: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        line = LineFactory(code="L1")
    created = _json(
        supervisor_api,
        "post",
        reverse("api:worker_create"),
        {"code": "W1", "name": "Wang Fang", "line_id": line.pk, "skill_grade": 3},
    )
    assert created.status_code == 201
    worker = created.json()
    assert (worker["line"]["code"], worker["skill_grade"], worker["is_active"]) == ("L1", 3, True)
    url = reverse("api:worker_update", kwargs={"worker_id": worker["id"]})
    updated = _json(supervisor_api, "patch", url, {"line_id": 0, "is_active": False}).json()
    assert (updated["line"], updated["is_active"]) == (None, False)
    listing = supervisor_api.get(reverse("api:worker_list")).json()
    assert listing == {"items": [], "count": 0}
    everyone = supervisor_api.get(reverse("api:worker_list"), {"active": "all"}).json()
    assert [w["code"] for w in everyone["items"]] == ["W1"]
    got = supervisor_api.get(reverse("api:worker_get", kwargs={"worker_id": worker["id"]})).json()
    assert got["name"] == "Wang Fang"


def test_duplicate_code_is_a_422_on_the_code_field(
    supervisor_api: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        WorkerFactory(code="W1")
    response = _json(
        supervisor_api, "post", reverse("api:worker_create"), {"code": "W1", "name": "Again"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["body", "code"], "msg": "W1 is already taken.", "type": "duplicate_code"}
    ]


@pytest.mark.parametrize("role", [Role.PLANNER, Role.BRAND_BUYER, Role.WORKER])
def test_roles_without_people_edit_get_403_and_nothing_changes(
    role: str, api_client_as: Callable[..., Client], tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        worker = WorkerFactory(code="W1", name="Wang Fang", line__code="L1")
    client = api_client_as(tenant_a, role)
    attempts = [
        ("post", reverse("api:line_create"), {"code": "L9", "name": "X"}),
        ("patch", reverse("api:line_update", kwargs={"line_id": worker.line_id}), {"name": "X"}),
        ("post", reverse("api:worker_create"), {"code": "W9", "name": "X"}),
        ("patch", reverse("api:worker_update", kwargs={"worker_id": worker.pk}), {"name": "X"}),
    ]
    for method, url, body in attempts:
        assert _json(client, method, url, body).status_code == 403, url
    with tenant_context(tenant_a):
        assert list(Worker.objects.values_list("code", "name")) == [("W1", "Wang Fang")]
        assert list(Line.objects.values_list("code", flat=True)) == ["L1"]
