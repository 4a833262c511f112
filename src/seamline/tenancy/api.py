from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from seamline.tenancy import selectors
from seamline.tenancy.access import api_require
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Membership
from seamline.tenancy.permissions import ROLE_PERMS, Perm
from seamline.tenancy.schemas import MemberOut, MeOut, MyOrganizationOut

router = Router(tags=["organization"])


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


@router.get("/me", response=MeOut, url_name="me")
def me(request: HttpRequest) -> dict[str, object]:
    """Who the token or session acts as, in which organization, with which permissions."""
    membership = _membership(request)
    return {
        "username": membership.user.username,
        "display_name": str(membership.user),
        "organization": membership.tenant,
        "role": membership.role,
        "permissions": sorted(ROLE_PERMS[Role(membership.role)]),
    }


@router.get("/organizations", response=list[MyOrganizationOut], url_name="organization_list")
def organization_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The organizations the caller belongs to; `current` marks the one this call acts in."""
    current = _membership(request)
    return [
        {"organization": m.tenant, "role": m.role, "current": m.tenant_id == current.tenant_id}
        for m in selectors.memberships_of(user=current.user)
    ]


@router.get("/members", response=list[MemberOut], url_name="member_list")
def member_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Members of the organization the call acts in (active and former)."""
    api_require(request, Perm.MEMBERS_MANAGE)
    return [
        {
            "id": m.pk,
            "username": m.user.username,
            "display_name": str(m.user),
            "email": m.user.email,
            "role": m.role,
            "is_active": m.is_active,
            "joined_at": m.joined_at,
        }
        for m in selectors.member_list()
    ]
