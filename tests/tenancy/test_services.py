"""Tenancy services called directly: the rules hold whichever page or script calls them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from seamline.tenancy.choices import InvitationStatus, OrganizationKind, Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Membership, Organization, User
from seamline.tenancy.services import (
    api_token_create,
    api_token_revoke,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_set_role,
    organization_create,
)
from tests.tenancy.factories import UserFactory


@pytest.mark.django_db
def test_organization_create_makes_the_owner_and_a_unique_slug() -> None:
    boss = UserFactory()
    first = organization_create(name="Golden Thread", kind=OrganizationKind.FACTORY, owner=boss)
    second = organization_create(name="Golden Thread", kind=OrganizationKind.BRAND, owner=boss)

    assert (first.slug, second.slug) == ("golden-thread", "golden-thread-2")
    assert list(Membership.unscoped.filter(user=boss).values_list("role", flat=True)) == [
        Role.OWNER,
        Role.OWNER,
    ]
    with tenant_context(first):
        assert AuditEntry.objects.get().action == "organization.create"


@pytest.mark.django_db
def test_organization_kind_must_be_known() -> None:
    with pytest.raises(ValidationError):
        organization_create(name="X", kind="casino", owner=UserFactory())
    assert Organization.objects.count() == 0


@pytest.mark.django_db
def test_unknown_role_is_refused_everywhere(
    in_tenant_a: Organization, member: Callable[..., User]
) -> None:
    owner = member(in_tenant_a, Role.OWNER)
    worker = Membership.objects.get(user=member(in_tenant_a, Role.WORKER))

    with pytest.raises(ValidationError):
        membership_set_role(membership=worker, role="emperor", by=owner)
    with pytest.raises(ValidationError):
        invitation_create(email="x@example.com", role="emperor", by=owner)

    worker.refresh_from_db()
    assert worker.role == Role.WORKER


@pytest.mark.django_db
def test_invitation_lifecycle_is_audited(
    in_tenant_a: Organization, member: Callable[..., User]
) -> None:
    owner = member(in_tenant_a, Role.OWNER)
    joiner = UserFactory()
    accepted, _ = invitation_create(email="a@example.com", role=Role.WORKER, by=owner)
    withdrawn, _ = invitation_create(email="b@example.com", role=Role.WORKER, by=owner)

    invitation_accept(invitation=accepted, user=joiner)
    invitation_revoke(invitation=withdrawn, by=owner)

    with pytest.raises(ValidationError):
        invitation_revoke(invitation=accepted, by=owner)
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == [
        "invitation.accept",
        "invitation.create",
        "invitation.create",
        "invitation.revoke",
    ]
    accepted.refresh_from_db()
    assert accepted.status == InvitationStatus.ACCEPTED


@pytest.mark.django_db
def test_revoking_a_token_twice_keeps_the_first_time(
    in_tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(in_tenant_a, Role.OWNER)
    token, key = api_token_create(user=user, name="ci")

    api_token_revoke(token=token, by=user)
    first = token.revoked_at
    api_token_revoke(token=token, by=user)

    assert key.startswith("sl_")
    assert token.prefix == key[:10]
    assert token.revoked_at == first
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1
