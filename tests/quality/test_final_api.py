"""Final inspection over the API: the plan, recording (201 / 200 replay / 409 / 422 / 404)
and reading an inspection back."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.engines import aql
from seamline.quality.choices import Severity
from seamline.quality.models import DefectType, Inspection
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.quality.isolation_final import Lot, shipment_lot

pytestmark = pytest.mark.django_db

RECORD = "api:quality_final_inspection_record"


@pytest.fixture
def lot(tenant_a: Organization) -> Lot:
    with tenant_context(tenant_a):
        return shipment_lot(cartons=10, per_carton=50)  # 500 pieces


@pytest.fixture
def stain(tenant_a: Organization) -> DefectType:
    with tenant_context(tenant_a):
        return DefectType.objects.create(code="STAIN", name="Stain", severity=Severity.MAJOR)


@pytest.fixture
def api(tenant_a: Organization, api_client_as: Callable[[Organization, str], Client]) -> Client:
    return api_client_as(tenant_a, Role.INSPECTOR)


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post(reverse(RECORD), json.dumps(body), content_type="application/json")


def _body(lot: Lot, stain: DefectType, count: int, client_id: str = "api-1") -> dict[str, Any]:
    return {
        "client_id": client_id,
        "shipment_id": lot.shipment.pk,
        "order_id": lot.order.pk,
        "defects": [{"defect_type_id": stain.pk, "count": count}],
        "cartons_opened": [2, 4, 7, 9],
    }


def test_plan_answers_the_engines_numbers(api: Client) -> None:
    response = api.get(
        reverse("api:quality_final_plan"),
        {"lot_size": 500, "level": "II", "aql_critical": "0.065"},
    )
    data = response.json()
    critical = aql.sampling_plan(500, "II", "0.065")
    assert response.status_code == 200
    assert data["code_letter"] == "H"
    assert data["sample_size"] == aql.inspection_plan(500, "II", "0.065", "2.5", "4.0").sample_size
    by_class = {c["severity"]: c for c in data["classes"]}
    assert by_class["critical"]["code_letter"] == critical.code_letter
    assert by_class["critical"]["followed_arrow"] == critical.followed_arrow
    assert by_class["critical"]["arrow_note"].startswith("No plan at letter H for AQL 0.065")
    assert (by_class["major"]["accept"], by_class["major"]["reject"]) == (
        aql.sampling_plan(500, "II", "2.5").accept,
        aql.sampling_plan(500, "II", "2.5").reject,
    )


def test_plan_without_a_lot_size_lists_the_allowed_values(api: Client) -> None:
    data = api.get(reverse("api:quality_final_plan")).json()
    assert data["classes"] == []
    assert "S-4" in data["levels"]
    assert "0.065" in data["aqls"]


def test_plan_refuses_a_bad_aql_naming_the_field(api: Client) -> None:
    response = api.get(reverse("api:quality_final_plan"), {"lot_size": 500, "aql_major": "3"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "aql_major"]


def test_record_201_then_replay_200_then_conflict_409(
    api: Client, lot: Lot, stain: DefectType, tenant_a: Organization
) -> None:
    major = aql.sampling_plan(500, "II", "2.5")
    first = _post(api, _body(lot, stain, major.accept))
    assert first.status_code == 201
    data = first.json()
    assert data["verdict"] == "accept"
    assert data["outcome"] == "pass"
    assert data["lot_size"] == 500
    assert data["cartons_opened"] == [2, 4, 7, 9]
    assert {c["severity"]: c["found"] for c in data["classes"]}["major"] == major.accept

    replay = _post(api, _body(lot, stain, major.accept))
    assert replay.status_code == 200
    assert replay.json()["id"] == data["id"]

    conflict = _post(api, _body(lot, stain, major.reject))
    assert conflict.status_code == 409
    with tenant_context(tenant_a):
        assert Inspection.objects.count() == 1

    read = api.get(
        reverse("api:quality_final_inspection_get", kwargs={"inspection_id": data["id"]})
    )
    assert read.status_code == 200
    assert read.json()["defects"][0]["code"] == "STAIN"


def test_reject_at_re(api: Client, lot: Lot, stain: DefectType) -> None:
    major = aql.sampling_plan(500, "II", "2.5")
    response = _post(api, _body(lot, stain, major.reject, client_id="re"))
    assert response.status_code == 201
    assert response.json()["verdict"] == "reject"


def test_422_names_the_fields(
    api: Client, lot: Lot, stain: DefectType, tenant_a: Organization
) -> None:
    body = {**_body(lot, stain, 1), "level": "IV", "aql_minor": "5", "defective_qty": 3}
    response = _post(api, body)
    assert response.status_code == 422
    fields = {error["loc"][-1] for error in response.json()["errors"]}
    assert fields == {"level", "aql_minor"}

    unknown = _post(api, {**_body(lot, stain, 1), "defects": [{"defect_type_id": 0}]})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "defects"]
    with tenant_context(tenant_a):
        assert Inspection.objects.count() == 0


def test_another_tenants_shipment_is_404(
    api: Client, stain: DefectType, tenant_b: Organization, tenant_a: Organization
) -> None:
    with tenant_context(tenant_b):
        theirs = shipment_lot(cartons=2)
    response = _post(api, _body(theirs, stain, 1))
    assert response.status_code == 404
    with tenant_context(tenant_b):
        assert Inspection.objects.count() == 0


def test_permissions(
    lot: Lot,
    stain: DefectType,
    tenant_a: Organization,
    api_client_as: Callable[[Organization, str], Client],
) -> None:
    worker = api_client_as(tenant_a, Role.WORKER)
    assert _post(worker, _body(lot, stain, 1)).status_code == 403
    assert worker.get(reverse("api:quality_final_plan")).status_code == 403
    assert Client().get(reverse("api:quality_final_plan")).status_code == 401
