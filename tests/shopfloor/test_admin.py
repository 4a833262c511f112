"""The Django admin of lines and workers opens for staff of the active organization."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.shopfloor.factories import WorkerFactory


def test_admin_lists_and_opens_lines_and_workers(
    member: Callable[..., User], login: Callable[..., Client], tenant_a: Organization
) -> None:
    staff = member(tenant_a, "owner", is_staff=True, is_superuser=True)
    with tenant_context(tenant_a):
        worker = WorkerFactory(code="W-ADM", line__code="L-ADM")
    client = login(staff, tenant_a)
    workers = client.get(reverse("admin:shopfloor_worker_changelist"))
    assert b"W-ADM" in workers.content
    assert client.get(reverse("admin:shopfloor_worker_change", args=[worker.pk])).status_code == 200
    lines = client.get(reverse("admin:shopfloor_line_changelist"))
    assert b"L-ADM" in lines.content
    assert (
        client.get(reverse("admin:shopfloor_line_change", args=[worker.line_id])).status_code == 200
    )
