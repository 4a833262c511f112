"""One middleware decides who is asking and for which organization, and scopes everything to it."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from seamline.tenancy import context, selectors
from seamline.tenancy.models import Membership, Organization

SESSION_KEY = "seamline_organization_id"


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.DEFAULT_TENANT_TIME_ZONE)


class TenantMiddleware:
    """Sets `request.tenant` and `request.membership` and activates the tenant scope.

    Browser sessions use the organization chosen in the session (else the user's last or
    first one). API calls may instead carry `Authorization: Bearer <token>`: the token
    names both the user and the organization.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = self._membership(request)
        request.membership = membership  # type: ignore[attr-defined]
        tenant: Organization | None = membership.tenant if membership else None
        request.tenant = tenant  # type: ignore[attr-defined]
        token = context.activate(tenant)
        if tenant is not None:
            timezone.activate(_zone(tenant.time_zone))  # dates and times in the factory's own zone
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            context.deactivate(token)

    def _membership(self, request: HttpRequest) -> Membership | None:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            found = selectors.api_token_membership(key=header.removeprefix("Bearer ").strip())
            if found is None:
                return None
            request.user = found.user
            # Token requests are not cookie-authenticated, so CSRF does not apply to them.
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
            return found
        user = request.user
        if not user.is_authenticated:
            return None
        chosen = request.session.get(SESSION_KEY)
        membership = selectors.membership_for(user=user, tenant_id=chosen) if chosen else None
        if membership is None:
            membership = selectors.membership_default(user=user)
            if membership is not None:
                request.session[SESSION_KEY] = membership.tenant_id
        return membership
