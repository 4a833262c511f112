"""The one place that turns a membership's role into allowed or denied, for pages and the API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from seamline.tenancy.models import Membership
from seamline.tenancy.permissions import Perm, role_has

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def signed_in_user(by: Any) -> Any:
    """Whom a service records as having made a change: `by` when it is a signed-in user, or
    None when the change comes from a command, a signal receiver or the demo loader."""
    return by if getattr(by, "is_authenticated", False) else None


def has_perm(request: HttpRequest, perm: Perm) -> bool:
    membership: Membership | None = getattr(request, "membership", None)
    return membership is not None and role_has(membership.role, perm)


def require_perm(perm: Perm | None) -> Callable[[ViewFunc], ViewFunc]:
    """Page decorator: anonymous -> login, no organization -> explain, wrong role -> 403.

    `perm=None` asks only for a membership in some organization.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(request, "membership", None) is None:
                return render(request, "tenancy/no_organization.html", status=403)
            if perm is not None and not has_perm(request, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


class _TokenAuth(HttpBearer):
    """The middleware already resolved the bearer token; here we only confirm it did."""

    def authenticate(self, request: HttpRequest, token: str) -> Membership | None:
        return getattr(request, "membership", None)


class _SessionAuth(APIKeyCookie):
    """Logged-in browser sessions may call the API too (CSRF is checked for them)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Membership | None:
        if request.user.is_authenticated:
            return getattr(request, "membership", None)
        return None


api_auth = [_TokenAuth(), _SessionAuth()]


def api_require(request: HttpRequest, perm: Perm) -> Membership:
    """Endpoint guard: 403 with a reason when the role lacks the permission."""
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None:
        raise HttpError(401, "Not authenticated for an organization.")
    if not role_has(membership.role, perm):
        raise HttpError(403, f"Your role ({membership.role}) may not do this ({perm}).")
    return membership
