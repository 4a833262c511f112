"""From a new style to an order with a size x colour matrix and its totals — in Chromium."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from seamline.catalog.models import Colour, Customer, Size, Style
from seamline.orders.models import Order
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Membership, User
from tests.catalog.factories import ColourFactory, CustomerFactory, SizeGridFactory

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Quantities entered per colour, by size S, M, L.
QUANTITIES = {"BLK": [10, 20, 30], "WHT": [5, 0, 15]}


def test_create_a_style_then_an_order_with_its_quantities(
    page: Page, factory_owner: User, log_in: Callable[..., Page]
) -> None:
    tenant = Membership.unscoped.get(user=factory_owner).tenant
    with tenant_context(tenant):
        grid = SizeGridFactory(code="TOPS", name="Tops", sizes=["S", "M", "L"])
        black = ColourFactory(code="BLK", name="Black")
        white = ColourFactory(code="WHT", name="White")
        customer: Customer = CustomerFactory(code="ACME", name="Acme Brand", currency="USD")
        sizes = list(Size.objects.filter(grid=grid).order_by("position"))
    log_in(factory_owner)

    # The style, through the catalog form.
    page.goto("/catalog/styles/new/")
    page.fill("#id_code", "TS-100")
    page.fill("#id_name", "Basic tee")
    page.select_option("#id_customer", str(customer.pk))
    page.select_option("#id_size_grid", str(grid.pk))
    page.check(f"input[name=colours][value='{black.pk}']")
    page.check(f"input[name=colours][value='{white.pk}']")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    with tenant_context(tenant):
        style = Style.objects.get(code="TS-100")
    assert page.url.endswith(f"/catalog/styles/{style.pk}/")
    assert "TS-100" in page.inner_text("main h1")

    # The order, through the orders form.
    delivery = timezone.localdate() + dt.timedelta(days=60)
    page.goto("/orders/new/")
    page.fill("#id_number", "PO-2027-001")
    page.select_option("#id_customer", str(customer.pk))
    page.fill("#id_delivery_date", delivery.isoformat())
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    with tenant_context(tenant):
        order = Order.objects.get(number="PO-2027-001")
    assert page.url.endswith(f"/orders/{order.pk}/")
    assert "PO-2027-001" in page.inner_text("main h1")

    # The size x colour matrix: the page adds up as one types, the order page shows the totals.
    with page.expect_navigation():
        page.click("text=Add style quantities")
    with page.expect_navigation():
        page.select_option("#id_style_choice", str(style.pk))
    page.fill("[name=unit_price]", "12.50")
    colours: dict[str, Colour] = {"BLK": black, "WHT": white}
    for code, row in QUANTITIES.items():
        for size, quantity in zip(sizes, row, strict=True):
            page.fill(f"[name=qty_{colours[code].pk}_{size.pk}]", str(quantity))
    assert page.inner_text("#grand-total") == "80"
    assert page.inner_text("#matrix-value") == "1000.00"
    with page.expect_navigation():
        page.click("#matrix-form button[type=submit]")

    assert page.url.endswith(f"/orders/{order.pk}/")
    assert page.inner_text("#order-pieces") == "80"
    assert page.inner_text("#order-value") == "1000.00 USD"
    matrix = page.locator(f"#style-{style.pk} table.matrix")
    assert matrix.locator(".row-total").all_inner_texts() == ["60", "20"]
    assert matrix.locator("tfoot td").all_inner_texts() == ["15", "20", "45", "80"]
