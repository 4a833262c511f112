"""The Django admin shows the cutting rows of the active organization, read-only."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import cut_order


def test_admin_lists_and_opens_plans_lays_and_bundles_read_only(
    member: Callable[..., User],
    login: Callable[..., Client],
    tenant_a: Organization,
    tenant_b: Organization,
) -> None:
    staff = member(tenant_a, "owner", is_staff=True, is_superuser=True)
    with tenant_context(tenant_a):
        cut = cut_order()
    with tenant_context(tenant_b):
        other = cut_order()
    client = login(staff, tenant_a)
    for model, row in (("cutplan", cut.plan), ("lay", cut.lay), ("bundle", cut.bundles[0])):
        listing = client.get(reverse(f"admin:cutting_{model}_changelist"))
        assert listing.status_code == 200
        assert reverse(f"admin:cutting_{model}_change", args=[row.pk]) in listing.content.decode()
        change = client.get(reverse(f"admin:cutting_{model}_change", args=[row.pk]))
        assert change.status_code == 200
        assert client.get(reverse(f"admin:cutting_{model}_add")).status_code == 403
    foreign = client.get(reverse("admin:cutting_bundle_change", args=[other.bundles[0].pk]))
    assert foreign.status_code == 302  # the admin's "does not exist" redirect
    assert client.get(reverse("admin:cutting_ticketprint_changelist")).status_code == 200
