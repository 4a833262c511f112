"""The catalog admin lists and edits master data of the organization the staff member works in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.catalog.factories import BomLineFactory, OperationFactory, StyleFactory
from tests.tenancy.factories import UserFactory

LISTS = [
    "customer",
    "sizegrid",
    "colour",
    "material",
    "style",
    "bomline",
    "operation",
]


@pytest.mark.django_db
@pytest.mark.parametrize("model", LISTS)
def test_superuser_without_organization_gets_empty_lists(model: str) -> None:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(f"/admin/catalog/{model}/").status_code == 200


def test_staff_sees_own_styles_with_inlines(
    tenant_a: Organization,
    tenant_b: Organization,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> None:
    boss = member(tenant_a, Role.OWNER, is_staff=True, is_superuser=True)
    with tenant_context(tenant_a):
        own = StyleFactory(code="OWN-STYLE")
        OperationFactory(style=own, name="Own operation")
        BomLineFactory(style=own)
    with tenant_context(tenant_b):
        StyleFactory(code="THEIR-STYLE")
    client = login(boss, tenant_a)

    listing = client.get("/admin/catalog/style/").content.decode()
    change = client.get(f"/admin/catalog/style/{own.pk}/change/")

    assert "OWN-STYLE" in listing
    assert "THEIR-STYLE" not in listing
    assert change.status_code == 200
    assert "Own operation" in change.content.decode()
