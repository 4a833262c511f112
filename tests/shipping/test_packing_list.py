"""The packing list of a shipment as Excel and PDF: header, one row per range of identical
cartons, totals.

Shipment SH-100 carries, of the cut order (S and M): cartons 1-3 solid M x 10 (N.W. 5.00,
G.W. 5.50, 60 x 40 x 30 cm), carton 4 solid M x 8 (same weights), and cartons 5-6 ratio
S 2 / M 2 (N.W. 2.00, G.W. 2.40, 50 x 40 x 20 cm). Carton 7 (M x 2) is packed, not loaded.

  1-3  M 10   10 pcs  3 ctns  30 pcs  N.W. 15.00  G.W. 16.50  CBM 3 x 0.072 = 0.216
  4    M 8     8 pcs  1 ctn    8 pcs  N.W.  5.00  G.W.  5.50  CBM 0.072
  5-6  S2 M2   4 pcs  2 ctns   8 pcs  N.W.  4.00  G.W.  4.80  CBM 2 x 0.040 = 0.080
  total               6 ctns  46 pcs  N.W. 24.00  G.W. 26.80  CBM 0.368
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from seamline.orders.models import Order
from seamline.shipping import packing
from seamline.shipping.models import Carton, Shipment
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.shipping.isolation_cases import pass_pieces, shipment

D = Decimal


@pytest.fixture
def loaded(in_tenant_a: Organization) -> tuple[CutOrder, Shipment]:
    cut = cut_order()
    small, medium = cut.sizes
    pass_pieces(cut, small, 20)
    pass_pieces(cut, medium, 60)
    Order.objects.filter(pk=cut.order.pk).update(customer_po="PO-5521")
    cut.order.refresh_from_db()
    box = {"net_kg": D("5.00"), "gross_kg": D("5.50"), "length_cm": 60, "width_cm": 40}
    common = {"order": cut.order, "style": cut.style, "colour": cut.colour, "by": None}
    packing.pack_solid(**common, size=medium, pieces_per_carton=10, cartons=3, height_cm=30, **box)
    packing.pack_solid(**common, size=medium, pieces_per_carton=8, cartons=1, height_cm=30, **box)
    packing.pack_ratio(
        **common, ratio={small: 2, medium: 2}, cartons=2,
        net_kg=D("2.00"), gross_kg=D("2.40"), length_cm=50, width_cm=40, height_cm=20,
    )  # fmt: skip
    packing.pack_solid(**common, size=medium, pieces_per_carton=2, cartons=1)
    ship = shipment(
        cut.order.customer, "SH-100", ship_date=dt.date(2026, 3, 9), carrier="COSCO",
        tracking_number="TRK-42", destination="=HYPERLINK(\"http://x\")",
    )  # fmt: skip
    Carton.objects.filter(order=cut.order, number__lte=6).update(shipment=ship)
    return cut, ship


@pytest.fixture
def viewer(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> Client:
    return login(member(tenant_a, Role.INSPECTOR), tenant_a)  # SHIPPING_VIEW only


def sheet_rows(content: bytes) -> list[list[Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_excel_has_the_header_ranges_and_totals(
    loaded: tuple[CutOrder, Shipment], viewer: Client
) -> None:
    cut, ship = loaded
    response = viewer.get(reverse("shipping:packing_list_xlsx", args=[ship.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="packing-list-SH-100.xlsx"'
    rows = sheet_rows(response.content)
    header = {row[0]: row[1] for row in rows[2:10]}
    assert header == {
        "Shipment no.": "SH-100",
        "Customer": cut.order.customer.name,
        "Ship date": "2026-03-09",
        "Carrier": "COSCO",
        "Tracking no.": "TRK-42",
        "Destination": '\'=HYPERLINK("http://x")',  # neutralised: never a formula
        "Orders": cut.order.number,
        "Customer POs": "PO-5521",
    }
    headings = rows[11]
    assert headings[:6] == ["Carton no.", "Order no.", "Style", "Colour", "S", "M"]
    body = [dict(zip(headings, row, strict=True)) for row in rows[12:]]
    first, single, ratio, totals = body
    assert (first["Carton no."], first["S"], first["M"], first["Pcs / carton"]) == (
        "1-3", None, 10, 10,
    )  # fmt: skip
    assert (first["Cartons"], first["Pieces"]) == (3, 30)
    assert (first["N.W. (kg)"], first["G.W. (kg)"], first["CBM"]) == (15, 16.5, 0.216)
    assert first["Measurement (cm)"] == "60 x 40 x 30"
    assert first["Style"] == cut.style.code
    assert first["Colour"] == cut.colour.name
    assert (single["Carton no."], single["M"], single["Pieces"]) == ("4", 8, 8)
    assert (ratio["Carton no."], ratio["S"], ratio["M"], ratio["Pieces"]) == ("5-6", 2, 2, 8)
    assert (ratio["N.W. (kg)"], ratio["G.W. (kg)"], ratio["CBM"]) == (4, 4.8, 0.08)
    assert totals["Carton no."] == "Total"
    assert (totals["S"], totals["M"], totals["Cartons"], totals["Pieces"]) == (4, 42, 6, 46)
    assert (totals["N.W. (kg)"], totals["G.W. (kg)"], totals["CBM"]) == (24, 26.8, 0.368)


def test_pdf_is_landscape_a4_with_the_figures(
    loaded: tuple[CutOrder, Shipment], viewer: Client
) -> None:
    _cut, ship = loaded
    response = viewer.get(reverse("shipping:packing_list_pdf", args=[ship.pk]))
    assert response.status_code == 200
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in pdf
    text = [m.decode("latin-1") for m in re.findall(rb"\((.*?)\) Tj", pdf)]
    expected_texts = ["SH-100", "COSCO", "TRK-42", "PO-5521", "1-3", "5-6", "Total"]
    for expected in [*expected_texts, "46", "26.80", "0.368"]:
        assert expected in text, expected


def test_a_worker_may_not_download_it(
    loaded: tuple[CutOrder, Shipment],
    tenant_a: Organization,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> None:
    _cut, ship = loaded
    worker = login(member(tenant_a, Role.WORKER), tenant_a)
    assert worker.get(reverse("shipping:packing_list_xlsx", args=[ship.pk])).status_code == 403
    assert worker.get(reverse("shipping:packing_list_pdf", args=[ship.pk])).status_code == 403
