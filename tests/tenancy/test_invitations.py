"""Inviting people into an organization and accepting the link, as a new or an existing user."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from seamline.tenancy.choices import InvitationStatus, Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.middleware import SESSION_KEY
from seamline.tenancy.models import Invitation, Membership, Organization, User
from seamline.tenancy.services import invitation_create
from tests.tenancy.factories import PASSWORD, MembershipFactory

CREATE = "/account/invitations/new/"
LIST = "/account/invitations/"
NEW_PASSWORD = "indigo-Selvedge-77"


@pytest.fixture
def invite(
    tenant_a: Organization, member: Callable[..., User]
) -> Callable[..., tuple[Invitation, str]]:
    """invite(role=...) -> (invitation into tenant A by its owner, the link's path)."""
    owner = member(tenant_a, Role.OWNER, username="the-owner")

    def make(role: str = Role.PLANNER, email: str = "new@example.com") -> tuple[Invitation, str]:
        with tenant_context(tenant_a):
            invitation, token = invitation_create(email=email, role=role, by=owner)
        return invitation, f"/account/invite/{token}/"

    return make


def _signup(username: str = "newbie", password: str = NEW_PASSWORD) -> dict[str, str]:
    return {
        "username": username,
        "display_name": "New Person",
        "password1": password,
        "password2": password,
    }


def _invitations(tenant: Organization) -> list[tuple[str, str, str]]:
    return list(Invitation.unscoped.filter(tenant=tenant).values_list("email", "role", "status"))


# --- creating ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OWNER, Role.MANAGER])
def test_owner_or_manager_invites_and_the_link_is_shown_once_and_mailed(
    role: str,
    client_as: Callable[..., Client],
    tenant_a: Organization,
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    client = client_as(tenant_a, role)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(CREATE, {"email": "sewer@example.com", "role": Role.WORKER})

    page = response.content.decode()
    assert response.status_code == 200
    link = re.search(r"http://testserver/account/invite/[\w-]+/", page)
    assert link is not None
    assert _invitations(tenant_a) == [("sewer@example.com", "worker", "pending")]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sewer@example.com"]
    assert mail.outbox[0].subject == "Invitation to Factory A on Seamline"
    assert link.group(0) in mail.outbox[0].body
    # Only the hash is stored; the list never shows the link again.
    token = link.group(0).rstrip("/").rsplit("/", 1)[1]
    assert Invitation.unscoped.get().token_hash == Invitation.hash_token(token)
    assert token not in client.get(LIST).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.PLANNER, Role.SUPERVISOR, Role.WORKER, Role.BRAND_BUYER, Role.CLUSTER_OPERATOR]
)
def test_other_roles_cannot_invite(
    role: str, client_as: Callable[..., Client], tenant_a: Organization
) -> None:
    client = client_as(tenant_a, role)

    assert client.get(LIST).status_code == 403
    assert client.post(CREATE, {"email": "x@example.com", "role": Role.OWNER}).status_code == 403
    assert _invitations(tenant_a) == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_manager_cannot_invite_an_owner(
    client_as: Callable[..., Client], tenant_a: Organization
) -> None:
    response = client_as(tenant_a, Role.MANAGER).post(
        CREATE, {"email": "boss@example.com", "role": Role.OWNER}
    )
    assert response.status_code == 200
    assert "Only an owner may make, change or remove an owner." in response.content.decode()
    assert _invitations(tenant_a) == []


@pytest.mark.django_db
def test_bad_email_is_named(owner_a: Client, tenant_a: Organization) -> None:
    response = owner_a.post(CREATE, {"email": "not-an-email", "role": Role.WORKER})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert _invitations(tenant_a) == []


@pytest.mark.django_db
def test_invitation_list_shows_status(
    invite: Callable[..., tuple[Invitation, str]],
    tenant_a: Organization,
    login: Callable[..., Client],
) -> None:
    invitation, _ = invite(email="waiting@example.com")
    old, _ = invite(email="late@example.com")
    Invitation.unscoped.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    owner = User.objects.get(username="the-owner")

    page = login(owner, tenant_a).get(LIST).content.decode()

    assert "waiting@example.com" in page
    assert "late@example.com" in page
    assert "Expired" in page
    assert page.count(">Revoke</button>") == 2


# --- revoking ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_owner_revokes_and_the_link_stops_working(
    invite: Callable[..., tuple[Invitation, str]],
    tenant_a: Organization,
    login: Callable[..., Client],
) -> None:
    invitation, link = invite()
    owner = login(User.objects.get(username="the-owner"), tenant_a)

    response = owner.post(f"/account/invitations/{invitation.pk}/revoke/")
    refused = Client().post(link, _signup())

    assert response.status_code == 302
    assert response["Location"] == LIST
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert refused.status_code == 410
    assert "This invitation was withdrawn." in refused.content.decode()
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.django_db
def test_planner_cannot_revoke(
    invite: Callable[..., tuple[Invitation, str]], planner_a: Client
) -> None:
    invitation, _ = invite()
    assert planner_a.post(f"/account/invitations/{invitation.pk}/revoke/").status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


# --- accepting -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_person_creates_an_account_and_joins(
    invite: Callable[..., tuple[Invitation, str]], tenant_a: Organization
) -> None:
    invitation, link = invite(role=Role.SUPERVISOR, email="sup@example.com")
    client = Client()

    form = client.get(link)
    response = client.post(link, _signup())

    assert form.status_code == 200
    assert "Join Factory A" in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(username="newbie")
    assert (user.email, user.display_name) == ("sup@example.com", "New Person")
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.unscoped.get(user=user)
    assert (membership.tenant, membership.role, membership.is_active) == (
        tenant_a,
        Role.SUPERVISOR,
        True,
    )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == (InvitationStatus.ACCEPTED, user)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session[SESSION_KEY] == tenant_a.pk
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "error"),
    [
        (_signup(password="12345678"), "This password is entirely numeric."),
        (_signup(password="short"), "This password is too short."),
        ({**_signup(), "password2": "something-else-9"}, "The two passwords differ."),
        (_signup(username="bad name!"), "Enter a valid username."),
    ],
)
def test_new_account_is_validated(
    data: dict[str, str], error: str, invite: Callable[..., tuple[Invitation, str]]
) -> None:
    invitation, link = invite()
    client = Client()

    response = client.post(link, data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert User.objects.count() == 1  # the owner only
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_taken_username_is_refused(
    invite: Callable[..., tuple[Invitation, str]],
) -> None:
    invitation, link = invite()
    response = Client().post(link, _signup(username="The-Owner"))
    assert response.status_code == 200
    assert "This username is taken. Choose another." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


@pytest.mark.django_db
def test_existing_user_joins_with_one_click(
    invite: Callable[..., tuple[Invitation, str]],
    tenant_a: Organization,
    tenant_b: Organization,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> None:
    invitation, link = invite(role=Role.PLANNER)
    user = member(tenant_b, Role.OWNER)
    client = login(user, tenant_b)

    page = client.get(link).content.decode()
    response = client.post(link)

    assert "Join Factory A" in page
    assert ">Join</button>" in page
    assert response.status_code == 302
    assert Membership.unscoped.get(user=user, tenant=tenant_a).role == Role.PLANNER
    assert Membership.unscoped.get(user=user, tenant=tenant_b).role == Role.OWNER
    assert client.session[SESSION_KEY] == tenant_a.pk
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == (InvitationStatus.ACCEPTED, user)


@pytest.mark.django_db
def test_former_member_is_reactivated_with_the_invited_role(
    invite: Callable[..., tuple[Invitation, str]],
    tenant_a: Organization,
    login: Callable[..., Client],
) -> None:
    _, link = invite(role=Role.SUPERVISOR)
    former = MembershipFactory(tenant=tenant_a, role=Role.WORKER, is_active=False)

    login(former.user, tenant_a).post(link)

    former.refresh_from_db()
    assert (former.role, former.is_active) == (Role.SUPERVISOR, True)


@pytest.mark.django_db
def test_active_member_cannot_use_an_invitation_to_change_role(
    invite: Callable[..., tuple[Invitation, str]],
    tenant_a: Organization,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> None:
    invitation, link = invite(role=Role.MANAGER)
    worker = member(tenant_a, Role.WORKER)
    client = login(worker, tenant_a)

    page = client.get(link).content.decode()
    response = client.post(link, follow=True)

    assert "You are already a member of this organization." in page
    assert "You are already a member of this organization." in response.content.decode()
    assert Membership.unscoped.get(user=worker).role == Role.WORKER
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


@pytest.mark.django_db
def test_a_used_link_cannot_be_used_again(
    invite: Callable[..., tuple[Invitation, str]],
    tenant_b: Organization,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> None:
    _, link = invite()
    Client().post(link, _signup(username="first"))
    intruder = member(tenant_b, Role.OWNER)

    again = Client().post(link, _signup(username="second"))
    by_user = login(intruder, tenant_b).post(link)

    assert again.status_code == 410
    assert "This invitation has already been used." in again.content.decode()
    assert by_user.status_code == 410
    assert not User.objects.filter(username="second").exists()
    assert not Membership.unscoped.filter(user=intruder).exclude(tenant=tenant_b).exists()


@pytest.mark.django_db
def test_an_expired_link_is_refused(invite: Callable[..., tuple[Invitation, str]]) -> None:
    invitation, link = invite()
    Invitation.unscoped.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )

    shown = Client().get(link)
    posted = Client().post(link, _signup())

    assert shown.status_code == 410
    assert "This invitation has expired. Ask for a new one." in shown.content.decode()
    assert posted.status_code == 410
    assert not User.objects.filter(username="newbie").exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


@pytest.mark.django_db
def test_an_unknown_token_is_404(tenant_a: Organization) -> None:
    response = Client().get("/account/invite/not-a-real-token/")
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


@pytest.mark.django_db
def test_existing_user_signs_in_from_the_link_and_comes_back_to_join(
    invite: Callable[..., tuple[Invitation, str]],
    tenant_a: Organization,
    tenant_b: Organization,
    member: Callable[..., User],
) -> None:
    _, link = invite(role=Role.WORKER)
    user = member(tenant_b, Role.OWNER)
    client = Client()

    page = client.get(link).content.decode()
    signed_in = client.post(
        f"/account/login/?next={link}",
        {"username": user.username, "password": PASSWORD, "next": link},
    )
    joined = client.post(link)

    assert f'href="/account/login/?next={link}"' in page
    assert signed_in.status_code == 302
    assert signed_in["Location"] == link
    assert joined.status_code == 302
    assert Membership.unscoped.get(user=user, tenant=tenant_a).role == Role.WORKER
