"""Reads of tenancy data. Login and switching cross tenants on purpose, so they use `unscoped`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from seamline.tenancy.models import ApiToken, Invitation, Membership, User


def membership_for(*, user: Any, tenant_id: int | None) -> Membership | None:
    if tenant_id is None:
        return None
    return (
        Membership.unscoped.select_related("tenant")
        .filter(user=user, tenant_id=tenant_id, is_active=True)
        .first()
    )


def membership_default(*, user: Any) -> Membership | None:
    memberships = memberships_of(user=user)
    last = getattr(user, "last_organization_id", None)
    for membership in memberships:
        if membership.tenant_id == last:
            return membership
    return memberships[0] if memberships else None


def memberships_of(*, user: Any) -> list[Membership]:
    return list(
        Membership.unscoped.select_related("tenant")
        .filter(user=user, is_active=True)
        .order_by("tenant__name")
    )


TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)


def api_token_membership(*, key: str) -> Membership | None:
    """The active membership a bearer token acts as (user and tenant loaded), in one query.

    The token must be unrevoked, its user active and still an active member of the token's
    organization. `token_id` and `token_last_used_at` are annotated on the membership.
    """
    if not key.startswith("sl_"):
        return None
    membership = (
        Membership.unscoped.select_related("user", "tenant")
        .filter(
            # One filter() call: every condition on api_tokens is about the same token.
            user__api_tokens__key_hash=ApiToken.hash_key(key),
            user__api_tokens__revoked_at__isnull=True,
            user__api_tokens__tenant_id=F("tenant_id"),
            user__is_active=True,
            is_active=True,
        )
        .annotate(
            token_id=F("user__api_tokens__id"),
            token_last_used_at=F("user__api_tokens__last_used_at"),
        )
        .order_by()
        .first()
    )
    if membership is None:
        return None
    now = timezone.now()
    last_used = membership.token_last_used_at
    # "Last used" to the minute: a write (and a commit) on every scanner request would cost
    # more than the request itself.
    if last_used is None or now - last_used >= TOKEN_USE_RESOLUTION:
        ApiToken.unscoped.filter(pk=membership.token_id).update(last_used_at=now)
    return membership


def member_list() -> QuerySet[Membership]:
    """Members of the active organization, active ones first."""
    return Membership.objects.select_related("user").order_by("-is_active", "user__username")


def member_get(*, membership_id: int) -> Membership:
    """A membership of the active organization; another organization's is a 404."""
    return get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)


def invitation_list() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("invited_by", "accepted_by").order_by("-created_at")


def invitation_get(*, invitation_id: int) -> Invitation:
    return get_object_or_404(Invitation.objects, pk=invitation_id)


def invitation_by_token(*, token: str) -> Invitation | None:
    """Find a pending invitation from the secret in its link (before any tenant is active)."""
    return (
        Invitation.unscoped.select_related("tenant", "invited_by")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """`user`'s live tokens in the active organization."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


def api_token_get(*, user: User, token_id: int) -> ApiToken:
    """One of `user`'s own tokens in the active organization; anyone else's is a 404."""
    return get_object_or_404(ApiToken.objects, user=user, pk=token_id)
