"""The Django admin shows staff the rows of the organization they work in, never another's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.tenancy.factories import UserFactory

PAGES = [
    "/admin/tenancy/membership/",
    "/admin/tenancy/invitation/",
    "/admin/tenancy/apitoken/",
    "/admin/tenancy/auditentry/",
    "/admin/tenancy/organization/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_superuser_without_organization_gets_empty_lists(url: str) -> None:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_staff_sees_only_their_organizations_members(
    tenant_a: Organization,
    tenant_b: Organization,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> None:
    boss = member(tenant_a, Role.OWNER, is_staff=True, is_superuser=True)
    member(tenant_a, Role.WORKER, username="alice-of-a")
    member(tenant_b, Role.WORKER, username="bob-of-b")

    page = login(boss, tenant_a).get(PAGES[0]).content.decode()
    orgs = login(boss, tenant_a).get(PAGES[-1]).content.decode()

    assert "alice-of-a" in page
    assert "bob-of-b" not in page
    assert "Factory A" in orgs
    assert "Factory B" not in orgs
