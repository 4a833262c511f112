"""The order pages as a planner, a buyer and a worker use them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.orders import services
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderEvent, OrderLine
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.catalog.factories import ColourFactory, StyleFactory
from tests.orders.conftest import Catalog
from tests.orders.html import tables


@pytest.fixture
def planner(member: Callable[..., User], tenant_a: Organization) -> User:
    return member(tenant_a, Role.PLANNER, username="pat")


@pytest.fixture
def planner_client(planner: User, tenant_a: Organization, login: Callable[..., Client]) -> Client:
    return login(planner, tenant_a)


def make_order(
    tenant: Organization,
    catalog: Catalog,
    by: User,
    *,
    number: str = "SO-100",
    quantities: dict[tuple[int, int], int] | None = None,
    status: str = OrderStatus.DRAFT,
) -> Order:
    with tenant_context(tenant):
        order = services.order_create(
            number=number,
            customer=catalog.customer,
            delivery_date=dt.date(2027, 4, 1),
            customer_po="PO-1",
            by=by,
        )
        if quantities:
            services.order_set_matrix(
                order=order,
                style=catalog.style,
                quantities=quantities,
                unit_price=Decimal("6.00"),
                by=by,
            )
        steps = [OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED]
        for step in steps[: steps.index(status) + 1] if status in steps else []:
            services.order_transition(order=order, to=step, by=by)
    return order


def matrix_post(catalog: Catalog, cells: dict[tuple[Any, Any], Any], price: str) -> dict[str, Any]:
    data: dict[str, Any] = {"style": catalog.style.pk, "unit_price": price}
    for (colour, size), qty in cells.items():
        data[f"qty_{colour.pk}_{size.pk}"] = qty
    return data


class TestCreateAndEdit:
    def test_planner_creates_an_order_and_lands_on_its_page(
        self, planner_client: Client, catalog: Catalog, tenant_a: Organization
    ) -> None:
        response = planner_client.post(
            reverse("orders:order_create"),
            {
                "number": "SO-200",
                "customer": catalog.customer.pk,
                "customer_po": "PO-77",
                "delivery_date": "2027-03-15",
                "currency": "",
                "notes": "rush",
            },
            follow=True,
        )
        with tenant_context(tenant_a):
            order = Order.objects.get()
        assert response.redirect_chain == [(reverse("orders:order_detail", args=[order.pk]), 302)]
        assert (order.number, order.currency, order.status) == ("SO-200", "USD", "draft")
        assert "Order SO-200 was created." in response.content.decode()
        assert b"Add style quantities" in response.content

    def test_duplicate_number_is_shown_on_the_field_and_nothing_is_created(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        make_order(tenant_a, catalog, planner, number="SO-1")
        response = planner_client.post(
            reverse("orders:order_create"),
            {"number": "SO-1", "customer": catalog.customer.pk, "delivery_date": "2027-03-15"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["number"] == [
            "An order with the number SO-1 already exists."
        ]
        with tenant_context(tenant_a):
            assert Order.objects.count() == 1

    def test_edit_saves_the_header(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        order = make_order(tenant_a, catalog, planner)
        url = reverse("orders:order_edit", args=[order.pk])
        assert planner_client.get(url).context["form"]["number"].value() == "SO-100"
        response = planner_client.post(
            url,
            {
                "number": "SO-100A",
                "customer": catalog.customer.pk,
                "delivery_date": "2027-04-20",
                "currency": "eur",
            },
        )
        assert response.status_code == 302
        order.refresh_from_db()
        assert (order.number, order.delivery_date, order.currency) == (
            "SO-100A",
            dt.date(2027, 4, 20),
            "EUR",
        )

    def test_date_picker_keeps_iso_dates_in_chinese(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        order = make_order(tenant_a, catalog, planner)
        planner_client.cookies["django_language"] = "zh-hans"
        html = planner_client.get(reverse("orders:order_edit", args=[order.pk])).content.decode()
        assert 'type="date" name="delivery_date" value="2027-04-01"' in html

    def test_edit_of_an_order_in_production_is_refused_with_a_reason(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        c = catalog
        order = make_order(
            tenant_a, c, planner, quantities={(c.red.pk, c.s.pk): 1}, status="in_production"
        )
        response = planner_client.post(
            reverse("orders:order_edit", args=[order.pk]),
            {"number": "X", "customer": c.customer.pk, "delivery_date": "2027-04-20"},
        )
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "Order SO-100 is In production; it can no longer be changed."
        ]
        order.refresh_from_db()
        assert order.number == "SO-100"


class TestMatrixPage:
    def test_choosing_a_style_shows_a_grid_of_named_inputs(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        order = make_order(tenant_a, catalog, planner)
        url = reverse("orders:order_matrix", args=[order.pk])
        first = planner_client.get(url)
        assert first.status_code == 200
        assert b'name="style"' in first.content
        assert b'name="qty_' not in first.content
        page = planner_client.get(url, {"style": catalog.style.pk})
        html = page.content.decode()
        for colour in (catalog.red, catalog.navy):
            for size in (catalog.s, catalog.m, catalog.l):
                assert f'name="qty_{colour.pk}_{size.pk}"' in html
        assert tables(html)[0][0] == ["Colour", "S", "M", "L", "Total"]
        assert "Save quantities" in html

    def test_style_without_colourways_explains_what_is_missing(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        order = make_order(tenant_a, catalog, planner)
        with tenant_context(tenant_a):
            bare = StyleFactory(code="BARE")
        page = planner_client.get(
            reverse("orders:order_matrix", args=[order.pk]), {"style": bare.pk}
        )
        assert "This style needs colourways and a size grid" in page.content.decode()
        assert b"Save quantities" not in page.content

    def test_bad_cell_is_named_and_nothing_is_saved(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        c = catalog
        order = make_order(tenant_a, c, planner, quantities={(c.red.pk, c.m.pk): 10})
        response = planner_client.post(
            reverse("orders:order_matrix", args=[order.pk]),
            matrix_post(c, {(c.red, c.m): "12", (c.navy, c.s): "-4"}, "5"),
        )
        assert response.status_code == 200
        assert "Colour NAVY, size S: Ensure this value is greater than or equal to 0." in (
            response.content.decode()
        )
        with tenant_context(tenant_a):
            assert list(OrderLine.objects.values_list("quantity", flat=True)) == [10]

    def test_matrix_of_an_order_in_production_cannot_be_opened(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        c = catalog
        order = make_order(
            tenant_a, c, planner, quantities={(c.red.pk, c.s.pk): 1}, status="in_production"
        )
        url = reverse("orders:order_matrix", args=[order.pk])
        response = planner_client.post(url, matrix_post(c, {(c.red, c.s): "50"}, "1"), follow=True)
        assert "its quantities can no longer be changed" in response.content.decode()
        with tenant_context(tenant_a):
            assert list(OrderLine.objects.values_list("quantity", flat=True)) == [1]

    def test_remove_style_takes_it_off_the_order(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        c = catalog
        order = make_order(tenant_a, c, planner, quantities={(c.red.pk, c.s.pk): 3})
        response = planner_client.post(
            reverse("orders:order_remove_style", args=[order.pk, c.style.pk]), follow=True
        )
        assert "Style TEE-01 was taken off the order." in response.content.decode()
        with tenant_context(tenant_a):
            assert OrderLine.objects.count() == 0


def test_order_matrix_round_trip_page_detail_and_api(
    planner_client: Client,
    planner: User,
    catalog: Catalog,
    tenant_a: Organization,
    api_client_as: Callable[..., Client],
) -> None:
    """Enter a matrix on the page, then read the same cells and totals on the page and the API."""
    c = catalog
    order = make_order(tenant_a, c, planner)
    entered = {
        (c.red, c.s): "10",
        (c.red, c.m): "20",
        (c.red, c.l): "",
        (c.navy, c.s): "0",
        (c.navy, c.m): "5",
        (c.navy, c.l): "7",
    }
    response = planner_client.post(
        reverse("orders:order_matrix", args=[order.pk]), matrix_post(c, entered, "12.50")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:order_detail", args=[order.pk])

    detail = planner_client.get(response["Location"])
    [table] = tables(detail.content)
    expected_rows = [
        ["Colour", "S", "M", "L", "Total"],
        ["NAVY Navy", "0", "5", "7", "12"],
        ["RED Red", "10", "20", "0", "30"],
        ["Total", "10", "25", "7", "42"],
    ]
    assert table == expected_rows
    assert "525.00 USD" in detail.content.decode()  # 42 x 12.50

    # The entry page shows what was saved, ready for the next change.
    entry = planner_client.get(
        reverse("orders:order_matrix", args=[order.pk]), {"style": c.style.pk}
    )
    assert [row[1:4] for row in tables(entry.content)[0][1:3]] == [
        ["", "5", "7"],
        ["10", "20", ""],
    ]

    api = api_client_as(tenant_a, Role.BRAND_BUYER)
    body = api.get(reverse("api:order_get", kwargs={"pk": order.pk})).json()
    [style] = body["styles"]
    assert [s["code"] for s in style["sizes"]] == ["S", "M", "L"]
    api_rows = [
        [f"{row['colour']['code']} {row['colour']['name']}", *map(str, row["quantities"])]
        + [str(row["total"])]
        for row in style["rows"]
    ]
    assert api_rows == [row for row in expected_rows[1:3]]
    assert ["Total", *map(str, style["column_totals"]), str(style["total"])] == expected_rows[3]
    assert style["cells"] == sorted(
        [
            {"colour_id": c.red.pk, "size_id": c.s.pk, "quantity": 10},
            {"colour_id": c.red.pk, "size_id": c.m.pk, "quantity": 20},
            {"colour_id": c.navy.pk, "size_id": c.m.pk, "quantity": 5},
            {"colour_id": c.navy.pk, "size_id": c.l.pk, "quantity": 7},
        ],
        key=lambda cell: (cell["colour_id"], cell["size_id"]),
    )
    assert (Decimal(style["value"]), Decimal(style["unit_price"])) == (
        Decimal("525"),
        Decimal("12.5"),
    )
    assert (body["pieces"], Decimal(body["value"])) == (42, Decimal("525"))


class TestDetailAndTransitions:
    def test_detail_shows_facts_and_only_the_allowed_next_steps(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        c = catalog
        order = make_order(tenant_a, c, planner, quantities={(c.red.pk, c.s.pk): 3})
        html = planner_client.get(reverse("orders:order_detail", args=[order.pk])).content.decode()
        assert "Acme Apparel (ACME)" in html
        assert "2027-04-01" in html
        assert ">Confirm order</button>" in html
        assert ">Cancel order</button>" in html
        for absent in ("Start production", "Mark as shipped", "Close order", "Back to draft"):
            assert absent not in html
        [history] = tables(html, "history")
        assert history[1][1:4] == ["pat", "created", "Draft"]

    def test_confirm_then_start_production_records_history(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        c = catalog
        order = make_order(tenant_a, c, planner, quantities={(c.red.pk, c.s.pk): 3})
        url = reverse("orders:order_transition", args=[order.pk])
        planner_client.post(url, {"to": "confirmed"})
        response = planner_client.post(url, {"to": "in_production", "note": "line 2"}, follow=True)
        html = response.content.decode()
        assert "Order SO-100 is now In production." in html
        [history] = tables(html, "history")
        assert [row[1:5] for row in history[1:]] == [
            ["pat", "created", "Draft", ""],
            ["pat", "Draft", "Confirmed", ""],
            ["pat", "Confirmed", "In production", "line 2"],
        ]
        assert ">Mark as shipped</button>" in html
        assert "Add style quantities" not in html  # no longer editable

    def test_confirming_an_empty_order_is_refused_with_the_reason(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        order = make_order(tenant_a, catalog, planner)
        response = planner_client.post(
            reverse("orders:order_transition", args=[order.pk]), {"to": "confirmed"}, follow=True
        )
        assert "has no lines yet; enter quantities before confirming it." in (
            response.content.decode()
        )
        order.refresh_from_db()
        assert order.status == "draft"

    def test_a_skipped_step_is_refused(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        c = catalog
        order = make_order(tenant_a, c, planner, quantities={(c.red.pk, c.s.pk): 3})
        response = planner_client.post(
            reverse("orders:order_transition", args=[order.pk]), {"to": "shipped"}, follow=True
        )
        assert "Order SO-100 cannot go from Draft to Shipped." in response.content.decode()
        order.refresh_from_db()
        assert order.status == "draft"


class TestList:
    def test_list_shows_pieces_value_and_status_and_filters(
        self, planner_client: Client, planner: User, catalog: Catalog, tenant_a: Organization
    ) -> None:
        c = catalog
        make_order(tenant_a, c, planner, number="SO-A", quantities={(c.red.pk, c.s.pk): 10})
        make_order(
            tenant_a,
            c,
            planner,
            number="SO-B",
            quantities={(c.navy.pk, c.m.pk): 4},
            status="confirmed",
        )
        url = reverse("orders:order_list")
        page = planner_client.get(url)
        assert [(o.number, o.pieces, o.value) for o in page.context["orders"]] == [
            ("SO-B", 4, Decimal("24")),
            ("SO-A", 10, Decimal("60")),
        ]
        html = page.content.decode()
        assert '<span class="badge confirmed">Confirmed</span>' in html
        assert "60.00 USD" in html
        confirmed = planner_client.get(url, {"status": "confirmed"})
        assert [o.number for o in confirmed.context["orders"]] == ["SO-B"]
        searched = planner_client.get(url, {"q": "so-a"})
        assert [o.number for o in searched.context["orders"]] == ["SO-A"]

    def test_list_pages_through_many_orders_in_a_fixed_number_of_queries(
        self,
        planner_client: Client,
        planner: User,
        catalog: Catalog,
        tenant_a: Organization,
        django_assert_max_num_queries: Any,
    ) -> None:
        c = catalog
        with tenant_context(tenant_a):
            for n in range(30):
                make_order(
                    tenant_a,
                    c,
                    planner,
                    number=f"SO-{n:03d}",
                    quantities={(c.red.pk, c.s.pk): n + 1},
                )
        url = reverse("orders:order_list")
        with django_assert_max_num_queries(8):
            first = planner_client.get(url)
        assert len(first.context["orders"]) == 25
        with django_assert_max_num_queries(8):
            second = planner_client.get(url, {"page": 2, "q": "SO-"})
        assert [o.number for o in second.context["orders"]] == [
            f"SO-{n:03d}" for n in range(4, -1, -1)
        ]
        assert b"Page 2 of 2" in second.content

    def test_detail_page_reads_in_a_fixed_number_of_queries(
        self,
        planner_client: Client,
        planner: User,
        catalog: Catalog,
        tenant_a: Organization,
        django_assert_max_num_queries: Any,
    ) -> None:
        c = catalog
        order = make_order(
            tenant_a,
            c,
            planner,
            quantities={
                (col.pk, size.pk): 5 for col in (c.red, c.navy) for size in (c.s, c.m, c.l)
            },
            status="confirmed",
        )
        with tenant_context(tenant_a):
            for n in range(3):  # more styles, each on its own grid: still the same queries
                colour = ColourFactory(code=f"BLK{n}")
                style = StyleFactory(code=f"POLO-{n}", colours=[colour])
                size = style.size_grid.sizes.first()
                services.order_set_matrix(
                    order=order, style=style, quantities={(colour.pk, size.pk): 2}, by=planner
                )
        # + 2 for packing and shipping: pieces packed/shipped, and the order's shipments.
        with django_assert_max_num_queries(10):
            response = planner_client.get(reverse("orders:order_detail", args=[order.pk]))
        assert len(tables(response.content)) == 4
        assert response.context["matrix"].total == 36


# Pages a role may not use, with the data that would otherwise change something.
EDIT_REQUESTS = [
    ("get", "orders:order_create", False, None),
    ("post", "orders:order_create", False, {"number": "SO-X", "delivery_date": "2027-01-01"}),
    ("get", "orders:order_edit", True, None),
    ("post", "orders:order_edit", True, {"number": "SO-X", "delivery_date": "2027-01-01"}),
    ("get", "orders:order_matrix", True, None),
    ("post", "orders:order_matrix", True, "matrix"),
    ("post", "orders:order_transition", True, {"to": "confirmed"}),
    ("post", "orders:order_remove_style", True, "style"),
]


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRAND_BUYER, Role.SUPERVISOR])
@pytest.mark.parametrize(("method", "name", "with_pk", "data"), EDIT_REQUESTS)
def test_roles_without_edit_rights_get_403_and_nothing_changes(
    role: str,
    method: str,
    name: str,
    with_pk: bool,
    data: Any,
    client_as: Callable[..., Client],
    planner: User,
    catalog: Catalog,
    tenant_a: Organization,
) -> None:
    c = catalog
    order = make_order(tenant_a, c, planner, quantities={(c.red.pk, c.s.pk): 3})
    kwargs: dict[str, int] = {"pk": order.pk} if with_pk else {}
    if data == "style":
        kwargs["style_id"] = c.style.pk
        data = None
    elif data == "matrix":
        data = matrix_post(c, {(c.red, c.s): "99"}, "1")
    elif data is not None:
        data = {**data, "customer": c.customer.pk}
    client = client_as(tenant_a, role)
    response = getattr(client, method)(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 403
    order.refresh_from_db()
    assert (order.number, order.status) == ("SO-100", "draft")
    with tenant_context(tenant_a):
        assert Order.objects.count() == 1
        assert list(OrderLine.objects.values_list("quantity", flat=True)) == [3]
        assert OrderEvent.objects.count() == 1


@pytest.mark.parametrize("role", [Role.BRAND_BUYER, Role.SUPERVISOR])
def test_viewers_see_orders_without_edit_buttons(
    role: str,
    client_as: Callable[..., Client],
    planner: User,
    catalog: Catalog,
    tenant_a: Organization,
) -> None:
    c = catalog
    order = make_order(tenant_a, c, planner, quantities={(c.red.pk, c.s.pk): 3})
    client = client_as(tenant_a, role)
    listing = client.get(reverse("orders:order_list")).content.decode()
    assert "SO-100" in listing
    assert "New order" not in listing
    html = client.get(reverse("orders:order_detail", args=[order.pk])).content.decode()
    assert "SO-100" in html
    for absent in ("Add style quantities", "Edit order", "Confirm order", "Remove TEE-01"):
        assert absent not in html


def test_worker_cannot_see_orders(worker_a: Client, tenant_a: Organization) -> None:
    assert worker_a.get(reverse("orders:order_list")).status_code == 403
