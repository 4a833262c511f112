"""The order services: header, matrix, and the status flow with who/when recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from seamline.orders import selectors, services
from seamline.orders.choices import ORDER_TRANSITIONS, OrderStatus
from seamline.orders.errors import OrderErrorCode
from seamline.orders.models import Order, OrderEvent, OrderLine
from seamline.tenancy.models import AuditEntry, Organization, User
from tests.catalog.factories import ColourFactory, SizeGridFactory, StyleFactory
from tests.orders.conftest import Catalog

pytestmark = pytest.mark.usefixtures("in_tenant_a")

DELIVERY = dt.date(2027, 5, 1)


@pytest.fixture
def owner(member: Callable[..., User], tenant_a: Organization) -> User:
    return member(tenant_a, "owner", username="olivia")


def _order(catalog: Catalog, owner: User, *, lines: bool = True, number: str = "SO-1") -> Order:
    order = services.order_create(
        number=number, customer=catalog.customer, delivery_date=DELIVERY, by=owner
    )
    if lines:
        services.order_set_matrix(
            order=order,
            style=catalog.style,
            quantities={(catalog.red.pk, catalog.m.pk): 10},
            unit_price=Decimal("5"),
            by=owner,
        )
    return order


def _at_status(order: Order, status: str, owner: User) -> Order:
    path = {
        OrderStatus.DRAFT: [],
        OrderStatus.CONFIRMED: [OrderStatus.CONFIRMED],
        OrderStatus.IN_PRODUCTION: [OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION],
        OrderStatus.SHIPPED: [
            OrderStatus.CONFIRMED,
            OrderStatus.IN_PRODUCTION,
            OrderStatus.SHIPPED,
        ],
        OrderStatus.CLOSED: [
            OrderStatus.CONFIRMED,
            OrderStatus.IN_PRODUCTION,
            OrderStatus.SHIPPED,
            OrderStatus.CLOSED,
        ],
        OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
    }[status]
    for step in path:
        order = services.order_transition(order=order, to=step, by=owner)
    return order


class TestCreateAndUpdate:
    def test_create_makes_a_draft_in_the_customers_currency_with_history(
        self, catalog: Catalog, owner: User
    ) -> None:
        order = services.order_create(
            number=" SO-7 ",
            customer=catalog.customer,
            delivery_date=DELIVERY,
            customer_po="PO-55",
            by=owner,
        )
        order.refresh_from_db()
        assert (order.number, order.status, order.currency, order.created_by) == (
            "SO-7",
            OrderStatus.DRAFT,
            "USD",
            owner,
        )
        event = OrderEvent.objects.get(order=order)
        assert (event.from_status, event.to_status, event.by) == ("", OrderStatus.DRAFT, owner)
        assert (
            AuditEntry.objects.filter(action="order.create", object_id=str(order.pk)).count() == 1
        )

    def test_duplicate_number_is_refused_on_the_number_field(
        self, catalog: Catalog, owner: User
    ) -> None:
        _order(catalog, owner, lines=False)
        with pytest.raises(ValidationError) as exc:
            _order(catalog, owner, lines=False)
        assert exc.value.error_dict["number"][0].code == OrderErrorCode.DUPLICATE_NUMBER
        assert Order.objects.count() == 1

    @pytest.mark.parametrize("currency", ["US", "U$D", "EURO"])
    def test_currency_must_be_three_letters(
        self, catalog: Catalog, owner: User, currency: str
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            services.order_create(
                number="SO-C",
                customer=catalog.customer,
                delivery_date=DELIVERY,
                currency=currency,
                by=owner,
            )
        assert exc.value.message_dict == {
            "currency": ["Give the currency as three letters, e.g. CNY or USD."]
        }
        assert Order.objects.count() == 0

    def test_create_with_styles_rolls_back_entirely_on_a_bad_cell(
        self, catalog: Catalog, owner: User
    ) -> None:
        with pytest.raises(ValidationError):
            services.order_create(
                number="SO-9",
                customer=catalog.customer,
                delivery_date=DELIVERY,
                by=owner,
                styles=[
                    services.StyleQuantities(
                        style=catalog.style, quantities={(catalog.red.pk, catalog.s.pk): -1}
                    )
                ],
            )
        assert Order.objects.count() == 0
        assert OrderEvent.objects.count() == 0

    def test_update_changes_header_and_audits_the_change(
        self, catalog: Catalog, owner: User
    ) -> None:
        order = _order(catalog, owner)
        services.order_update(
            order=order, by=owner, delivery_date=dt.date(2027, 6, 1), customer_po="PO-2"
        )
        order.refresh_from_db()
        assert (order.delivery_date, order.customer_po) == (dt.date(2027, 6, 1), "PO-2")
        entry = AuditEntry.objects.get(action="order.update")
        assert entry.data["customer_po"] == {"from": "", "to": "PO-2"}

    @pytest.mark.parametrize("status", [OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED])
    def test_update_is_refused_once_production_started(
        self, catalog: Catalog, owner: User, status: str
    ) -> None:
        order = _at_status(_order(catalog, owner), status, owner)
        with pytest.raises(ValidationError) as exc:
            services.order_update(order=order, by=owner, customer_po="LATE")
        assert exc.value.code == OrderErrorCode.NOT_EDITABLE
        order.refresh_from_db()
        assert order.customer_po == ""


class TestMatrix:
    def test_set_matrix_replaces_the_styles_lines_and_drops_zeros(
        self, catalog: Catalog, owner: User
    ) -> None:
        order = _order(catalog, owner, lines=False)
        c = catalog
        services.order_set_matrix(
            order=order,
            style=c.style,
            quantities={(c.red.pk, c.s.pk): 10, (c.red.pk, c.m.pk): 20},
            unit_price=Decimal("3.5"),
            by=owner,
        )
        services.order_set_matrix(
            order=order,
            style=c.style,
            quantities={(c.red.pk, c.s.pk): 0, (c.navy.pk, c.l.pk): 7},
            unit_price="4.25",
            by=owner,
        )
        lines = list(
            OrderLine.objects.filter(order=order).values_list(
                "colour_id", "size_id", "quantity", "unit_price"
            )
        )
        assert lines == [(c.navy.pk, c.l.pk, 7, Decimal("4.2500"))]
        assert AuditEntry.objects.filter(action="order.set_matrix").count() == 2

    def test_bad_cells_are_each_named_and_nothing_is_written(
        self, catalog: Catalog, owner: User
    ) -> None:
        order = _order(catalog, owner)
        other_colour = ColourFactory(code="LIME")
        other_size = SizeGridFactory(code="KIDS", sizes=["4Y"]).sizes.get()
        c = catalog
        with pytest.raises(ValidationError) as exc:
            services.order_set_matrix(
                order=order,
                style=c.style,
                quantities={
                    (other_colour.pk, c.s.pk): 5,
                    (c.red.pk, other_size.pk): 5,
                    (c.navy.pk, c.m.pk): -3,
                    (c.navy.pk, c.l.pk): 2,
                },
                unit_price=Decimal("-1"),
                by=owner,
            )
        errors = exc.value.error_dict
        assert errors[f"qty_{other_colour.pk}_{c.s.pk}"][0].code == "colour_not_of_style"
        assert errors[f"qty_{c.red.pk}_{other_size.pk}"][0].code == "size_not_of_style"
        assert errors[f"qty_{c.navy.pk}_{c.m.pk}"][0].messages == [
            "Colour NAVY, size M: the quantity must be a whole number of 0 or more."
        ]
        assert errors["unit_price"][0].code == OrderErrorCode.BAD_PRICE
        # the earlier matrix is untouched
        assert list(OrderLine.objects.values_list("colour_id", "size_id", "quantity")) == [
            (c.red.pk, c.m.pk, 10)
        ]

    def test_matrix_cannot_change_after_production_started(
        self, catalog: Catalog, owner: User
    ) -> None:
        order = _at_status(_order(catalog, owner), OrderStatus.IN_PRODUCTION, owner)
        with pytest.raises(ValidationError) as exc:
            services.order_set_matrix(
                order=order,
                style=catalog.style,
                quantities={(catalog.red.pk, catalog.m.pk): 99},
                by=owner,
            )
        assert exc.value.code == OrderErrorCode.NOT_EDITABLE
        with pytest.raises(ValidationError):
            services.order_remove_style(order=order, style=catalog.style, by=owner)
        assert list(OrderLine.objects.values_list("quantity", flat=True)) == [10]

    def test_matrix_may_change_while_confirmed(self, catalog: Catalog, owner: User) -> None:
        order = _at_status(_order(catalog, owner), OrderStatus.CONFIRMED, owner)
        services.order_set_matrix(
            order=order,
            style=catalog.style,
            quantities={(catalog.red.pk, catalog.m.pk): 99},
            by=owner,
        )
        assert list(OrderLine.objects.values_list("quantity", flat=True)) == [99]

    def test_remove_style_takes_only_that_styles_lines(self, catalog: Catalog, owner: User) -> None:
        order = _order(catalog, owner)
        colour = ColourFactory(code="BLK")
        polo = StyleFactory(code="POLO", size_grid=catalog.style.size_grid, colours=[colour])
        services.order_set_matrix(
            order=order, style=polo, quantities={(colour.pk, catalog.s.pk): 4}, by=owner
        )
        assert services.order_remove_style(order=order, style=catalog.style, by=owner) == 1
        assert list(OrderLine.objects.values_list("style__code", "quantity")) == [("POLO", 4)]

    def test_order_matrix_gives_grid_order_totals_and_value(
        self, catalog: Catalog, owner: User
    ) -> None:
        order = _order(catalog, owner, lines=False)
        c = catalog
        services.order_set_matrix(
            order=order,
            style=c.style,
            quantities={
                (c.red.pk, c.l.pk): 3,
                (c.red.pk, c.s.pk): 1,
                (c.navy.pk, c.m.pk): 5,
                (c.navy.pk, c.s.pk): 2,
            },
            unit_price=Decimal("2.50"),
            by=owner,
        )
        matrix = selectors.order_matrix(order)
        [sm] = matrix.styles
        assert [s.code for s in sm.sizes] == ["S", "M", "L"]
        assert [(r.colour.code, r.quantities, r.total) for r in sm.rows] == [
            ("NAVY", [2, 5, 0], 7),
            ("RED", [1, 0, 3], 4),
        ]
        assert sm.column_totals == [3, 5, 3]
        assert (sm.total, sm.value, sm.unit_price) == (11, Decimal("27.5"), Decimal("2.5"))
        assert (matrix.total, matrix.value) == (11, Decimal("27.5"))


# Every allowed move, from every status.
ALLOWED = sorted((src, dst) for src, targets in ORDER_TRANSITIONS.items() for dst in targets)
FORBIDDEN = [
    (OrderStatus.DRAFT, OrderStatus.SHIPPED),
    (OrderStatus.DRAFT, OrderStatus.IN_PRODUCTION),
    (OrderStatus.IN_PRODUCTION, OrderStatus.CANCELLED),
    (OrderStatus.IN_PRODUCTION, OrderStatus.DRAFT),
    (OrderStatus.SHIPPED, OrderStatus.IN_PRODUCTION),
    (OrderStatus.CLOSED, OrderStatus.DRAFT),
    (OrderStatus.CANCELLED, OrderStatus.CONFIRMED),
]


class TestTransitions:
    @pytest.mark.parametrize(("src", "dst"), ALLOWED)
    def test_allowed_transition_moves_and_records_who_and_when(
        self, catalog: Catalog, owner: User, src: str, dst: str
    ) -> None:
        order = _at_status(_order(catalog, owner), src, owner)
        before = timezone.now()
        services.order_transition(order=order, to=dst, by=owner, note="ok")
        order.refresh_from_db()
        assert order.status == dst
        event = OrderEvent.objects.filter(order=order).latest("at", "pk")
        assert (event.from_status, event.to_status, event.by, event.note) == (src, dst, owner, "ok")
        assert before <= event.at <= timezone.now()
        audit = AuditEntry.objects.filter(action="order.transition").first()
        assert audit is not None
        assert audit.data == {"from": src, "to": dst, "note": "ok"}
        assert audit.actor == owner

    @pytest.mark.parametrize(("src", "dst"), FORBIDDEN)
    def test_forbidden_transition_is_refused_and_changes_nothing(
        self, catalog: Catalog, owner: User, src: str, dst: str
    ) -> None:
        order = _at_status(_order(catalog, owner), src, owner)
        events = OrderEvent.objects.count()
        with pytest.raises(ValidationError) as exc:
            services.order_transition(order=order, to=dst, by=owner)
        assert exc.value.code == OrderErrorCode.INVALID_TRANSITION
        order.refresh_from_db()
        assert order.status == src
        assert OrderEvent.objects.count() == events

    def test_unknown_status_is_refused(self, catalog: Catalog, owner: User) -> None:
        order = _order(catalog, owner)
        with pytest.raises(ValidationError):
            services.order_transition(order=order, to="teleported", by=owner)

    def test_order_without_lines_cannot_be_confirmed(self, catalog: Catalog, owner: User) -> None:
        order = _order(catalog, owner, lines=False)
        with pytest.raises(ValidationError) as exc:
            services.order_transition(order=order, to=OrderStatus.CONFIRMED, by=owner)
        assert exc.value.code == OrderErrorCode.NO_LINES
        assert exc.value.messages == [
            "Order SO-1 has no lines yet; enter quantities before confirming it."
        ]
        order.refresh_from_db()
        assert order.status == OrderStatus.DRAFT

    def test_next_statuses_follow_the_table_in_flow_order(
        self, catalog: Catalog, owner: User
    ) -> None:
        order = _at_status(_order(catalog, owner), OrderStatus.CONFIRMED, owner)
        assert [s for s, _label in selectors.order_next_statuses(order)] == [
            OrderStatus.DRAFT,
            OrderStatus.IN_PRODUCTION,
            OrderStatus.CANCELLED,
        ]


class TestOrderList:
    def test_filters_search_and_annotations(self, catalog: Catalog, owner: User) -> None:
        today = dt.date(2027, 5, 10)
        late = _order(catalog, owner, number="SO-LATE")  # 10 x 5 = 50, due 2027-05-01
        services.order_update(order=late, by=owner, customer_po="PO-XYZ")
        early = _order(catalog, owner, lines=False, number="SO-EMPTY")
        services.order_update(order=early, by=owner, delivery_date=dt.date(2027, 7, 1))
        colour = ColourFactory(code="BLK")
        polo = StyleFactory(code="POLO-9", size_grid=catalog.style.size_grid, colours=[colour])
        services.order_set_matrix(
            order=early, style=polo, quantities={(colour.pk, catalog.s.pk): 4}, by=owner
        )

        def numbers(**filters: object) -> list[str]:
            return [o.number for o in selectors.order_list(today=today, **filters)]  # type: ignore[arg-type]

        rows = {o.number: (o.pieces, o.value) for o in selectors.order_list()}
        assert rows == {"SO-LATE": (10, Decimal("50")), "SO-EMPTY": (4, Decimal("0"))}
        assert numbers(search="xyz") == ["SO-LATE"]
        assert numbers(search="polo-9") == ["SO-EMPTY"]
        assert numbers(search="acme") == ["SO-EMPTY", "SO-LATE"]
        assert numbers(style_id=catalog.style.pk) == ["SO-LATE"]
        assert numbers(overdue=True) == ["SO-LATE"]
        assert numbers(delivery_from=dt.date(2027, 6, 1)) == ["SO-EMPTY"]
        assert numbers(delivery_to=dt.date(2027, 6, 1)) == ["SO-LATE"]
        assert numbers(status=OrderStatus.CONFIRMED) == []
