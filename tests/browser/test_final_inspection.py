"""In Chromium on a phone-sized screen: an inspector opens the final inspection of a shipment
lot, counts defects with the -/+ buttons while the verdict follows live, and records it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from seamline.engines import aql
from seamline.quality.choices import Severity
from seamline.quality.models import DefectType, Inspection
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from tests.browser.conftest import TIMEOUT_MS, sign_in
from tests.quality.isolation_final import Lot, shipment_lot
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
def lot(transactional_db: None) -> Lot:
    """Inspector "ines" of Factory A; a 500-piece lot in 10 cartons on a planned shipment."""
    org = OrganizationFactory(name="Factory A", slug="factory-a")
    MembershipFactory(tenant=org, role=Role.INSPECTOR, user__username="ines")
    with tenant_context(org):
        DefectType.objects.create(code="LABEL", name="Missing label", severity=Severity.CRITICAL)
        DefectType.objects.create(code="OPEN", name="Open seam", severity=Severity.MAJOR)
        DefectType.objects.create(code="HEM", name="Uneven hem", severity=Severity.MINOR)
        return shipment_lot(cartons=10, per_carton=50)


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth")


def test_inspector_counts_defects_and_records_an_accepted_lot(phone: Page, lot: Lot) -> None:
    from playwright.sync_api import expect

    major = aql.sampling_plan(500, "II", "2.5")
    plan = aql.inspection_plan(500, "II", None, "2.5", "4.0")
    sign_in(phone, "ines")
    phone.goto(
        reverse(
            "quality:final_new",
            kwargs={"shipment_pk": lot.shipment.pk, "order_pk": lot.order.pk},
        )
    )

    expect(phone.locator("#plan-sample")).to_have_text(str(plan.sample_size))
    expect(phone.locator("#class-major td").nth(2)).to_have_text(str(major.accept))
    expect(phone.locator("#class-major td").nth(3)).to_have_text(str(major.reject))
    verdict = phone.locator("#live-verdict")
    expect(verdict).to_have_text("Accept")
    _no_sideways_scroll(phone)

    more_open_seams = phone.get_by_role("button", name="One more Open seam")
    for _ in range(major.accept):
        more_open_seams.tap()
    expect(phone.locator("#found-major")).to_have_text(str(major.accept))
    expect(verdict).to_have_text("Accept")
    more_open_seams.tap()  # the major defects reach Re
    expect(verdict).to_have_text("Reject")
    expect(phone.locator("#class-major")).to_have_class("class-major reject")
    phone.get_by_role("button", name="One less Open seam").tap()
    expect(verdict).to_have_text("Accept")
    phone.get_by_role("button", name="One more Uneven hem").tap()
    expect(verdict).to_have_text("Accept")
    expect(phone.locator("input[name=defective_qty]")).to_have_value(str(major.accept + 1))
    _no_sideways_scroll(phone)

    with phone.expect_navigation():
        phone.get_by_role("button", name="Record the inspection").tap()

    expect(phone.locator("#verdict")).to_have_text("Accepted")
    expect(phone.locator("#class-major .found")).to_have_text(str(major.accept))
    expect(phone.locator("#class-minor .found")).to_have_text("1")
    expect(phone.locator("#checked")).to_have_text(str(plan.sample_size))
    expect(phone.locator("#defective")).to_have_text(str(major.accept + 1))
    _no_sideways_scroll(phone)
    with tenant_context(lot.shipment.tenant):
        inspection = Inspection.objects.get()
    assert inspection.outcome == "pass"
    assert inspection.plan["cartons_opened"] == [2, 4, 7, 9]
