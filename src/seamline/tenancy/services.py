"""Every write to organizations, memberships, invitations and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
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


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: User) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    _ensure_an_owner_remains(membership, new_role=role, active=membership.is_active)
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(actor=by, action="membership.role", obj=membership, data={"from": old, "to": role})
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership, by: User) -> Membership:
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


@transaction.atomic
def invitation_create(*, email: str, role: str, by: User) -> tuple[Invitation, str]:
    """Invite `email` with `role`; returns the invitation and the secret token for its link."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
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
    return invitation, token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.status = InvitationStatus.REVOKED
    invitation.save(update_fields=["status"])
    audit_record(actor=by, action="invitation.revoke", obj=invitation)
    return invitation


def invitation_check(invitation: Invitation | None) -> Invitation:
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation is not valid any more."))
    if invitation.expires_at < timezone.now():
        raise ValidationError(_("This invitation has expired."))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the inviting organization with the invited role (an existing member keeps one row)."""
    invitation = Invitation.unscoped.select_for_update().get(pk=invitation.pk)
    invitation_check(invitation)
    with tenant_context(invitation.tenant):
        membership, created = Membership.objects.get_or_create(
            user=user, defaults={"role": invitation.role, "tenant": invitation.tenant}
        )
        if not created:
            membership.role = invitation.role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active"])
        invitation.status = InvitationStatus.ACCEPTED
        invitation.accepted_by = user
        invitation.save(update_fields=["status", "accepted_by"])
        audit_record(actor=user, action="invitation.accept", obj=invitation, summary=user.username)
    return membership


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` in the active organization; the key is returned only here."""
    key, prefix, key_hash = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=key_hash)
    audit_record(actor=user, action="api_token.create", obj=token, summary=name)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
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
