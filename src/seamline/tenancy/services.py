"""Every write to organizations, memberships, invitations and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from seamline.tenancy import selectors
from seamline.tenancy.choices import InvitationStatus, OrganizationKind, Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import (
    ApiToken,
    AuditEntry,
    Invitation,
    Membership,
    Organization,
    User,
)

INVITATION_VALID_FOR = dt.timedelta(days=14)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an audit entry for `obj` in the active tenant."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=type(obj)._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        data=data or {},
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "org"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organization_create(
    *,
    name: str,
    kind: str,
    owner: User,
    slug: str = "",
    time_zone: str = "",
    currency: str = "CNY",
    city: str = "",
) -> Organization:
    """Create an organization with `owner` as its first owner."""
    if kind not in OrganizationKind.values:
        raise ValidationError({"kind": _("Unknown organization kind.")})
    org = Organization(
        name=name,
        kind=kind,
        slug=slug or _unique_slug(name),
        currency=currency,
        city=city,
    )
    if time_zone:
        org.time_zone = time_zone
    org.full_clean()
    org.save()
    with tenant_context(org):
        Membership.objects.create(tenant=org, user=owner, role=Role.OWNER)
        audit_record(actor=owner, action="organization.create", obj=org, summary=org.name)
    return org


@transaction.atomic
def user_create(
    *, username: str, password: str, email: str = "", display_name: str = "", **extra: Any
) -> User:
    user = User(username=username, email=email, display_name=display_name, **extra)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def bootstrap(
    *, org_name: str, kind: str, username: str, password: str, email: str = ""
) -> tuple[Organization, User]:
    """First organization and owner of a fresh installation (the CLI's `bootstrap`)."""
    password_validation.validate_password(password, User(username=username, email=email))
    with transaction.atomic():
        user = user_create(username=username, password=password, email=email)
        org = organization_create(name=org_name, kind=kind, owner=user)
    return org, user


def _role_of(user: User) -> str | None:
    """`user`'s active role in the active tenant."""
    return (
        Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True).first()
    )


def _ensure_may_touch_owners(*, by: User, roles: set[str]) -> None:
    """Only an owner makes, unmakes or deactivates an owner; managers handle everyone else."""
    if Role.OWNER in roles and _role_of(by) != Role.OWNER:
        raise ValidationError(_("Only an owner may make, change or remove an owner."))


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: User) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership.refresh_from_db(from_queryset=Membership.objects.select_for_update())
    if role == membership.role:
        return membership
    _ensure_may_touch_owners(by=by, roles={membership.role, role})
    _ensure_an_owner_remains(membership, new_role=role, active=membership.is_active)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(actor=by, action="membership.role", obj=membership, data={"from": old, "to": role})
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, by: User) -> Membership:
    membership.refresh_from_db(from_queryset=Membership.objects.select_for_update())
    if not membership.is_active:
        return membership
    _ensure_may_touch_owners(by=by, roles={membership.role})
    _ensure_an_owner_remains(membership, new_role=membership.role, active=False)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit_record(actor=by, action="membership.deactivate", obj=membership)
    return membership


def _ensure_an_owner_remains(membership: Membership, *, new_role: str, active: bool) -> None:
    if membership.role != Role.OWNER or (new_role == Role.OWNER and active):
        return
    others = (
        Membership.objects.select_for_update()
        .filter(role=Role.OWNER, is_active=True)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(_("An organization must keep at least one active owner."))


def invitation_link(*, site_url: str, token: str) -> str:
    """The absolute link that accepts an invitation (`site_url` like "https://host")."""
    path = reverse("tenancy:invitation_accept", kwargs={"token": token})
    return site_url.rstrip("/") + path


def _invitation_mail(*, invitation: Invitation, link: str) -> None:
    subject = _("Invitation to %(organization)s on Seamline") % {
        "organization": invitation.tenant.name
    }
    body = _(
        "%(inviter)s invites you to join %(organization)s on Seamline as %(role)s.\n\n"
        "Open this link to accept (valid until %(expires)s):\n%(link)s\n"
    ) % {
        "inviter": invitation.invited_by,
        "organization": invitation.tenant.name,
        "role": invitation.get_role_display(),
        "expires": f"{invitation.expires_at:%Y-%m-%d}",
        "link": link,
    }
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invitation_create(
    *, email: str, role: str, by: User, site_url: str = ""
) -> tuple[Invitation, str]:
    """Invite `email` with `role`; returns the invitation and the secret token for its link.

    With `site_url` the link is also mailed to `email` once the transaction commits.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    _ensure_may_touch_owners(by=by, roles={role})
    token, token_hash = Invitation.new_token()
    invitation = Invitation(
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=by,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    invitation.full_clean(exclude=["tenant"])
    invitation.save()
    audit_record(actor=by, action="invitation.create", obj=invitation, summary=email)
    if site_url:
        link = invitation_link(site_url=site_url, token=token)
        # robust: a mail server that is down is logged; the page still shows the link.
        transaction.on_commit(
            lambda: _invitation_mail(invitation=invitation, link=link), robust=True
        )
    return invitation, token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    invitation.refresh_from_db(from_queryset=Invitation.objects.select_for_update())
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.status = InvitationStatus.REVOKED
    invitation.save(update_fields=["status"])
    audit_record(actor=by, action="invitation.revoke", obj=invitation)
    return invitation


def invitation_check(invitation: Invitation | None) -> Invitation:
    """The invitation if it can still be accepted, else a ValidationError that says why."""
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid. Check that it is complete."))
    if invitation.status == InvitationStatus.ACCEPTED:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.status == InvitationStatus.REVOKED:
        raise ValidationError(_("This invitation was withdrawn."))
    if invitation.expires_at < timezone.now():
        raise ValidationError(_("This invitation has expired. Ask for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the inviting organization with the invited role (a former member is reactivated)."""
    invitation = Invitation.unscoped.select_for_update().get(pk=invitation.pk)
    invitation_check(invitation)
    with tenant_context(invitation.tenant):
        membership = Membership.objects.filter(user=user).first()
        if membership is None:
            membership = Membership.objects.create(
                tenant=invitation.tenant, user=user, role=invitation.role
            )
        elif membership.is_active:
            raise ValidationError(_("You are already a member of this organization."))
        else:
            membership.role = invitation.role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active"])
        invitation.status = InvitationStatus.ACCEPTED
        invitation.accepted_by = user
        invitation.save(update_fields=["status", "accepted_by"])
        audit_record(actor=user, action="invitation.accept", obj=invitation, summary=user.username)
    return membership


@transaction.atomic
def invitation_accept_new_user(
    *, invitation: Invitation, username: str, password: str, display_name: str = ""
) -> Membership:
    """A person without an account: create it (validated password) and join in one step."""
    invitation_check(invitation)
    candidate = User(username=username, email=invitation.email, display_name=display_name)
    password_validation.validate_password(password, candidate)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken. Choose another.")})
    user = user_create(
        username=username, password=password, email=invitation.email, display_name=display_name
    )
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` in the active organization; the key is returned only here."""
    key, prefix, key_hash = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=key_hash)
    audit_record(actor=user, action="api_token.create", obj=token, summary=name)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    token.refresh_from_db(from_queryset=ApiToken.objects.select_for_update())
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=by, action="api_token.revoke", obj=token)
    return token


def organization_switch(*, user: User, organization_id: int) -> Membership | None:
    """Remember the organization a user works in; None if they are not a member of it."""
    membership = selectors.membership_for(user=user, tenant_id=organization_id)
    if membership is not None:
        user.last_organization_id = organization_id
        user.save(update_fields=["last_organization"])
    return membership
