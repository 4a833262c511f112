"""In Chromium: suggest the lays of a colour in place, add them all, cut one."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from seamline.cutting import services, views
from seamline.cutting.models import Lay
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import order_to_cut

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_suggest_lays_add_them_and_cut_one(
    page: Page,
    factory_owner: User,
    log_in: Callable[..., Page],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "SUGGEST_TIME_LIMIT_S", 1.0)
    tenant = Organization.objects.get(slug="factory-a")
    with tenant_context(tenant):
        made = order_to_cut(quantities={"S": 60, "M": 90, "L": 30})
        plan = services.cut_plan_create(order=made.order, style=made.style, by=None)
    log_in(factory_owner)

    page.goto(f"/cutting/plans/{plan.pk}/")
    colour = made.colours[0].pk
    box = page.locator(f"#suggest-{colour}")
    box.locator("input[name=max_plies]").fill("30")
    box.locator("input[name=max_garments]").fill("4")
    box.locator("button:has-text('Suggest lays')").click()
    add = box.locator("button:has-text('Add')")
    add.wait_for()
    assert page.url.endswith(f"/cutting/plans/{plan.pk}/")  # in place, no navigation
    shot = os.environ.get("SEAMLINE_SCREENSHOTS")
    if shot:
        page.screenshot(path=f"{shot}/cutting-suggest.png", full_page=True)
    with page.expect_navigation():
        add.click()
    assert "lays were added" in page.inner_text(".messages")
    balance = page.locator("table.cut-matrix tfoot tr.balance td").all_inner_texts()
    assert balance == ["0", "0", "0", "0"]

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("table.lays tbody tr").first.locator("button:has-text('Cut')").click()
    assert "bundles: no. 1 to" in page.inner_text(".messages")
    if shot:
        page.screenshot(path=f"{shot}/cutting-detail.png", full_page=True)
    with tenant_context(tenant):
        assert Lay.objects.filter(status="cut").count() == 1
