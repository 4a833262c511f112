"""Markers over JSON: queue, follow, stop and download under /api/v1/cutting/."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from seamline.catalog.models import Pattern
from seamline.cutting import marker_runner
from seamline.cutting.choices import MarkerStatus
from seamline.cutting.markers import marker_nested
from seamline.cutting.models import Marker
from seamline.engines.nesting import marker_dxf, marker_svg
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import marker_pattern

BASE = "/api/v1/cutting"
pytestmark = pytest.mark.django_db


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def planner(api_client_as: Callable[[Organization, str], Client], tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.PLANNER)


@pytest.fixture
def pattern(tenant_a: Organization) -> Pattern:
    with tenant_context(tenant_a):
        return marker_pattern()


def _body(pattern: Pattern, **fields: Any) -> dict[str, Any]:
    body = {"pattern_id": pattern.pk, "ratios": {"S": 1, "M": 1}, "fabric_width_mm": 1500}
    body.update({"direction": "free", "spacing_mm": "1.5", "time_limit_s": 2})
    body.update(fields)
    return body


def test_queue_follow_and_download_a_marker(
    planner: Client, pattern: Pattern, tenant_a: Organization
) -> None:
    created = post(planner, f"{BASE}/markers", _body(pattern))

    assert created.status_code == 201, created.content
    marker = created.json()
    assert marker["status"] == "queued"
    assert marker["ratio"] == "S:1 M:1"
    assert [r["size"]["code"] for r in marker["ratios"]] == ["S", "M"]
    assert (marker["garments"], marker["placements"], marker["length_mm"]) == (2, 0, None)
    assert (marker["direction"], marker["spacing_mm"]) == ("free", "1.5")
    url = f"{BASE}/markers/{marker['id']}"
    assert planner.get(f"{url}/pdf").status_code == 409  # nothing nested yet

    marker_runner.run_next()

    done = planner.get(url).json()
    assert done["status"] == "done"
    assert done["phase"] == ""
    assert done["placements"] == 8
    assert done["length_mm"] > 0
    assert 0 < done["efficiency_pct"] <= 100
    with tenant_context(tenant_a):
        nested = marker_nested(Marker.objects.get(pk=marker["id"]))
    assert nested is not None
    assert round(nested.length, 1) == done["length_mm"]
    svg = planner.get(f"{url}/svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.decode() == marker_svg(nested)
    pdf = planner.get(f"{url}/pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    dxf = planner.get(f"{url}/dxf")
    assert dxf["Content-Type"] == "application/dxf"
    assert len(dxf.content) == len(marker_dxf(nested))
    listed = planner.get(f"{BASE}/markers?pattern_id={pattern.pk}&fabric_width_mm=1500").json()
    assert [m["id"] for m in listed["items"]] == [marker["id"]]
    assert planner.get(f"{BASE}/markers?fabric_width_mm=1600").json()["items"] == []


def test_bad_markers_are_refused_naming_the_field(
    planner: Client, pattern: Pattern, tenant_a: Organization
) -> None:
    unknown = post(planner, f"{BASE}/markers", _body(pattern, ratios={"S": 1, "XXL": 1}))
    empty = post(planner, f"{BASE}/markers", _body(pattern, ratios={"S": 0}))
    narrow = post(planner, f"{BASE}/markers", _body(pattern, fabric_width_mm=200))
    no_pattern = post(planner, f"{BASE}/markers", _body(pattern, pattern_id=pattern.pk + 999))

    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {
            "loc": ["body", "ratios"],
            "msg": "Size XXL is not in this style's size grid.",
            "type": "invalid",
        }
    ]
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["loc"] == ["body", "ratios"]
    assert narrow.status_code == 422
    assert narrow.json()["errors"][0]["loc"] == ["body", "fabric_width_mm"]
    assert no_pattern.status_code == 422
    assert no_pattern.json()["errors"][0]["loc"] == ["body", "pattern_id"]
    with tenant_context(tenant_a):
        assert not Marker.objects.exists()


def test_stop_and_permissions(
    planner: Client,
    pattern: Pattern,
    tenant_a: Organization,
    api_client_as: Callable[[Organization, str], Client],
) -> None:
    marker = post(planner, f"{BASE}/markers", _body(pattern)).json()
    inspector = api_client_as(tenant_a, Role.INSPECTOR)
    url = f"{BASE}/markers/{marker['id']}"

    assert inspector.get(url).status_code == 200
    assert post(inspector, f"{url}/stop").status_code == 403
    assert post(inspector, f"{BASE}/markers", _body(pattern)).status_code == 403
    stopped = post(planner, f"{url}/stop")
    again = post(planner, f"{url}/stop")

    assert stopped.status_code == 200
    assert stopped.json()["status"] == "stopped"
    assert again.status_code == 422
    assert again.json()["errors"][0]["msg"] == "This marker is no longer nesting (Stopped)."
    with tenant_context(tenant_a):
        assert Marker.objects.get().status == MarkerStatus.STOPPED
    assert Client().get(url).status_code == 401
