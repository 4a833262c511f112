"""In Chromium: the phone app keeps scans made offline, opens offline, and sends them once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

from seamline.shopfloor.models import Scan, Worker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.browser.conftest import TIMEOUT_MS, sign_in
from tests.cutting.factories import cut_order
from tests.tenancy.factories import MembershipFactory, OrganizationFactory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = pytest.mark.browser

DRAIN_MS = 30_000  # the `online` event sends at once; the 15 s timer is the fallback


@pytest.fixture
def phone_worker(transactional_db: None) -> tuple[Organization, Worker]:
    """Worker "lina" of Factory A, her login linked to the first worker of a cut order."""
    org = OrganizationFactory(name="Factory A", slug="factory-a")
    membership = MembershipFactory(tenant=org, role=Role.WORKER, user__username="lina")
    with tenant_context(org):
        worker = cut_order().workers[0]
        worker.user = membership.user
        worker.save(update_fields=["user"])
    return org, worker


def _record(page: Page, code: str) -> None:
    page.fill("#code-input", code)
    page.click("#record-button")
    page.locator(f"#results li:has-text('{code}')").wait_for()


def test_scans_made_offline_survive_a_reload_and_are_sent_exactly_once(
    page: Page, phone_worker: tuple[Organization, Worker], log_in: Callable[..., Page]
) -> None:
    from playwright.sync_api import expect

    org, worker = phone_worker
    log_in("lina")
    page.goto("/shopfloor/m/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    pending = page.locator("#pending-count")
    expect(pending).to_have_text("0")

    page.context.set_offline(True)
    for code in ("1-10", "2-10", "3-20"):
        _record(page, code)
    expect(pending).to_have_text("3")
    assert page.locator("#results li.pending").count() == 3
    with tenant_context(org):
        assert Scan.objects.count() == 0

    page.reload()  # still offline: the service worker serves the page from its cache
    expect(pending).to_have_text("3")
    assert page.evaluate("navigator.onLine") is False

    page.context.set_offline(False)
    expect(pending).to_have_text("0", timeout=DRAIN_MS)
    expect(page.locator("#results li.ok")).to_have_count(3)
    expect(page.locator("#day-pieces")).to_have_text("50")  # 20 + 10 + 20 pieces

    with tenant_context(org):
        scans = list(Scan.objects.select_related("bundle", "operation").order_by("bundle__number"))
    assert [(s.bundle.number, s.operation.sequence) for s in scans] == [(1, 10), (2, 10), (3, 20)]
    assert {(s.worker_id, s.status, s.source) for s in scans} == {(worker.pk, "credited", "mobile")}
    assert len({s.client_id for s in scans}) == 3


def test_server_errors_keep_scans_queued_until_the_server_answers(
    browser: Browser, live_server: Any, phone_worker: tuple[Organization, Worker]
) -> None:
    from playwright.sync_api import expect

    org, _worker = phone_worker
    # Without the service worker, so the test's own routing sees every request of the page.
    context = browser.new_context(base_url=live_server.url, locale="en-US", service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        sign_in(page, "lina")
        calls: list[str] = []

        def unavailable(route: Route) -> None:
            calls.append(route.request.url)
            route.fulfill(status=503, body="busy")

        page.route("**/api/v1/shopfloor/scans/batch", unavailable)
        page.goto("/shopfloor/m/")
        _record(page, "4-20")
        expect(page.locator("#net-status")).to_have_class("net problem")
        expect(page.locator("#pending-count")).to_have_text("1")
        assert calls
        with tenant_context(org):
            assert Scan.objects.count() == 0

        page.unroute("**/api/v1/shopfloor/scans/batch")
        page.evaluate("window.dispatchEvent(new Event('online'))")
        expect(page.locator("#pending-count")).to_have_text("0")
        expect(page.locator("#results li.ok")).to_have_count(1)
        with tenant_context(org):
            assert Scan.objects.count() == 1
    finally:
        context.close()
