"""In Chromium: a supervisor at the line station scans a badge and a coupon, like a USB scanner."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from seamline.shopfloor.models import Scan, Worker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import cut_order
from tests.tenancy.factories import MembershipFactory, OrganizationFactory

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def floor(transactional_db: None) -> tuple[Organization, Worker]:
    """Factory A with supervisor "sam", a cut order and worker HM-015 on its line."""
    org = OrganizationFactory(name="Factory A", slug="factory-a")
    MembershipFactory(tenant=org, role=Role.SUPERVISOR, user__username="sam")
    with tenant_context(org):
        worker = cut_order().workers[1]
        worker.code, worker.name = "HM-015", "Li Na"
        worker.save(update_fields=["code", "name"])
    return org, worker


def _scan(page: Page, text: str) -> None:
    """What a USB barcode scanner does: type the characters, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_badge_then_coupon_records_a_scan_for_that_worker(
    page: Page, floor: tuple[Organization, Worker], log_in: Callable[..., Page]
) -> None:
    from playwright.sync_api import expect

    org, worker = floor
    log_in("sam")
    page.goto(f"/shopfloor/station/?line={worker.line_id}")
    station_input = page.locator("#station-input")
    expect(station_input).to_be_focused()

    _scan(page, "HM-999")
    expect(page.locator("#feedback")).to_have_class("feedback error")
    expect(page.locator("#feedback .title")).to_have_text("Unknown badge: HM-999")

    _scan(page, "hm-015")
    expect(page.locator("#current-worker")).to_have_text("HM-015 Li Na")

    page.click("h1")  # a stray click elsewhere: the input gets the focus back
    expect(station_input).to_be_focused()
    _scan(page, "2-20")

    expect(page.locator("#feedback")).to_have_class("feedback ok")
    expect(page.locator("#feedback .title")).to_have_text("Recorded")
    expect(page.locator("#feedback .message")).to_have_text("Recorded: bundle 2, operation 20.")
    expect(page.locator("#recent li.ok")).to_have_count(1)
    expect(page.locator("#pending-count")).to_have_text("0")

    _scan(page, "W:HM-015")
    _scan(page, "2-20")
    expect(page.locator("#feedback")).to_have_class("feedback warn")
    expect(page.locator("#feedback .title")).to_have_text("Already recorded")

    _scan(page, "999-20")
    expect(page.locator("#feedback")).to_have_class("feedback error")
    expect(page.locator("#feedback .message")).to_have_text(
        "There is no bundle 999 in this factory."
    )
    expect(page.locator("#attention li")).to_have_count(1)

    with tenant_context(org):
        scans = list(Scan.objects.select_related("bundle", "operation").order_by("pk"))
    assert [
        (s.bundle.number, s.operation.sequence, s.worker_id, s.status, s.source) for s in scans
    ] == [
        (2, 20, worker.pk, "credited", "station"),
        (2, 20, worker.pk, "duplicate", "station"),
    ]
