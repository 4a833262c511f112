from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from seamline.tenancy.choices import Role
from seamline.tenancy.permissions import ROLE_PERMS
from seamline.tenancy.schemas import MeOut

router = Router(tags=["organization"])


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, object]:
    """Who the token or session acts as, in which organization, with which permissions."""
    membership = request.membership  # type: ignore[attr-defined]
    return {
        "username": membership.user.username,
        "display_name": str(membership.user),
        "organization": membership.tenant,
        "role": membership.role,
        "permissions": sorted(ROLE_PERMS[Role(membership.role)]),
    }
