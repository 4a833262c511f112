from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest

from seamline.tenancy import selectors
from seamline.tenancy.choices import Role
from seamline.tenancy.permissions import ROLE_PERMS, Perm


def tenancy(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    perms: frozenset[Perm] = (
        ROLE_PERMS.get(Role(membership.role), frozenset()) if membership else frozenset()
    )
    return {
        "tenant": getattr(request, "tenant", None),
        "membership": membership,
        "perms": {perm.name: True for perm in perms},
        # A callable, so the query runs only on pages that show the organization switcher.
        "my_memberships": (
            partial(selectors.memberships_of, user=user)
            if user is not None and user.is_authenticated
            else list
        ),
    }
