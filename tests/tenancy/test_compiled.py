"""Queries compiled once give what the ORM gives, for the values of each call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from seamline.tenancy.choices import Role
from seamline.tenancy.compiled import CompiledQuery
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import ApiToken, Membership, Organization, User
from seamline.tenancy.selectors import api_token_membership
from seamline.tenancy.services import api_token_create, api_token_revoke
from tests.tenancy.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ROLE_OF_TENANT = CompiledQuery(
    lambda tenant_id, username: (
        Membership.unscoped.filter(tenant_id=tenant_id, user__username=username)
        .order_by()
        .values_list("role", "joined_at")
    ),
    int,
    str,
)


def test_each_call_runs_with_its_own_values(
    tenant_a: Organization, tenant_b: Organization, member: Callable[..., User]
) -> None:
    planner = member(tenant_a, Role.PLANNER, username="lin")
    MembershipFactory(tenant=tenant_b, user=planner, role=Role.WORKER)

    (in_a,) = ROLE_OF_TENANT.rows(tenant_a.pk, "lin")
    (in_b,) = ROLE_OF_TENANT.rows(tenant_b.pk, "lin")

    assert (in_a[0], in_b[0]) == (Role.PLANNER, Role.WORKER)
    assert ROLE_OF_TENANT.rows(tenant_a.pk, "nobody") == []
    # The database's own values are converted as the ORM converts them (aware datetimes).
    assert isinstance(in_a[1], dt.datetime)
    assert in_a[1].tzinfo is not None
    assert in_a[1] == Membership.unscoped.get(tenant=tenant_a, user=planner).joined_at


def test_a_value_the_orm_changes_cannot_be_compiled() -> None:
    # A `contains` lookup wraps the value in wildcards: the SQL would not take it as given.
    query = CompiledQuery(
        lambda name: Organization.objects.filter(name__contains=name).values_list("pk"),
        str,
    )

    with pytest.raises(ValueError, match="exactly once, unchanged"):
        query.rows("Hongmian")


def test_the_wrong_number_of_values_is_refused() -> None:
    with pytest.raises(TypeError):
        ROLE_OF_TENANT.rows(1)


def test_a_token_acts_as_its_member_until_revoked(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    planner = member(tenant_a, Role.PLANNER, username="lin")
    with tenant_context(tenant_a):
        token, key = api_token_create(user=planner, name="scanner")

    found = api_token_membership(key=key)

    assert found is not None
    assert (found.user.username, found.tenant.pk, found.role) == ("lin", tenant_a.pk, "planner")
    assert found.tenant.time_zone == tenant_a.time_zone
    assert found.token_id == token.pk  # type: ignore[attr-defined]
    assert ApiToken.unscoped.get(pk=token.pk).last_used_at is not None
    with tenant_context(tenant_a):
        api_token_revoke(token=token, by=planner)
    assert api_token_membership(key=key) is None
