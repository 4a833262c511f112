"""The packing pages as a supervisor (packs), an inspector (sees) and a worker (neither) use
them, through the test client.

The cut order: 60 ordered of S and of M; 20 S and 40 M passed end-of-line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.shipping import packing
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Carton
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.catalog.factories import CustomerFactory
from tests.cutting.factories import CutOrder, cut_order, order_to_cut
from tests.orders.factories import OrderFactory
from tests.orders.html import tables
from tests.shipping.isolation_cases import pass_pieces, shipment


@pytest.fixture
def cut(in_tenant_a: Organization) -> CutOrder:
    made = cut_order()
    small, medium = made.sizes
    pass_pieces(made, small, 20)
    pass_pieces(made, medium, 40)
    Order.objects.filter(pk=made.order.pk).update(status=OrderStatus.IN_PRODUCTION)
    made.order.refresh_from_db()
    return made


@pytest.fixture
def as_role(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> Callable[[str], Client]:
    return lambda role: login(member(tenant_a, role), tenant_a)


@pytest.fixture
def packer(as_role: Callable[[str], Client]) -> Client:
    return as_role(Role.SUPERVISOR)


def page_url(cut: CutOrder) -> str:
    return reverse("shipping:order_packing", args=[cut.order.pk])


def messages_of(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def solid_post(cut: CutOrder, size_index: int, per: int, cartons: int) -> dict[str, Any]:
    size = cut.sizes[size_index]
    return {
        "solid-cell": f"{cut.style.pk}-{cut.colour.pk}-{size.pk}",
        "solid-pieces_per_carton": per,
        "solid-cartons": cartons,
        "solid-net_kg": "5.00",
        "solid-gross_kg": "5.60",
        "solid-length_cm": 60,
        "solid-width_cm": 40,
        "solid-height_cm": 30,
    }


class TestPackingList:
    def test_lists_orders_with_their_totals(self, cut: CutOrder, packer: Client) -> None:
        packing.pack_solid(
            order=cut.order, style=cut.style, colour=cut.colour, size=cut.sizes[1],
            pieces_per_carton=10, cartons=2, by=None,
        )  # fmt: skip
        draft = OrderFactory(status=OrderStatus.DRAFT)
        response = packer.get(reverse("shipping:packing"))
        assert response.status_code == 200
        (table,) = tables(response.content, "packing-orders")
        assert table[1][0] == cut.order.number
        assert table[1][5:9] == ["120", "60", "20", "0"]
        assert draft.number not in response.content.decode()

    def test_filters_by_customer_and_status(self, cut: CutOrder, packer: Client) -> None:
        other = OrderFactory(status=OrderStatus.SHIPPED, customer=CustomerFactory())
        url = reverse("shipping:packing")
        by_customer = packer.get(url, {"customer": cut.order.customer.pk}).content.decode()
        assert cut.order.number in by_customer
        assert other.number not in by_customer
        shipped = packer.get(url, {"status": OrderStatus.SHIPPED}).content.decode()
        assert other.number in shipped
        assert cut.order.number not in shipped

    def test_a_worker_may_not_see_packing(
        self, cut: CutOrder, as_role: Callable[[str], Client]
    ) -> None:
        worker = as_role(Role.WORKER)
        assert worker.get(reverse("shipping:packing")).status_code == 403
        assert worker.get(page_url(cut)).status_code == 403


class TestOrderPacking:
    def test_shows_the_grid_the_allowance_and_the_proposed_ratio(
        self, cut: CutOrder, packer: Client
    ) -> None:
        response = packer.get(page_url(cut))
        assert response.status_code == 200
        (grid,) = tables(response.content, "packing-grid")
        assert grid[1] == [
            cut.style.code,
            cut.colour.name,
            "S",
            "60",
            "30",
            "20",
            "0",
            "20",
            "0",
            "0",
        ]
        assert grid[2][2:8] == ["M", "60", "60", "40", "0", "40"]
        assert grid[-1][1:] == ["120", "90", "60", "0", "60", "0", "0"]
        text = response.content.decode()
        assert "over-shipment allowance of 5 %" in text
        assert "allow 20 cartons of it" in text  # S1 M1 against 20 S and 40 M
        form = response.context["ratio_form"]
        assert [form[f"size_{s.pk}"].value() for s in cut.sizes] == [1, 1]
        assert form["cartons"].value() == 20

    def test_packs_solid_cartons_and_lists_them(self, cut: CutOrder, packer: Client) -> None:
        response = packer.post(
            reverse("shipping:pack_solid", args=[cut.order.pk]), solid_post(cut, 1, 12, 3)
        )
        assert response.status_code == 302
        page = packer.get(response["Location"])
        assert "3 cartons packed: nos. 1 to 3." in messages_of(page)
        (cartons,) = tables(page.content, "cartons")
        assert [row[0] for row in cartons[1:]] == ["1", "2", "3"]
        assert cartons[1][2] == f"{cut.style.code} {cut.colour.name} M × 12"
        assert cartons[1][3:7] == ["12", "5.00", "5.60", "60 × 40 × 30"]

    def test_packing_more_than_passed_is_refused_on_the_page(
        self, cut: CutOrder, packer: Client
    ) -> None:
        response = packer.post(
            reverse("shipping:pack_solid", args=[cut.order.pk]), solid_post(cut, 1, 12, 4)
        )
        assert response.status_code == 422
        assert (
            f"M / {cut.colour.name} ({cut.style.code}): 40 passed, 0 packed, 48 more asked."
            in response.content.decode()
        )
        assert not Carton.objects.exists()

    def test_packs_by_ratio(self, cut: CutOrder, packer: Client) -> None:
        small, medium = cut.sizes
        response = packer.post(
            reverse("shipping:pack_ratio", args=[cut.order.pk]),
            {
                "ratio-line": f"{cut.style.pk}-{cut.colour.pk}",
                f"ratio-size_{small.pk}": 1,
                f"ratio-size_{medium.pk}": 3,
                "ratio-cartons": 10,
                "ratio-net_kg": "4",
                "ratio-gross_kg": "4.5",
                "ratio-length_cm": 0,
                "ratio-width_cm": 0,
                "ratio-height_cm": 0,
            },
        )
        assert response.status_code == 302
        rows = packing.packing_status(cut.order)
        assert [(r.size.code, r.packed) for r in rows] == [("S", 10), ("M", 30)]

    def test_a_bad_number_is_named_with_its_field(self, cut: CutOrder, packer: Client) -> None:
        data = solid_post(cut, 1, 12, 0)
        response = packer.post(reverse("shipping:pack_solid", args=[cut.order.pk]), data)
        assert response.status_code == 422
        assert "Cartons: Ensure this value is greater than or equal to 1." in (
            response.content.decode()
        )
        assert not Carton.objects.exists()

    def test_unpacks_a_carton(self, cut: CutOrder, packer: Client) -> None:
        made = packing.pack_solid(
            order=cut.order, style=cut.style, colour=cut.colour, size=cut.sizes[1],
            pieces_per_carton=10, cartons=2, by=None,
        )  # fmt: skip
        response = packer.post(reverse("shipping:carton_delete", args=[made[0].pk]))
        assert response.status_code == 302
        assert list(Carton.objects.values_list("number", flat=True)) == [2]

    def test_a_dispatched_carton_is_not_unpacked(self, cut: CutOrder, packer: Client) -> None:
        (carton,) = packing.pack_solid(
            order=cut.order, style=cut.style, colour=cut.colour, size=cut.sizes[1],
            pieces_per_carton=10, cartons=1, by=None,
        )  # fmt: skip
        Carton.objects.filter(pk=carton.pk).update(
            shipment=shipment(cut.order.customer, "SH-9", status=ShipmentStatus.DISPATCHED)
        )
        response = packer.post(reverse("shipping:carton_delete", args=[carton.pk]), follow=True)
        assert "left the factory on shipment SH-9" in messages_of(response)
        assert Carton.objects.filter(pk=carton.pk).exists()

    def test_an_inspector_sees_but_may_not_pack(
        self, cut: CutOrder, as_role: Callable[[str], Client]
    ) -> None:
        inspector = as_role(Role.INSPECTOR)
        page = inspector.get(page_url(cut))
        assert page.status_code == 200
        assert b'id="pack-solid"' not in page.content
        denied = inspector.post(
            reverse("shipping:pack_solid", args=[cut.order.pk]), solid_post(cut, 1, 10, 1)
        )
        assert denied.status_code == 403
        assert not Carton.objects.exists()


def test_the_packing_list_page_reads_a_fixed_number_of_queries(
    cut: CutOrder, packer: Client
) -> None:
    url = reverse("shipping:packing")
    packer.get(url)  # warm the session and the membership
    with CaptureQueriesContext(connection) as one:
        assert packer.get(url).status_code == 200
    for _n in range(3):
        more = cut_order()
        Order.objects.filter(pk=more.order.pk).update(status=OrderStatus.IN_PRODUCTION)
    with CaptureQueriesContext(connection) as four:
        response = packer.get(url)
    assert len(tables(response.content, "packing-orders")[0]) == 5
    assert len(four) == len(one)


def test_the_order_packing_page_reads_a_fixed_number_of_queries(
    cut: CutOrder, packer: Client
) -> None:
    url = page_url(cut)
    packing.pack_solid(
        order=cut.order, style=cut.style, colour=cut.colour, size=cut.sizes[1],
        pieces_per_carton=10, cartons=1, by=None,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as one:
        assert packer.get(url).status_code == 200
    packing.pack_solid(
        order=cut.order, style=cut.style, colour=cut.colour, size=cut.sizes[1],
        pieces_per_carton=10, cartons=3, by=None,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as four:
        assert packer.get(url).status_code == 200
    assert len(four) == len(one)


def test_the_ratio_form_proposes_the_ratio_of_the_chosen_colour(
    in_tenant_a: Organization, packer: Client
) -> None:
    made = order_to_cut(colours=2, quantities={"S": 20, "M": 40, "L": 40})
    second = made.colours[1]
    url = reverse("shipping:order_packing", args=[made.order.pk])
    response = packer.get(url, {"line": f"{made.style.pk}-{second.pk}"})
    form = response.context["ratio_form"]
    assert form["line"].value() == f"{made.style.pk}-{second.pk}"
    assert [form[f"size_{s.pk}"].value() for s in made.sizes] == [1, 2, 2]
    assert form["cartons"].value() is None  # nothing passed yet: no cartons to propose
    assert f"?line={made.style.pk}-{second.pk}" in response.content.decode()
