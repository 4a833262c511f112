"""The Django admin of orders opens for staff, scoped to the organization they work in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from seamline.orders import services
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.orders.conftest import Catalog, make_catalog

DUE = dt.date(2027, 1, 31)


def test_admin_lists_and_opens_orders_of_the_active_organization_only(
    member: Callable[..., User],
    login: Callable[..., Client],
    catalog: Catalog,
    tenant_a: Organization,
    tenant_b: Organization,
) -> None:
    staff = member(tenant_a, "owner", is_staff=True, is_superuser=True)
    with tenant_context(tenant_a):
        order = services.order_create(
            number="SO-ADM", customer=catalog.customer, delivery_date=DUE, by=staff
        )
        services.order_set_matrix(
            order=order,
            style=catalog.style,
            quantities={(catalog.red.pk, catalog.s.pk): 3},
            by=staff,
        )
    other = make_catalog(tenant_b, prefix="B")
    with tenant_context(tenant_b):
        services.order_create(
            number="SO-OTHER", customer=other.customer, delivery_date=DUE, by=None
        )
    client = login(staff, tenant_a)
    listing = client.get(reverse("admin:orders_order_changelist"))
    assert listing.status_code == 200
    assert b"SO-ADM" in listing.content
    assert b"SO-OTHER" not in listing.content
    change = client.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert change.status_code == 200
    assert b"TEE-01" in change.content
    assert client.get(reverse("admin:orders_orderevent_changelist")).status_code == 200
