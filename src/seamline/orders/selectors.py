"""Reads of orders, always through the tenant-scoped managers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from seamline.catalog.models import Colour, Size, Style
from seamline.orders.choices import (
    ORDER_TRANSITIONS,
    TRANSITION_LABELS,
    UNFINISHED_STATUSES,
    OrderStatus,
)
from seamline.orders.models import Order, OrderEvent, OrderLine

OPEN_STATUSES = (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION)

MONEY: DecimalField[Any, Any] = DecimalField(max_digits=24, decimal_places=4)


def order_dashboard(*, today: dt.date | None = None, horizon_days: int = 30) -> dict[str, Any]:
    """Orders by status with their garment counts, and what is due in the next weeks."""
    today = today or timezone.localdate()
    by_status = {
        row["status"]: row
        for row in Order.objects.values("status").annotate(
            orders=Count("id", distinct=True), pieces=Sum("lines__quantity")
        )
    }
    status_counts = [
        {
            "status": status,
            "label": label,
            "orders": by_status.get(status, {}).get("orders", 0),
            "pieces": by_status.get(status, {}).get("pieces") or 0,
        }
        for status, label in OrderStatus.choices
    ]
    upcoming = (
        Order.objects.filter(
            status__in=OPEN_STATUSES,
            delivery_date__lte=today + dt.timedelta(days=horizon_days),
        )
        .select_related("customer")
        .annotate(pieces=Sum("lines__quantity"))
        .order_by("delivery_date", "number")[:10]
    )
    return {"status_counts": status_counts, "upcoming": list(upcoming), "today": today}


def order_list(
    *,
    search: str = "",
    status: str = "",
    customer_id: int | None = None,
    style_id: int | None = None,
    delivery_from: dt.date | None = None,
    delivery_to: dt.date | None = None,
    overdue: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Order]:
    """Orders with `pieces` and `value` annotated, newest first.

    `search` looks in the order no., the customer PO, the customer's code and name and the
    style codes on the order; `overdue` keeps unfinished orders whose delivery date has passed.
    """
    orders = Order.objects.select_related("customer").annotate(
        pieces=Coalesce(Sum("lines__quantity"), 0),
        value=Coalesce(
            Sum(
                ExpressionWrapper(
                    F("lines__quantity") * F("lines__unit_price"), output_field=MONEY
                ),
                output_field=MONEY,
            ),
            Value(Decimal("0")),
            output_field=MONEY,
        ),
    )
    search = search.strip()
    if search:
        # Style codes live on the lines: a subquery keeps the sums above free of double counts.
        with_style = OrderLine.objects.filter(style__code__icontains=search).values("order_id")
        orders = orders.filter(
            Q(number__icontains=search)
            | Q(customer_po__icontains=search)
            | Q(customer__code__icontains=search)
            | Q(customer__name__icontains=search)
            | Q(pk__in=with_style)
        )
    if status:
        orders = orders.filter(status=status)
    if customer_id:
        orders = orders.filter(customer_id=customer_id)
    if style_id:
        orders = orders.filter(
            pk__in=OrderLine.objects.filter(style_id=style_id).values("order_id")
        )
    if delivery_from:
        orders = orders.filter(delivery_date__gte=delivery_from)
    if delivery_to:
        orders = orders.filter(delivery_date__lte=delivery_to)
    if overdue:
        orders = orders.filter(
            delivery_date__lt=today or timezone.localdate(), status__in=UNFINISHED_STATUSES
        )
    return orders.order_by("-created_at", "-pk")


@dataclass
class MatrixRow:
    colour: Colour
    quantities: list[int]
    total: int


@dataclass
class StyleMatrix:
    """One style of an order as a colour x size grid, sizes in grid order."""

    style: Style
    sizes: list[Size]
    rows: list[MatrixRow]
    column_totals: list[int]
    total: int
    value: Decimal
    unit_price: Decimal | None  # None when the lines of the style carry different prices
    cells: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def colours(self) -> list[Colour]:
        return [row.colour for row in self.rows]


@dataclass
class OrderMatrix:
    styles: list[StyleMatrix]
    total: int
    value: Decimal


def order_matrix(order: Order) -> OrderMatrix:
    """Every style of `order` as a size x colour matrix with row, column and grand totals.

    Three queries whatever the size of the order: the lines, and the sizes of their grids.
    """
    lines = list(
        OrderLine.objects.filter(order=order)
        .select_related("style", "colour")
        .order_by("style__code", "colour__code", "colour_id")
    )
    grid_ids = {line.style.size_grid_id for line in lines}
    sizes_by_grid: dict[int, list[Size]] = {}
    for size in Size.objects.filter(grid_id__in=grid_ids).order_by("grid_id", "position"):
        sizes_by_grid.setdefault(size.grid_id, []).append(size)

    by_style: dict[int, list[OrderLine]] = {}
    for line in lines:
        by_style.setdefault(line.style_id, []).append(line)

    styles = []
    for style_lines in by_style.values():
        style = style_lines[0].style
        sizes = sizes_by_grid.get(style.size_grid_id, [])
        position = {size.pk: i for i, size in enumerate(sizes)}
        cells: dict[tuple[int, int], int] = {}
        colours: dict[int, Colour] = {}
        for line in style_lines:
            colours.setdefault(line.colour_id, line.colour)
            cells[(line.colour_id, line.size_id)] = line.quantity
        rows = []
        for colour_id, colour in colours.items():
            quantities = [0] * len(sizes)
            for (c, s), quantity in cells.items():
                if c == colour_id and s in position:
                    quantities[position[s]] = quantity
            rows.append(MatrixRow(colour=colour, quantities=quantities, total=sum(quantities)))
        column_totals = [sum(row.quantities[i] for row in rows) for i in range(len(sizes))]
        prices = {line.unit_price for line in style_lines}
        styles.append(
            StyleMatrix(
                style=style,
                sizes=sizes,
                rows=rows,
                column_totals=column_totals,
                total=sum(line.quantity for line in style_lines),
                value=sum((line.quantity * line.unit_price for line in style_lines), Decimal("0")),
                unit_price=prices.pop() if len(prices) == 1 else None,
                cells=cells,
            )
        )
    return OrderMatrix(
        styles=styles,
        total=sum(s.total for s in styles),
        value=sum((s.value for s in styles), Decimal("0")),
    )


def order_style_cells(*, order: Order, style: Style) -> tuple[dict[tuple[int, int], int], Decimal]:
    """The quantities already entered for `style` on `order`, and its unit price."""
    lines = OrderLine.objects.filter(order=order, style=style)
    cells = {(line.colour_id, line.size_id): line.quantity for line in lines}
    price = next((line.unit_price for line in lines), Decimal("0"))
    return cells, price


def order_history(order: Order) -> QuerySet[OrderEvent]:
    return OrderEvent.objects.filter(order=order).select_related("by").order_by("at", "pk")


def order_next_statuses(order: Order) -> list[tuple[str, Any]]:
    """The statuses `order` may move to now, in flow order, with their button labels."""
    allowed = ORDER_TRANSITIONS.get(order.status, frozenset())
    return [
        (status, TRANSITION_LABELS[status]) for status in OrderStatus.values if status in allowed
    ]


def order_styles_to_enter(*, search: str = "") -> QuerySet[Style]:
    """Active styles a matrix can be entered for, with their size grid."""
    styles = Style.objects.filter(is_active=True).select_related("size_grid")
    if search:
        styles = styles.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return styles.order_by("code")


def style_matrix_axes(style: Style) -> tuple[list[Colour], list[Size]]:
    """The colourways of `style` and the sizes of its grid, in grid order."""
    colours = list(
        Colour.objects.filter(pk__in=style.style_colours.values("colour_id")).order_by("code")
    )
    sizes = list(Size.objects.filter(grid_id=style.size_grid_id).order_by("position"))
    return colours, sizes
