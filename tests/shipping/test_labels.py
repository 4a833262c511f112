"""Carton labels: one A6 page per carton (or four to an A4 sheet) with the customer, PO,
order, style, colour, sizes, pieces, "n of N", weights and a Code128 barcode of the carton code.

The PDF is written uncompressed: text in Helvetica reads as `(text) Tj`, Chinese text is
drawn in the STSong-Light CID font.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from seamline.catalog.models import Customer
from seamline.orders.models import Order
from seamline.shipping import packing
from seamline.shipping.labels import carton_code
from seamline.shipping.models import Carton
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.shipping.isolation_cases import pass_pieces


@pytest.fixture
def cut(in_tenant_a: Organization) -> CutOrder:
    made = cut_order()
    small, medium = made.sizes
    pass_pieces(made, small, 20)
    pass_pieces(made, medium, 40)
    Order.objects.filter(pk=made.order.pk).update(customer_po="PO-778")
    made.order.refresh_from_db()
    packing.pack_solid(
        order=made.order, style=made.style, colour=made.colour, size=medium,
        pieces_per_carton=12, cartons=2, by=None,
        net_kg=Decimal("5.10"), gross_kg=Decimal("5.80"),
    )  # fmt: skip
    packing.pack_ratio(
        order=made.order, style=made.style, colour=made.colour,
        ratio={small: 2, medium: 4}, cartons=1, by=None,
    )  # fmt: skip
    return made


@pytest.fixture
def as_role(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> Callable[[str], Client]:
    return lambda role: login(member(tenant_a, role), tenant_a)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf))


def texts(pdf: bytes) -> list[str]:
    return [m.decode("latin-1") for m in re.findall(rb"\((.*?)\) Tj", pdf)]


def url(cut: CutOrder) -> str:
    return reverse("shipping:carton_labels", args=[cut.order.pk])


def test_one_label_per_carton_with_what_a_buyer_reads(
    cut: CutOrder, as_role: Callable[[str], Client]
) -> None:
    response = as_role(Role.SUPERVISOR).get(url(cut))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 3
    assert b"/MediaBox [ 0 0 297.6378 419.5276 ]" in pdf  # A6
    text = texts(pdf)
    assert "Carton 1 of 3" in text
    assert "Carton 3 of 3" in text
    assert cut.order.customer.name in text
    assert "PO-778" in text
    assert cut.order.number in text
    assert f"{cut.order.number}-0001" in text  # the barcode's human-readable text
    assert "12" in text  # pieces of a solid carton
    assert "5.10 kg" in text
    assert "5.80 kg" in text
    assert "M 12" in text


def test_chosen_cartons_and_an_a4_sheet_of_four(
    cut: CutOrder, as_role: Callable[[str], Client]
) -> None:
    client = as_role(Role.SUPERVISOR)
    chosen = client.get(url(cut), {"cartons": "2-3"}).content
    assert pages(chosen) == 2
    assert "Carton 1 of 3" not in texts(chosen)
    assert "Carton 2 of 3" in texts(chosen)
    sheet = client.get(url(cut), {"sheet": "a4"}).content
    assert pages(sheet) == 1
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in sheet


def test_a_bad_carton_list_is_explained(cut: CutOrder, as_role: Callable[[str], Client]) -> None:
    response = as_role(Role.SUPERVISOR).get(url(cut), {"cartons": "1-x"}, follow=True)
    assert "give numbers and ranges such as 1-10,14 (not 1-x)" in " ".join(
        str(m) for m in response.context["messages"]
    )


def test_chinese_names_print_in_the_cjk_font(
    cut: CutOrder, as_role: Callable[[str], Client]
) -> None:
    Customer.objects.filter(pk=cut.order.customer_id).update(name="杭州服饰 Hangzhou")
    pdf = as_role(Role.SUPERVISOR).get(url(cut)).content
    assert b"STSong-Light" in pdf
    assert " Hangzhou" in texts(pdf)


def test_the_carton_code_is_unique_in_the_factory(cut: CutOrder) -> None:
    codes = {carton_code(c, cut.order) for c in Carton.objects.all()}
    assert codes == {f"{cut.order.number}-{n:04d}" for n in (1, 2, 3)}
    carton = Carton.objects.first()
    assert carton is not None
    cut.order.number = "订单-1"
    assert carton_code(carton, cut.order) == f"CTN{carton.pk:09d}"


def test_only_packers_print_labels(cut: CutOrder, as_role: Callable[[str], Client]) -> None:
    assert as_role(Role.INSPECTOR).get(url(cut)).status_code == 403
    assert as_role(Role.WORKER).get(url(cut)).status_code == 403
