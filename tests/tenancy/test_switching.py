"""A person in several organizations works in one at a time; scoping never leaks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from seamline.tenancy.choices import Role
from seamline.tenancy.context import TenantNotSetError, tenant_context
from seamline.tenancy.middleware import SESSION_KEY
from seamline.tenancy.models import AuditEntry, Invitation, Membership, Organization, User
from tests.tenancy.factories import MembershipFactory, OrganizationFactory

MEMBERS = "/account/members/"


@pytest.fixture
def two_org_owner(
    tenant_a: Organization, tenant_b: Organization, member: Callable[..., User]
) -> User:
    user = member(tenant_a, Role.OWNER)
    MembershipFactory(tenant=tenant_b, user=user, role=Role.OWNER)
    member(tenant_a, Role.WORKER, username="alice-of-a")
    member(tenant_b, Role.WORKER, username="bob-of-b")
    return user


@pytest.mark.django_db
def test_member_of_two_sees_each_organizations_data_after_switching(
    two_org_owner: User,
    tenant_a: Organization,
    tenant_b: Organization,
    login: Callable[..., Client],
) -> None:
    client = login(two_org_owner, tenant_a)
    in_a = client.get(MEMBERS).content.decode()

    response = client.post("/account/switch/", {"organization": tenant_b.pk, "next": MEMBERS})
    in_b = client.get(MEMBERS).content.decode()

    assert "alice-of-a" in in_a
    assert "bob-of-b" not in in_a
    assert response.status_code == 302
    assert response["Location"] == MEMBERS
    assert "bob-of-b" in in_b
    assert "alice-of-a" not in in_b
    assert client.session[SESSION_KEY] == tenant_b.pk
    two_org_owner.refresh_from_db()
    assert two_org_owner.last_organization_id == tenant_b.pk


@pytest.mark.django_db
def test_switcher_lists_both_organizations(
    two_org_owner: User, tenant_a: Organization, login: Callable[..., Client]
) -> None:
    page = login(two_org_owner, tenant_a).get("/").content.decode()
    assert 'action="/account/switch/"' in page
    assert "Factory A</option>" in page
    assert "Factory B</option>" in page


@pytest.mark.django_db
def test_cannot_switch_to_an_organization_one_is_not_in(
    two_org_owner: User, tenant_a: Organization, login: Callable[..., Client]
) -> None:
    stranger_org = OrganizationFactory(name="Factory C")
    client = login(two_org_owner, tenant_a)

    response = client.post("/account/switch/", {"organization": stranger_org.pk})

    assert response.status_code == 404
    assert client.session[SESSION_KEY] == tenant_a.pk
    two_org_owner.refresh_from_db()
    assert two_org_owner.last_organization_id is None


@pytest.mark.django_db
def test_cannot_switch_to_an_organization_after_deactivation(
    two_org_owner: User,
    tenant_a: Organization,
    tenant_b: Organization,
    login: Callable[..., Client],
) -> None:
    Membership.unscoped.filter(user=two_org_owner, tenant=tenant_b).update(is_active=False)
    client = login(two_org_owner, tenant_a)

    response = client.post("/account/switch/", {"organization": tenant_b.pk})

    assert response.status_code == 404
    assert client.session[SESSION_KEY] == tenant_a.pk


@pytest.mark.django_db
def test_switch_refuses_a_foreign_next_url(
    two_org_owner: User,
    tenant_a: Organization,
    tenant_b: Organization,
    login: Callable[..., Client],
) -> None:
    client = login(two_org_owner, tenant_a)
    response = client.post(
        "/account/switch/", {"organization": tenant_b.pk, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_switch_with_garbage_is_404(owner_a: Client, tenant_a: Organization) -> None:
    assert owner_a.post("/account/switch/", {"organization": "x"}).status_code == 404
    assert owner_a.get("/account/switch/").status_code == 405


@pytest.mark.django_db
def test_session_falls_back_when_its_organization_membership_ends(
    two_org_owner: User,
    tenant_a: Organization,
    tenant_b: Organization,
    login: Callable[..., Client],
) -> None:
    client = login(two_org_owner, tenant_b)
    Membership.unscoped.filter(user=two_org_owner, tenant=tenant_b).update(is_active=False)

    page = client.get(MEMBERS).content.decode()

    assert "alice-of-a" in page
    assert "bob-of-b" not in page
    assert client.session[SESSION_KEY] == tenant_a.pk


@pytest.mark.django_db
def test_user_without_organization_gets_an_explanation(tenant_a: Organization) -> None:
    from tests.tenancy.factories import UserFactory

    client = Client()
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 403
    assert "not a member of any organization" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Membership, Invitation, AuditEntry])
def test_scoped_query_outside_any_tenant_raises(model: type, tenant_a: Organization) -> None:
    with pytest.raises(TenantNotSetError):
        list(model.objects.all())


@pytest.mark.django_db
def test_scoped_query_sees_only_the_active_tenant(
    tenant_a: Organization, tenant_b: Organization, member: Callable[..., User]
) -> None:
    member(tenant_a, Role.OWNER)
    member(tenant_b, Role.OWNER)
    member(tenant_b, Role.WORKER)
    with tenant_context(tenant_a):
        assert Membership.objects.count() == 1
    with tenant_context(tenant_b):
        assert Membership.objects.count() == 2


@pytest.mark.django_db
def test_saving_a_row_of_another_tenant_is_refused(
    tenant_a: Organization, tenant_b: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_b, Role.WORKER)
    row = Membership.unscoped.get(user=user)
    with tenant_context(tenant_a), pytest.raises(PermissionError):
        row.save(update_fields=["role"])


@pytest.mark.django_db
def test_creating_a_row_outside_any_tenant_raises(tenant_a: Organization) -> None:
    from tests.tenancy.factories import UserFactory

    with pytest.raises(TenantNotSetError):
        Membership(user=UserFactory(), role=Role.WORKER).save()


@pytest.mark.django_db
def test_an_empty_queryset_needs_no_tenant() -> None:
    assert list(Membership.objects.none()) == []
