"""What both data commands need: the organization by slug, with it active."""

from __future__ import annotations

from django.core.management.base import CommandError

from seamline.tenancy.models import Organization


def organization(slug: str) -> Organization:
    try:
        return Organization.objects.get(slug=slug)
    except Organization.DoesNotExist:
        raise CommandError(f"No organization with the short name {slug!r}.") from None
