"""The defect catalogue: seeded once with common defects, added to, edited, deactivated."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from seamline.quality.defaults import DEFAULT_DEFECTS, seed_defect_catalogue
from seamline.quality.models import DefectType
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization

pytestmark = pytest.mark.django_db


def test_seeding_fills_an_empty_catalogue_once(tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        assert seed_defect_catalogue() == len(DEFAULT_DEFECTS) == 14
        assert seed_defect_catalogue() == 0
        rows = dict(DefectType.objects.values_list("code", "severity"))
    assert rows["STAIN"] == rows["HOLE"] == rows["MEAS"] == "major"
    assert rows["THRD"] == "minor"
    assert rows["LABEL"] == "critical"


def test_seeding_is_per_tenant(tenant_a: Organization, tenant_b: Organization) -> None:
    with tenant_context(tenant_a):
        seed_defect_catalogue()
    with tenant_context(tenant_b):
        assert not DefectType.objects.exists()
        assert seed_defect_catalogue() == 14


def test_names_are_in_the_current_language(tenant_a: Organization) -> None:
    with tenant_context(tenant_a), translation.override("en"):
        seed_defect_catalogue()
        assert DefectType.objects.get(code="SKIP").name == "Skipped stitch"


def test_the_catalogue_page_seeds_adds_edits_and_deactivates(
    planner_a: Client, tenant_a: Organization
) -> None:
    page = planner_a.get(reverse("quality:defect_types"))
    assert page.status_code == 200
    assert "Skipped stitch" in page.content.decode()

    added = planner_a.post(
        reverse("quality:defect_types"),
        {"code": "zip", "name": "Broken zip", "category": "trims", "severity": "major"},
    )
    assert added.status_code == 302
    duplicate = planner_a.post(
        reverse("quality:defect_types"),
        {"code": "ZIP", "name": "Again", "category": "trims", "severity": "major"},
    )
    assert duplicate.status_code == 422
    assert "ZIP is in the catalogue already" in duplicate.content.decode()
    with tenant_context(tenant_a):
        zip_type = DefectType.objects.get(code="ZIP")
        assert DefectType.objects.filter(code="ZIP").count() == 1

    url = reverse("quality:defect_type_edit", args=[zip_type.pk])
    assert planner_a.get(url).status_code == 200
    edited = planner_a.post(
        url,
        {"code": "ZIP", "name": "Zip broken", "category": "trims", "severity": "critical",
         "is_active": "on"},
    )  # fmt: skip
    assert edited.status_code == 302
    assert planner_a.post(url, {"active": "0"}).status_code == 302
    with tenant_context(tenant_a):
        zip_type.refresh_from_db()
        assert (zip_type.name, zip_type.severity, zip_type.is_active) == (
            "Zip broken",
            "critical",
            False,
        )


def test_an_inactive_type_is_not_offered_on_the_form(
    client_as: Any, tenant_a: Organization
) -> None:
    inspector = client_as(tenant_a, Role.INSPECTOR)
    with tenant_context(tenant_a):
        seed_defect_catalogue()
        DefectType.objects.filter(code="PRESS").update(is_active=False)
    html = inspector.get(reverse("quality:inspection_new")).content.decode()
    assert "Skipped stitch" in html
    assert "Pressing mark" not in html


def test_an_inspector_cannot_change_the_catalogue(client_as: Any, tenant_a: Organization) -> None:
    inspector = client_as(tenant_a, Role.INSPECTOR)
    response = inspector.post(
        reverse("quality:defect_types"),
        {"code": "ZIP", "name": "Zip", "category": "trims", "severity": "major"},
    )
    assert response.status_code == 403
    with tenant_context(tenant_a):
        assert not DefectType.objects.filter(code="ZIP").exists()
