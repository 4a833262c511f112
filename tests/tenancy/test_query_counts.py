"""List pages and endpoints cost the same number of queries for 1 row as for many."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from seamline.tenancy.services import api_token_create, invitation_create

URLS = [
    "/account/members/",
    "/account/invitations/",
    "/account/tokens/",
    "/api/v1/members",
    "/api/v1/organizations",
]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_queries_do_not_grow_with_rows(
    url: str,
    tenant_a: Organization,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> None:
    owner = member(tenant_a, Role.OWNER)
    client = login(owner, tenant_a)

    def add_rows(n: int) -> None:
        for i in range(n):
            member(tenant_a, Role.WORKER)
            with tenant_context(tenant_a):
                invitation_create(email=f"p{i}@example.com", role=Role.WORKER, by=owner)
                api_token_create(user=owner, name=f"t{i}")

    add_rows(1)
    few = _queries(client, url)
    add_rows(6)
    many = _queries(client, url)

    assert few == many
    assert many <= 6
