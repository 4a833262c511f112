"""Bundle tickets as PDF: A4 sheets and thermal labels, first prints and reprints."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seamline.catalog.models import Style
from seamline.cutting import services
from seamline.cutting.models import TicketPrint
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Organization
from tests.cutting.factories import CutOrder, cut_order


def pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.fixture
def cut(tenant_a: Organization) -> CutOrder:
    # S: 2 bundles, M: 4 bundles (numbers 1..6); operations 10, 20, 30.
    with tenant_context(tenant_a):
        return cut_order(plies=30, ratios=(1, 2), operations=3)


def tickets(client: Client, cut: CutOrder, fmt: str) -> bytes:
    response = client.get(reverse("cutting:lay_tickets", args=[cut.lay.pk]), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_a4_sheets_carry_every_coupon_code_and_several_bundles_a_page(
    planner_a: Client, tenant_a: Organization, cut: CutOrder
) -> None:
    pdf = tickets(planner_a, cut, "a4")
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 2  # five bundles of three coupons fit a page
    for number in range(1, 7):
        for sequence in (10, 20, 30):
            assert f"({number}-{sequence})".encode() in pdf
    assert b"(Bundle 6)" in pdf
    assert b"REPRINT" not in pdf
    with tenant_context(tenant_a):
        printed = TicketPrint.objects.get()
        assert (printed.copy, printed.format, printed.lay_id) == (1, "a4", cut.lay.pk)
        assert AuditEntry.objects.filter(action="lay.tickets_print").count() == 1


def test_thermal_labels_are_a_header_and_a_label_per_coupon(
    planner_a: Client, tenant_a: Organization, cut: CutOrder
) -> None:
    pdf = tickets(planner_a, cut, "thermal")
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 6 * (1 + 3)
    assert b"/MediaBox [ 0 0 170.0787 113.3858 ]" in pdf  # 60 x 40 mm
    assert b"(3-20)" in pdf
    with tenant_context(tenant_a):
        assert TicketPrint.objects.get().format == "thermal"


def test_a_second_print_says_reprint_on_every_header_and_coupon(
    planner_a: Client, tenant_a: Organization, cut: CutOrder
) -> None:
    first = tickets(planner_a, cut, "thermal")
    second = tickets(planner_a, cut, "thermal")
    assert b"REPRINT" not in first
    assert second.count(b"(REPRINT 2)") == 6 * (1 + 3)
    third = tickets(planner_a, cut, "a4")
    assert third.count(b"(REPRINT 3)") == 6 * (1 + 3)
    with tenant_context(tenant_a):
        copies = list(TicketPrint.objects.order_by("copy").values_list("copy", "format"))
    assert copies == [(1, "thermal"), (2, "thermal"), (3, "a4")]


def test_chinese_names_are_set_in_a_chinese_font(
    planner_a: Client, tenant_a: Organization, cut: CutOrder
) -> None:
    with tenant_context(tenant_a):
        Style.objects.filter(pk=cut.style.pk).update(name="女式衬衫")
    pdf = tickets(planner_a, cut, "a4")
    assert b"STSong-Light" in pdf


def test_a_planned_lay_does_not_print(
    planner_a: Client, tenant_a: Organization, cut: CutOrder
) -> None:
    with tenant_context(tenant_a):
        planned = services.lay_add(
            cut_plan=cut.plan, colour=cut.colour, plies=5, ratios={cut.sizes[0]: 1}, by=None
        )
    response = planner_a.get(
        reverse("cutting:lay_tickets", args=[planned.pk]), {"format": "a4"}, follow=True
    )
    assert "is not cut yet" in response.content.decode()
    with tenant_context(tenant_a):
        assert TicketPrint.objects.count() == 0


def test_an_unknown_format_prints_nothing(
    planner_a: Client, tenant_a: Organization, cut: CutOrder
) -> None:
    response = planner_a.get(
        reverse("cutting:lay_tickets", args=[cut.lay.pk]), {"format": "poster"}, follow=True
    )
    assert "A4 sheets or thermal labels" in response.content.decode()
    with tenant_context(tenant_a):
        assert TicketPrint.objects.count() == 0


def test_a_supervisor_may_not_print(
    supervisor_a: Client, tenant_a: Organization, cut: CutOrder
) -> None:
    response = supervisor_a.get(reverse("cutting:lay_tickets", args=[cut.lay.pk]))
    assert response.status_code == 403
    with tenant_context(tenant_a):
        assert TicketPrint.objects.count() == 0
