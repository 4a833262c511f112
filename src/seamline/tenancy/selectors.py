"""Reads of tenancy data. Login and switching cross tenants on purpose, so they use `unscoped`."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import F, Field, Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from seamline.tenancy.compiled import CompiledQuery, model_from_row
from seamline.tenancy.models import ApiToken, Invitation, Membership, Organization, User


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


def _token_membership_query(key_hash: str) -> QuerySet[Membership]:
    # One filter() call: every condition on api_tokens is about the same token.
    return (
        Membership.unscoped.filter(
            user__api_tokens__key_hash=key_hash,
            user__api_tokens__revoked_at__isnull=True,
            user__api_tokens__tenant_id=F("tenant_id"),
            user__is_active=True,
            is_active=True,
        )
        .order_by()
        .values_list(
            "user__api_tokens__id",
            "user__api_tokens__last_used_at",
            *(f.name for f in _row_fields(Membership)),
            *("user__" + f.name for f in _row_fields(User)),
            *("tenant__" + f.name for f in _row_fields(Organization)),
        )[:1]
    )


def _row_fields(model: type[Model]) -> list[Field[Any, Any]]:
    return list(model._meta.concrete_fields)


# Every API request starts with this lookup: compiled once, not per request.
_TOKEN_MEMBERSHIP = CompiledQuery(_token_membership_query, str)


def api_token_membership(*, key: str) -> Membership | None:
    """The active membership a bearer token acts as (user and tenant loaded), in one query.

    The token must be unrevoked, its user active and still an active member of the token's
    organization. `token_id` and `token_last_used_at` are annotated on the membership.
    """
    if not key.startswith("sl_"):
        return None
    rows = _TOKEN_MEMBERSHIP.rows(ApiToken.hash_key(key))
    if not rows:
        return None
    token_id, last_used, *values = rows[0]
    membership = _from_row(Membership, values)
    membership.user = _from_row(User, values)
    membership.tenant = _from_row(Organization, values)
    membership.token_id = token_id  # type: ignore[attr-defined]
    membership.token_last_used_at = last_used  # type: ignore[attr-defined]
    now = timezone.now()
    # "Last used" to the minute: a write (and a commit) on every scanner request would cost
    # more than the request itself.
    if last_used is None or now - last_used >= TOKEN_USE_RESOLUTION:
        ApiToken.unscoped.filter(pk=token_id).update(last_used_at=now)
    return membership


_M = TypeVar("_M", bound=Model)


def _from_row(model: type[_M], values: list[Any]) -> _M:
    """The instance made of the first columns of `values` (which are taken off)."""
    fields = _row_fields(model)
    taken = values[: len(fields)]
    del values[: len(fields)]
    return model_from_row(model, [f.attname for f in fields], taken)


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
