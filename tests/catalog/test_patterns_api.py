"""The patterns API with bearer tokens: polygon JSON and DXF uploads, reads, deletes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seamline.catalog.models import Pattern, PatternPiece, Style
from seamline.cutting.models import Marker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.catalog.factories import SizeGridFactory, StyleFactory
from tests.catalog.pattern_files import aama_dxf, tee_pieces, tee_polygons

ApiClient = Callable[[Organization, str], Client]


@pytest.fixture
def style(tenant_a: Organization) -> Style:
    with tenant_context(tenant_a):
        return StyleFactory(code="TEE-5", size_grid=SizeGridFactory(sizes=["S", "M", "L"]))


@pytest.fixture
def planner_api(api_client_as: ApiClient, tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.PLANNER)


def _post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _count(tenant: Organization) -> tuple[int, int]:
    with tenant_context(tenant):
        return Pattern.objects.count(), PatternPiece.objects.count()


def test_polygon_json_pattern_is_created_and_read_back(
    style: Style, planner_api: Client, api_client_as: ApiClient, tenant_a: Organization
) -> None:
    body = {"name": "Base", **tee_polygons(("S", "M"), units="cm")}

    created = _post_json(planner_api, reverse("api:pattern_create", args=[style.pk]), body)

    assert created.status_code == 201
    pattern = created.json()
    assert (pattern["name"], pattern["source"], pattern["note"]) == (
        "Base",
        "polygons",
        "Drawn in cm; kept in mm.",
    )
    assert pattern["sizes"] == ["S", "M"]
    assert pattern["piece_count"] == 8
    sleeve = next(p for p in pattern["pieces"] if p["size"] == "M" and p["name"] == "SLEEVE")
    assert (sleeve["quantity"], sleeve["mirrored"], sleeve["grain_angle"]) == (2, True, 90.0)
    m_area = sum(p["area_mm2"] * p["quantity"] for p in pattern["pieces"] if p["size"] == "M")
    assert pattern["garment_area_mm2"]["M"] == m_area
    buyer = api_client_as(tenant_a, Role.BRAND_BUYER)
    listed = buyer.get(reverse("api:pattern_list", args=[style.pk])).json()
    assert [(p["id"], p["size_count"], p["piece_count"]) for p in listed] == [(pattern["id"], 2, 8)]
    got = buyer.get(reverse("api:pattern_get", args=[pattern["id"]])).json()
    assert got["pieces"] == pattern["pieces"]


def test_dxf_upload_creates_the_pattern(
    style: Style, planner_api: Client, tenant_a: Organization
) -> None:
    upload = SimpleUploadedFile("tee.dxf", aama_dxf(tee_pieces(("S", "M", "L")), units="ENGLISH"))

    response = planner_api.post(
        reverse("api:pattern_upload", args=[style.pk]), {"name": "Graded", "file": upload}
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["source"], body["file_name"], body["sizes"]) == (
        "dxf_aama",
        "tee.dxf",
        ["S", "M", "L"],
    )
    assert _count(tenant_a) == (1, 12)


def test_bad_pattern_is_422_with_one_entry_per_problem_and_nothing_written(
    style: Style, planner_api: Client, tenant_a: Organization
) -> None:
    body = {
        "name": "Base",
        "units": "mm",
        "pieces": [
            {"name": "FRONT", "size": "XXL", "outline": [[0, 0], [100, 0], [100, 100]]},
            {"name": "BACK", "size": "M", "outline": [[0, 0], [100, 100], [100, 0], [0, 100]]},
            {"name": "CUFF", "size": "M", "outline": [[0, 0], [9, 0], [9, 9]], "quantity": 21},
        ],
    }

    schema = _post_json(planner_api, reverse("api:pattern_create", args=[style.pk]), body)
    body["pieces"].pop()
    file = _post_json(planner_api, reverse("api:pattern_create", args=[style.pk]), body)
    body["pieces"].pop()
    sizes = _post_json(planner_api, reverse("api:pattern_create", args=[style.pk]), body)

    assert schema.status_code == 422
    assert [e["loc"] for e in schema.json()["errors"]] == [
        ["body", "payload", "pieces", 2, "quantity"]
    ]
    assert file.status_code == 422
    assert file.json()["errors"] == [
        {
            "loc": ["body", "file"],
            "msg": "Piece 2 (BACK): the cut line crosses itself near (50.0, 50.0) mm.",
            "type": "bad_pattern_file",
        }
    ]
    assert sizes.json()["errors"] == [
        {
            "loc": ["body", "file"],
            "msg": "Size XXL (Piece 1 (FRONT)) is not in the size grid of style TEE-5 (S · M · L).",
            "type": "size_not_of_style",
        }
    ]
    not_dxf = planner_api.post(
        reverse("api:pattern_upload", args=[style.pk]),
        {"name": "X", "file": SimpleUploadedFile("x.dxf", b"hello")},
    )
    assert not_dxf.status_code == 422
    assert not_dxf.json()["errors"][0]["msg"].startswith("This is not a DXF file")
    assert _count(tenant_a) == (0, 0)


def test_only_editors_write_and_delete_is_refused_while_markers_use_the_pattern(
    style: Style, planner_api: Client, api_client_as: ApiClient, tenant_a: Organization
) -> None:
    body = {"name": "Base", **tee_polygons(("M",))}
    buyer = api_client_as(tenant_a, Role.BRAND_BUYER)
    assert (
        _post_json(buyer, reverse("api:pattern_create", args=[style.pk]), body).status_code == 403
    )
    pattern_id = _post_json(
        planner_api, reverse("api:pattern_create", args=[style.pk]), body
    ).json()["id"]
    url = reverse("api:pattern_delete", args=[pattern_id])
    assert buyer.delete(url).status_code == 403
    with tenant_context(tenant_a):
        marker = Marker.objects.create(pattern_id=pattern_id, fabric_width_mm=1500)

    refused = planner_api.delete(url)

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["msg"].startswith("Pattern Base is used by markers")
    assert _count(tenant_a) == (1, 4)
    with tenant_context(tenant_a):
        marker.delete()
    assert planner_api.delete(url).status_code == 204
    assert _count(tenant_a) == (0, 0)
    assert planner_api.get(reverse("api:pattern_get", args=[pattern_id])).status_code == 404
