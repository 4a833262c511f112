"""Members page: who is in the organization, changing roles, deactivating; the role table."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Membership, Organization, User
from seamline.tenancy.permissions import ROLE_PERMS, Perm, role_has

MEMBERS = "/account/members/"


def _membership(user: User) -> Membership:
    return Membership.unscoped.get(user=user)


def _role_url(m: Membership) -> str:
    return f"/account/members/{m.pk}/role/"


def _deactivate_url(m: Membership) -> str:
    return f"/account/members/{m.pk}/deactivate/"


def test_owner_and_manager_hold_every_permission_and_worker_only_their_own_work_and_pay() -> None:
    assert ROLE_PERMS[Role.OWNER] == frozenset(Perm)
    assert ROLE_PERMS[Role.MANAGER] == frozenset(Perm)
    assert ROLE_PERMS[Role.WORKER] == frozenset({Perm.SCAN_OWN, Perm.PAY_OWN})
    assert set(ROLE_PERMS) == set(Role)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.OWNER, True),
        (Role.MANAGER, True),
        (Role.PLANNER, False),
        (Role.SUPERVISOR, False),
        (Role.WORKER, False),
        (Role.BRAND_BUYER, False),
        (Role.CLUSTER_OPERATOR, False),
    ],
)
def test_only_owner_and_manager_manage_members(role: Role, allowed: bool) -> None:
    assert role_has(role, Perm.MEMBERS_MANAGE) is allowed
    assert role_has(role, Perm.API_TOKENS) is allowed


def test_no_role_has_nothing() -> None:
    assert role_has(None, Perm.CATALOG_VIEW) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OWNER, 200),
        (Role.MANAGER, 200),
        (Role.PLANNER, 403),
        (Role.SUPERVISOR, 403),
        (Role.WORKER, 403),
        (Role.BRAND_BUYER, 403),
        (Role.CLUSTER_OPERATOR, 403),
    ],
)
def test_member_list_by_role(
    role: str, status: int, client_as: Callable[..., Client], tenant_a: Organization
) -> None:
    assert client_as(tenant_a, role).get(MEMBERS).status_code == status


@pytest.mark.django_db
def test_member_list_shows_role_active_and_joined(
    owner_a: Client,
    tenant_a: Organization,
    member: Callable[..., User],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(5):
        member(tenant_a, Role.WORKER, username=f"sewer{n}")
    gone = member(tenant_a, Role.PLANNER, username="former-planner")
    Membership.unscoped.filter(user=gone).update(is_active=False)

    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = owner_a.get(MEMBERS)

    page = response.content.decode()
    assert response.status_code == 200
    assert all(f"sewer{n}" in page for n in range(5))
    assert "former-planner" in page
    assert page.count('<option value="worker" selected>') == 5
    assert page.count(">Deactivate</button>") == 6  # the owner and five workers
    joined = timezone.localtime(_membership(gone).joined_at, ZoneInfo(tenant_a.time_zone))
    assert joined.strftime("%Y-%m-%d") in page  # the day in the factory's time zone


@pytest.mark.django_db
def test_owner_changes_a_role(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    owner = member(tenant_a, Role.OWNER)
    worker = _membership(member(tenant_a, Role.WORKER))

    response = login(owner, tenant_a).post(_role_url(worker), {"role": Role.SUPERVISOR})

    assert response.status_code == 302
    assert response["Location"] == MEMBERS
    worker.refresh_from_db()
    assert worker.role == Role.SUPERVISOR
    with tenant_context(tenant_a):
        entry = AuditEntry.objects.get(action="membership.role")
    assert entry.actor == owner
    assert entry.data == {"from": "worker", "to": "supervisor"}


@pytest.mark.django_db
def test_unknown_role_is_refused(
    owner_a: Client, tenant_a: Organization, member: Callable[..., User]
) -> None:
    worker = _membership(member(tenant_a, Role.WORKER))
    response = owner_a.post(_role_url(worker), {"role": "emperor"}, follow=True)
    assert "Choose one of the listed roles." in response.content.decode()
    worker.refresh_from_db()
    assert worker.role == Role.WORKER


@pytest.mark.django_db
def test_manager_promotes_a_worker_but_not_to_owner(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    manager = login(member(tenant_a, Role.MANAGER), tenant_a)
    worker = _membership(member(tenant_a, Role.WORKER))

    manager.post(_role_url(worker), {"role": Role.PLANNER})
    worker.refresh_from_db()
    refused = manager.post(_role_url(worker), {"role": Role.OWNER}, follow=True)

    assert worker.role == Role.PLANNER
    assert "Only an owner may make, change or remove an owner." in refused.content.decode()
    worker.refresh_from_db()
    assert worker.role == Role.PLANNER


@pytest.mark.django_db
def test_manager_cannot_demote_or_deactivate_an_owner(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    owner = _membership(member(tenant_a, Role.OWNER))
    member(tenant_a, Role.OWNER)
    manager = login(member(tenant_a, Role.MANAGER), tenant_a)

    manager.post(_role_url(owner), {"role": Role.WORKER})
    manager.post(_deactivate_url(owner))

    owner.refresh_from_db()
    assert (owner.role, owner.is_active) == (Role.OWNER, True)


@pytest.mark.django_db
def test_the_last_owner_cannot_step_down(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    user = member(tenant_a, Role.OWNER)
    owner = _membership(user)
    client = login(user, tenant_a)

    demote = client.post(_role_url(owner), {"role": Role.MANAGER}, follow=True)
    leave = client.post(_deactivate_url(owner), follow=True)

    message = "An organization must keep at least one active owner."
    assert message in demote.content.decode()
    assert message in leave.content.decode()
    owner.refresh_from_db()
    assert (owner.role, owner.is_active) == (Role.OWNER, True)


@pytest.mark.django_db
def test_an_owner_may_step_down_when_another_owner_remains(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    user = member(tenant_a, Role.OWNER)
    member(tenant_a, Role.OWNER)
    owner = _membership(user)

    login(user, tenant_a).post(_role_url(owner), {"role": Role.MANAGER})

    owner.refresh_from_db()
    assert owner.role == Role.MANAGER


@pytest.mark.django_db
def test_deactivated_member_loses_access(
    owner_a: Client,
    tenant_a: Organization,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> None:
    user = member(tenant_a, Role.MANAGER)
    membership = _membership(user)

    response = owner_a.post(_deactivate_url(membership))

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active is False
    assert login(user, tenant_a).get(MEMBERS).status_code == 403


@pytest.mark.django_db
def test_planner_cannot_change_roles_or_deactivate(
    planner_a: Client, tenant_a: Organization, member: Callable[..., User]
) -> None:
    worker = _membership(member(tenant_a, Role.WORKER))

    assert planner_a.post(_role_url(worker), {"role": Role.OWNER}).status_code == 403
    assert planner_a.post(_deactivate_url(worker)).status_code == 403

    worker.refresh_from_db()
    assert (worker.role, worker.is_active) == (Role.WORKER, True)


@pytest.mark.django_db
def test_role_and_deactivate_take_only_post(
    owner_a: Client, tenant_a: Organization, member: Callable[..., User]
) -> None:
    worker = _membership(member(tenant_a, Role.WORKER))
    assert owner_a.get(_role_url(worker)).status_code == 405
    assert owner_a.get(_deactivate_url(worker)).status_code == 405
