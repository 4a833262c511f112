"""A confirmed order of one style, cut into numbered bundles: what scanning tests start from.

Create inside `tenant_context(org)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from seamline.catalog.models import Colour, Operation, Size, Style
from seamline.cutting.models import Bundle, CutPlan, Lay
from seamline.cutting.services import cut_plan_create, lay_add, lay_cut
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.shopfloor.models import Line, Worker
from tests.catalog.factories import ColourFactory, OperationFactory, StyleFactory
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shopfloor.factories import LineFactory, WorkerFactory


@dataclass
class CutOrder:
    order: Order
    style: Style
    colour: Colour
    sizes: list[Size]
    operations: list[Operation]  # sequences 10, 20, 30, ...
    plan: CutPlan
    lay: Lay
    bundles: list[Bundle]
    line: Line
    workers: list[Worker]


def cut_order(
    *,
    operations: int = 3,
    plies: int = 30,
    ratios: tuple[int, ...] = (1, 2),
    bundle_size: int = 20,
    quantity: int = 60,
    workers: int = 2,
    by: object = None,
) -> CutOrder:
    """An order of `quantity` per size, one lay cut into bundles, a line with workers.

    With the defaults: sizes S (ratio 1) and M (ratio 2), 30 plies -> S: 20 + 10,
    M: 20 + 10 + 20 + 10, six bundles numbered from 1 (or after the factory's last).
    """
    colour = ColourFactory()
    style = StyleFactory(colours=[colour])
    sizes = list(style.size_grid.sizes.order_by("position"))[: len(ratios)]
    ops = [
        OperationFactory(
            style=style,
            sequence=10 * (n + 1),
            name=f"Op {10 * (n + 1)}",
            smv=Decimal("0.500") + Decimal(n) / 10,
            piece_rate=Decimal("0.1200") + Decimal(n) / 100,
        )
        for n in range(operations)
    ]
    order = OrderFactory(status=OrderStatus.CONFIRMED)
    for size in sizes:
        OrderLineFactory(order=order, style=style, colour=colour, size=size, quantity=quantity)
    plan = cut_plan_create(order=order, style=style, by=by, bundle_size=bundle_size)
    lay = lay_add(
        cut_plan=plan,
        colour=colour,
        plies=plies,
        ratios=dict(zip(sizes, ratios, strict=False)),
        by=by,
    )
    bundles = lay_cut(lay=lay, by=by)
    line = LineFactory()
    crew = [WorkerFactory(line=line) for _ in range(workers)]
    return CutOrder(order, style, colour, sizes, ops, plan, lay, bundles, line, crew)


@dataclass
class OrderToCut:
    order: Order
    style: Style
    colours: list[Colour]
    sizes: list[Size]
    operations: list[Operation]


def order_to_cut(
    *,
    sizes: tuple[str, ...] = ("S", "M", "L"),
    colours: int = 1,
    quantity: int = 60,
    quantities: dict[str, int] | None = None,
    operations: int = 3,
    status: str = OrderStatus.CONFIRMED,
) -> OrderToCut:
    """A confirmed order of one style, `quantity` per colour and size (or `quantities` per
    size code), with no cut plan yet."""
    from tests.catalog.factories import SizeGridFactory

    made = [ColourFactory() for _ in range(colours)]
    style = StyleFactory(colours=made, size_grid=SizeGridFactory(sizes=list(sizes)))
    grid = list(style.size_grid.sizes.order_by("position"))
    ops = [
        OperationFactory(style=style, sequence=10 * (n + 1), name=f"Op {10 * (n + 1)}")
        for n in range(operations)
    ]
    order = OrderFactory(status=status)
    for colour in made:
        for size in grid:
            qty = (quantities or {}).get(size.code, quantity)
            if qty:
                OrderLineFactory(order=order, style=style, colour=colour, size=size, quantity=qty)
    return OrderToCut(order, style, made, grid, ops)


# --- patterns for markers ----------------------------------------------------------------

from shapely.geometry import Polygon  # noqa: E402

from seamline.catalog.choices import PatternSource  # noqa: E402
from seamline.catalog.models import Pattern, PatternPiece  # noqa: E402
from tests.catalog.factories import SizeGridFactory  # noqa: E402


def rectangle(width: float, height: float) -> list[list[float]]:
    return [[0.0, 0.0], [width, 0.0], [width, height], [0.0, height]]


def trapezoid(bottom: float, top: float, height: float) -> list[list[float]]:
    inset = (bottom - top) / 2
    return [[0.0, 0.0], [bottom, 0.0], [bottom - inset, height], [inset, height]]


def marker_pattern(
    *,
    sizes: tuple[str, ...] = ("S", "M", "L"),
    pieces: tuple[tuple[str, list[list[float]], int, bool], ...] | None = None,
    grow_mm: float = 20.0,
    name: str = "Base",
) -> Pattern:
    """A style with a pattern of simple pieces in every size (each size `grow_mm` bigger):
    by default a Front and a Back (trapezoids) and a pair of Sleeves (rectangles, mirrored).
    `pieces` holds (name, outline of the first size, quantity, mirrored)."""
    style = StyleFactory(size_grid=SizeGridFactory(sizes=list(sizes)))
    pattern = Pattern.objects.create(style=style, name=name, source=PatternSource.POLYGONS)
    shapes = pieces or (
        ("Front", trapezoid(300, 240, 400), 1, False),
        ("Back", trapezoid(300, 260, 420), 1, False),
        ("Sleeve", rectangle(220, 160), 2, True),
    )
    for step, size in enumerate(style.size_grid.sizes.order_by("position")):
        for piece_name, outline, quantity, mirrored in shapes:
            scale = 1 + step * grow_mm / 300
            ring = [[x * scale, y * scale] for x, y in outline]
            PatternPiece.objects.create(
                pattern=pattern,
                size=size,
                name=piece_name,
                outline=ring,
                quantity=quantity,
                mirrored=mirrored,
                grain_angle=90.0,
                area_mm2=round(Polygon(ring).area),
            )
    return pattern
