"""In Chromium on a phone-sized screen: a worker goes from the scan app to My pay and sees
what today's pieces earned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from seamline.shopfloor.models import Worker
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from tests.browser.conftest import TIMEOUT_MS, sign_in
from tests.cutting.factories import cut_order
from tests.tenancy.factories import MembershipFactory, OrganizationFactory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, transactional_db: None, live_server: Any) -> Iterator[Page]:
    """A tab the size of a phone, with touch, in English."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def lina(transactional_db: None) -> Worker:
    """Worker "lina" of Factory A with two bundles of op 10 scanned today: 20 + 10 pcs x 0.12."""
    org = OrganizationFactory(name="Factory A", slug="factory-a")
    membership = MembershipFactory(tenant=org, role=Role.WORKER, user__username="lina")
    with tenant_context(org):
        cut = cut_order()
        worker = cut.workers[0]
        worker.user = membership.user
        worker.save(update_fields=["user"])
        now = timezone.now()
        results = record_scans(
            [
                ScanInput(
                    f"b{n}", cut.bundles[n].number, 10, worker.code, now - dt.timedelta(seconds=30)
                )
                for n in (0, 1)
            ]
        )
    assert [r.status for r in results] == ["credited", "credited"]
    return worker


def test_a_worker_opens_my_pay_from_the_scan_app_and_sees_today(phone: Page, lina: Worker) -> None:
    from playwright.sync_api import expect

    sign_in(phone, "lina")
    phone.goto("/shopfloor/m/")
    phone.get_by_role("link", name="My pay").click()

    phone.wait_for_url("**/payroll/me/")
    expect(phone.locator("h1")).to_have_text("My pay")
    expect(phone.locator("#today-pieces")).to_have_text("30")
    expect(phone.locator("#today-earnings")).to_have_text("3.60")
    expect(phone.locator("#today-scans li")).to_have_count(2)
    # Nothing runs off the side of a phone's screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
