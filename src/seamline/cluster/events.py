"""Webhook events of the cluster, announced to each party's own endpoints.

A party's endpoints live in its own tenant, so each announcement is published there. The
callers publish only when something changed: a retried request that changes nothing
announces nothing again (the receivers also get each event's id to drop duplicates).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from seamline.webhooks.services import publish


def announce(event: str, payload: dict[str, Any], parties: Iterable[Organization]) -> None:
    """Publish `event` with `payload` (JSON-safe) to every endpoint of each party, once."""
    seen: set[int] = set()
    for org in parties:
        if org.pk in seen:
            continue
        seen.add(org.pk)
        with tenant_context(org):
            publish(event, payload)
