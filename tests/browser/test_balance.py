"""In Chromium: propose a balance of a line for a style, see its load chart, save it as the
line's layout."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from seamline.shopfloor import balancing
from seamline.shopfloor.models import LineLayout
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.shopfloor.factories import LineFactory
from tests.shopfloor.test_balancing import bulletin

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_propose_see_the_chart_and_save_as_the_lines_layout(
    page: Page,
    factory_owner: User,
    log_in: Callable[..., Page],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(balancing, "PROPOSE_TIME_LIMIT_S", 2.0)
    tenant = Organization.objects.get(slug="factory-a")
    with tenant_context(tenant):
        line = LineFactory(code="L3", name="Line three")
        style, _ops = bulletin(code="JEANS-7")
    log_in(factory_owner)

    page.goto("/shopfloor/balance/")
    form = page.locator("#propose form")
    form.locator("select[name=line]").select_option(str(line.pk))
    form.locator("select[name=style]").select_option(str(style.pk))
    form.locator("input[name=target_per_hour]").fill("30")
    with page.expect_navigation():
        form.locator("button:has-text('Propose')").click()

    assert "A balance with 2 operators is proposed." in page.inner_text(".messages")
    chart = page.locator("svg.load-chart")
    chart.wait_for()
    assert chart.locator("g.bar").count() == 2
    assert chart.locator("line.takt").count() == 1
    assert page.inner_text("#fig-output") == "40.0"
    assert "Draft" in page.inner_text("#layout-state")
    shot = os.environ.get("SEAMLINE_SCREENSHOTS")
    if shot:
        page.screenshot(path=f"{shot}/balance-detail.png", full_page=True)

    with page.expect_navigation():
        page.locator("button:has-text('Save as the line')").click()
    assert "This is now the layout of line L3." in page.inner_text(".messages")
    assert "This is the line's layout." in page.inner_text("#layout-state")
    with tenant_context(tenant):
        saved = LineLayout.objects.get()
        assert saved.is_active
        assert saved.line == line
