"""Bearer tokens for the JSON API, the pages that manage them, and the tenancy endpoints."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import ApiToken, Membership, Organization, User
from seamline.tenancy.services import api_token_create, api_token_revoke
from tests.tenancy.factories import MembershipFactory

ME = "/api/v1/me"
MEMBERS = "/api/v1/members"
ORGS = "/api/v1/organizations"
TOKENS = "/account/tokens/"


def _bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def _token(user: User, tenant: Organization, name: str = "sync") -> tuple[ApiToken, str]:
    with tenant_context(tenant):
        return api_token_create(user=user, name=name)


# --- authentication ------------------------------------------------------------------------


@pytest.mark.django_db
def test_valid_token_acts_as_its_user_in_its_organization(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.PLANNER, username="planner-pat")
    token, key = _token(user, tenant_a)

    response = _bearer(key).get(ME)

    assert response.status_code == 200
    body = response.json()
    assert (body["username"], body["role"], body["organization"]["slug"]) == (
        "planner-pat",
        "planner",
        "factory-a",
    )
    assert "members.manage" not in body["permissions"]
    assert "orders.edit" in body["permissions"]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_last_use_is_kept_to_the_minute(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    token, key = _token(member(tenant_a, Role.PLANNER), tenant_a)
    client = _bearer(key)
    client.get(ME)
    token.refresh_from_db()
    first = token.last_used_at

    client.get(ME)  # within the minute: no write
    token.refresh_from_db()
    assert token.last_used_at == first

    ApiToken.unscoped.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get(ME)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["Bearer sl_this-is-not-a-token", "Bearer nonsense", "Bearer ", "Token sl_whatever", ""],
)
def test_wrong_token_is_401(header: str, tenant_a: Organization) -> None:
    client = Client(headers={"Authorization": header}) if header else Client()
    assert client.get(ME).status_code == 401


@pytest.mark.django_db
def test_revoked_token_is_401(tenant_a: Organization, member: Callable[..., User]) -> None:
    user = member(tenant_a, Role.OWNER)
    token, key = _token(user, tenant_a)
    with tenant_context(tenant_a):
        api_token_revoke(token=token, by=user)

    assert _bearer(key).get(ME).status_code == 401


@pytest.mark.django_db
def test_token_of_a_deactivated_member_or_user_is_401(
    tenant_a: Organization, member: Callable[..., User]
) -> None:
    member(tenant_a, Role.OWNER)
    left = member(tenant_a, Role.PLANNER)
    banned = member(tenant_a, Role.PLANNER)
    _, left_key = _token(left, tenant_a)
    _, banned_key = _token(banned, tenant_a)
    Membership.unscoped.filter(user=left).update(is_active=False)
    User.objects.filter(pk=banned.pk).update(is_active=False)

    assert _bearer(left_key).get(ME).status_code == 401
    assert _bearer(banned_key).get(ME).status_code == 401


@pytest.mark.django_db
def test_token_of_org_a_never_sees_org_b(
    tenant_a: Organization, tenant_b: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.OWNER, username="both-boss")
    MembershipFactory(tenant=tenant_b, user=user, role=Role.OWNER)
    member(tenant_a, Role.WORKER, username="alice-of-a")
    member(tenant_b, Role.WORKER, username="bob-of-b")
    _, key = _token(user, tenant_a)

    me = _bearer(key).get(ME).json()
    members = _bearer(key).get(MEMBERS).json()

    assert me["organization"]["slug"] == "factory-a"
    assert sorted(m["username"] for m in members) == ["alice-of-a", "both-boss"]


@pytest.mark.django_db
def test_session_may_call_the_api_too(owner_a: Client) -> None:
    assert owner_a.get(ME).status_code == 200


# --- endpoints -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_member_list_endpoint(
    api_client_as: Callable[..., Client], tenant_a: Organization, member: Callable[..., User]
) -> None:
    gone = member(tenant_a, Role.WORKER, username="zz-gone", display_name="Gone Person")
    Membership.unscoped.filter(user=gone).update(is_active=False)
    client = api_client_as(tenant_a, Role.MANAGER)

    response = client.get(MEMBERS)

    assert response.status_code == 200
    rows = response.json()
    assert [(r["role"], r["is_active"]) for r in rows] == [("manager", True), ("worker", False)]
    assert rows[1]["username"] == "zz-gone"
    assert rows[1]["display_name"] == "Gone Person"
    assert rows[1]["email"] == "zz-gone@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PLANNER, Role.WORKER, Role.BRAND_BUYER])
def test_member_list_endpoint_needs_members_manage(
    role: str, api_client_as: Callable[..., Client], tenant_a: Organization
) -> None:
    response = api_client_as(tenant_a, role).get(MEMBERS)
    assert response.status_code == 403
    assert response.json() == {"detail": f"Your role ({role}) may not do this (members.manage)."}


@pytest.mark.django_db
def test_organization_list_endpoint_marks_the_current_one(
    tenant_a: Organization, tenant_b: Organization, member: Callable[..., User]
) -> None:
    user = member(tenant_a, Role.OWNER)
    MembershipFactory(tenant=tenant_b, user=user, role=Role.PLANNER)
    _, key = _token(user, tenant_b)

    rows = _bearer(key).get(ORGS).json()

    assert [(r["organization"]["slug"], r["role"], r["current"]) for r in rows] == [
        ("factory-a", "owner", False),
        ("factory-b", "planner", True),
    ]


# --- the API tokens page -------------------------------------------------------------------


@pytest.mark.django_db
def test_create_shows_the_key_once_and_it_works(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    user = member(tenant_a, Role.OWNER)
    client = login(user, tenant_a)

    response = client.post(f"{TOKENS}new/", {"name": "ERP sync"})

    found = re.search(r'value="(sl_[\w-]+)"', response.content.decode())
    assert response.status_code == 200
    assert found is not None
    key = found.group(1)
    assert _bearer(key).get(ME).json()["username"] == user.username
    listing = client.get(TOKENS).content.decode()
    assert "ERP sync" in listing
    assert key not in listing
    assert key[:10] in listing


@pytest.mark.django_db
def test_revoke_from_the_page(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    user = member(tenant_a, Role.MANAGER)
    token, key = _token(user, tenant_a)

    response = login(user, tenant_a).post(f"{TOKENS}{token.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"] == TOKENS
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_at <= timezone.now()
    assert _bearer(key).get(ME).status_code == 401


@pytest.mark.django_db
def test_page_lists_only_own_live_tokens(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    me = member(tenant_a, Role.OWNER)
    colleague = member(tenant_a, Role.OWNER)
    _token(me, tenant_a, name="mine-live")
    dead, _ = _token(me, tenant_a, name="mine-dead")
    _token(colleague, tenant_a, name="colleagues")
    with tenant_context(tenant_a):
        api_token_revoke(token=dead, by=me)

    page = login(me, tenant_a).get(TOKENS).content.decode()

    assert "mine-live" in page
    assert "mine-dead" not in page
    assert "colleagues" not in page


@pytest.mark.django_db
def test_cannot_revoke_a_colleagues_token(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    me = member(tenant_a, Role.OWNER)
    theirs, key = _token(member(tenant_a, Role.OWNER), tenant_a)

    response = login(me, tenant_a).post(f"{TOKENS}{theirs.pk}/revoke/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert _bearer(key).get(ME).status_code == 200


@pytest.mark.django_db
def test_planner_has_no_token_page(planner_a: Client, tenant_a: Organization) -> None:
    assert planner_a.get(TOKENS).status_code == 403
    assert planner_a.post(f"{TOKENS}new/", {"name": "x"}).status_code == 403
    assert ApiToken.unscoped.count() == 0


@pytest.mark.django_db
def test_token_name_is_required(owner_a: Client, tenant_a: Organization) -> None:
    response = owner_a.post(f"{TOKENS}new/", {"name": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert ApiToken.unscoped.count() == 0
