"""In Chromium: the floor pages refresh their numbers by themselves while scans come in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest

from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order
from tests.tenancy.factories import MembershipFactory, OrganizationFactory

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def factory(transactional_db: None) -> tuple[Organization, CutOrder]:
    """Factory A with supervisor "sam" and a cut order of three operations."""
    org = cast(Organization, OrganizationFactory(name="Factory A", slug="factory-a"))
    MembershipFactory(tenant=org, role=Role.SUPERVISOR, user__username="sam")
    with tenant_context(org):
        cut = cut_order()
    return org, cut


def test_order_progress_updates_without_reloading(
    page: Page,
    factory: tuple[Organization, CutOrder],
    log_in: Callable[..., Page],
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    org, cut = factory
    log_in("sam")
    page.clock.install()
    page.goto(f"/shopfloor/floor/orders/{cut.order.pk}/")
    finished = page.locator('#floor-order [data-kpi="finished"]')
    expect(finished).to_have_text("0")
    page.evaluate("window.floorMarker = 1")  # gone if the page were reloaded

    with tenant_context(org):
        record_scans(
            [
                ScanInput(f"live-{op}", cut.bundles[0].number, op, cut.workers[0].code)
                for op in (10, 20, 30)
            ]
        )
    page.clock.run_for(16_000)  # htmx polls every 15 s
    expect(finished).to_have_text("20")
    expect(page.locator('#floor-order [data-kpi="sewn"]')).to_have_text("20")
    assert page.evaluate("window.floorMarker") == 1
    page.screenshot(path=str(tmp_path / "floor-order.png"), full_page=True)


def test_bundle_search_opens_the_trace(
    page: Page, factory: tuple[Organization, CutOrder], log_in: Callable[..., Page]
) -> None:
    from playwright.sync_api import expect

    org, cut = factory
    log_in("sam")
    page.goto("/shopfloor/floor/")
    page.fill("#id_bundle", str(cut.bundles[1].number))
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")
    expect(page.locator("h1")).to_have_text(f"Bundle {cut.bundles[1].number}")
    expect(page.locator(".floor-trace tr.pending")).to_have_count(3)
