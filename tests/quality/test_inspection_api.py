"""The inspections API: record (201 / 200 replay / 409 / 422 / 404), read, rework, catalogue."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.quality.defaults import seed_defect_catalogue
from seamline.quality.models import DefectType, Inspection
from seamline.shopfloor.choices import ReworkStatus
from seamline.shopfloor.models import Rework
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order

pytestmark = pytest.mark.django_db

URL = "/api/v1/quality/inspections"


@pytest.fixture
def scene(tenant_a: Organization) -> Iterator[CutOrder]:
    with tenant_context(tenant_a):
        cut = cut_order()
        w1, w2 = cut.workers
        b1 = cut.bundles[0].number
        record_scans([ScanInput("s1", b1, 10, w1.code), ScanInput("s2", b1, 20, w2.code)])
        yield cut


@pytest.fixture
def inspector(api_client_as: Any, tenant_a: Organization) -> Client:
    client: Client = api_client_as(tenant_a, Role.INSPECTOR)
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def body(cut: CutOrder, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "client_id": "api-1",
        "kind": "end_of_line",
        "bundle": cut.bundles[0].number,
        "outcome": "rework",
        "defects": [{"defect_type": "SKIP", "count": 2, "operation": 20, "location": "hem"}],
    }
    data.update(changes)
    return data


def test_url_names_resolve() -> None:
    assert reverse("api:quality_inspection_record") == URL


def test_record_replay_and_conflict(
    scene: CutOrder, inspector: Client, tenant_a: Organization
) -> None:
    created = post(inspector, URL, body(scene))
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["checked_qty"], data["defective_qty"], data["passed_qty"]) == (20, 2, 18)
    (defect,) = data["defects"]
    assert (defect["code"], defect["worker_code"], defect["operation_sequence"]) == (
        "SKIP",
        scene.workers[1].code,
        20,
    )
    assert data["rework"]["operation_sequence"] == 20
    assert data["rework"]["pieces"] == 2
    assert data["replayed"] is False

    replay = post(inspector, URL, body(scene))
    assert replay.status_code == 200
    assert replay.json()["id"] == data["id"]
    assert replay.json()["replayed"] is True

    conflict = post(inspector, URL, body(scene, outcome="pass"))
    assert conflict.status_code == 409
    assert "already used" in conflict.json()["detail"]
    with tenant_context(tenant_a):
        assert Inspection.objects.count() == 1
        assert Rework.objects.count() == 1


def test_field_errors_are_422_naming_the_field(scene: CutOrder, inspector: Client) -> None:
    unknown = post(
        inspector,
        URL,
        body(scene, defects=[{"defect_type": "SKIP"}, {"defect_type": "NOPE"}]),
    )
    assert unknown.status_code == 422
    (error,) = unknown.json()["errors"]
    assert error["loc"] == ["body", "defects.2.defect_type"]
    assert error["msg"].startswith("Defect 2:")

    zero = post(inspector, URL, body(scene, defects=[{"defect_type": "SKIP", "count": 0}]))
    assert zero.status_code == 422
    assert "Defect 1: the number of defects" in zero.content.decode()

    too_many = post(inspector, URL, body(scene, checked_qty=50))
    assert too_many.status_code == 422
    assert too_many.json()["errors"][0]["loc"] == ["body", "checked_qty"]

    inline = post(inspector, URL, body(scene, kind="inline", client_id="x", checked_qty=3))
    assert inline.status_code == 422
    assert inline.json()["errors"][0]["loc"] == ["body", "operation"]


def test_a_bundle_of_another_tenant_is_404(
    scene: CutOrder, inspector: Client, tenant_b: Organization
) -> None:
    with tenant_context(tenant_b):
        theirs = cut_order()
        number = max(b.number for b in theirs.bundles) + 1000
    missing = post(inspector, URL, body(scene, bundle=number))
    assert missing.status_code == 404


def test_a_worker_cannot_record(
    scene: CutOrder, api_client_as: Any, tenant_a: Organization
) -> None:
    worker = api_client_as(tenant_a, Role.WORKER)
    assert post(worker, URL, body(scene)).status_code == 403
    with tenant_context(tenant_a):
        assert not Inspection.objects.exists()


def test_list_get_rework_and_repaired(
    scene: CutOrder, inspector: Client, tenant_a: Organization
) -> None:
    made = post(inspector, URL, body(scene)).json()
    listed = inspector.get(URL, {"kind": "end_of_line"})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["items"]] == [made["id"]]
    assert inspector.get(URL, {"kind": "inline"}).json()["items"] == []
    one = inspector.get(f"{URL}/{made['id']}")
    assert one.json()["client_id"] == "api-1"

    open_rework = inspector.get("/api/v1/quality/rework").json()
    assert [(r["bundle_number"], r["status"]) for r in open_rework] == [
        (scene.bundles[0].number, "open")
    ]
    repaired = inspector.post(f"/api/v1/quality/rework/{open_rework[0]['id']}/repaired")
    assert repaired.status_code == 200
    assert repaired.json()["status"] == ReworkStatus.REPAIRED
    twice = inspector.post(f"/api/v1/quality/rework/{open_rework[0]['id']}/repaired")
    assert twice.status_code == 422


def test_defect_types_read_by_inspectors_and_added_by_setup(
    tenant_a: Organization, inspector: Client, api_client_as: Any
) -> None:
    listed = inspector.get("/api/v1/quality/defect-types")
    assert listed.status_code == 200
    assert "SKIP" in {row["code"] for row in listed.json()}
    refused = post(inspector, "/api/v1/quality/defect-types", {"code": "ZIP", "name": "Zip"})
    assert refused.status_code == 403
    planner = api_client_as(tenant_a, Role.PLANNER)
    added = post(
        planner,
        "/api/v1/quality/defect-types",
        {"code": "zip", "name": "Broken zip", "category": "trims", "severity": "major"},
    )
    assert added.status_code == 201
    assert added.json()["code"] == "ZIP"
    duplicate = post(planner, "/api/v1/quality/defect-types", {"code": "ZIP", "name": "Again"})
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["loc"] == ["body", "code"]
    with tenant_context(tenant_a):
        seed_defect_catalogue()
        assert DefectType.objects.filter(code="ZIP").count() == 1
