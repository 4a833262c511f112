"""In Chromium: create an order header, enter a style's matrix with live totals, see the totals."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from seamline.orders.models import Order
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.orders.conftest import make_catalog

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_create_order_enter_matrix_and_see_totals(
    page: Page,
    factory_owner: User,
    log_in: Callable[..., Page],
) -> None:
    tenant = Organization.objects.get(slug="factory-a")
    c = make_catalog(tenant)
    log_in(factory_owner)

    page.goto("/orders/")
    with page.expect_navigation():
        page.click("text=New order")
    page.fill("#id_number", "SO-B1")
    page.select_option("#id_customer", str(c.customer.pk))
    page.fill("#id_delivery_date", "2027-06-30")
    with page.expect_navigation():
        page.click("button:has-text('Create order')")
    assert "Order SO-B1" in page.inner_text("main h1")

    with page.expect_navigation():
        page.click("text=Add style quantities")
    with page.expect_navigation():
        page.select_option("#id_style_choice", str(c.style.pk))
    page.fill("#id_unit_price", "2.5")
    page.fill(f"[name=qty_{c.red.pk}_{c.s.pk}]", "10")
    page.fill(f"[name=qty_{c.red.pk}_{c.l.pk}]", "4")
    page.fill(f"[name=qty_{c.navy.pk}_{c.s.pk}]", "6")
    # Totals follow the typing, before anything is saved.
    assert page.inner_text(f"tr[data-colour='{c.red.pk}'] .row-total") == "14"
    assert page.inner_text("#grand-total") == "20"
    assert page.inner_text("#matrix-value") == "50.00"
    with page.expect_navigation():
        page.click("button:has-text('Save quantities')")

    assert page.inner_text("table.matrix tfoot .grand-total") == "20"
    assert page.inner_text("#order-pieces") == "20"
    assert page.inner_text("#order-value") == "50.00 USD"
    with page.expect_navigation():
        page.click("button:has-text('Confirm order')")
    assert page.inner_text("main h1 .badge") == "Confirmed"

    # The list narrows as a filter changes (htmx swaps the results in place).
    page.goto("/orders/")
    page.select_option("#id_status", "draft")
    page.wait_for_selector("#order-results >> text=No orders match.")
    page.select_option("#id_status", "confirmed")
    page.wait_for_selector("#order-results >> text=SO-B1")
    assert "status=confirmed" in page.url

    with tenant_context(tenant):
        order = Order.objects.get()
        assert (order.number, order.status) == ("SO-B1", "confirmed")
