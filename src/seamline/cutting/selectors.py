"""Reads of cut plans, lays and bundles, always through the tenant-scoped managers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from seamline.catalog.models import Colour, Operation, Size
from seamline.cutting.choices import LayStatus
from seamline.cutting.models import Bundle, CutPlan, Lay, LayRatio
from seamline.cutting.services import CUTTABLE_STATUSES
from seamline.orders.models import Order, OrderLine

# --- cut plans -------------------------------------------------------------------------


def cut_plan_list(*, order_id: int | None = None) -> QuerySet[CutPlan]:
    """Cut plans, newest first, with `ordered` (pieces of the style on the order) and `cut`."""
    plans = CutPlan.objects.select_related("order__customer", "style")
    if order_id:
        plans = plans.filter(order_id=order_id)
    ordered = (
        OrderLine.objects.filter(order=OuterRef("order_id"), style=OuterRef("style_id"))
        .order_by()
        .values("order")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    cut = (
        Bundle.objects.filter(lay__cut_plan=OuterRef("pk"))
        .order_by()
        .values("lay__cut_plan")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return plans.annotate(
        ordered=Coalesce(Subquery(ordered), 0), cut=Coalesce(Subquery(cut), 0)
    ).order_by("-created_at", "-pk")


def cut_plan_get(*, plan_id: int) -> CutPlan:
    """One plan of the active tenant with its order, customer and style (404 on a miss)."""
    return get_object_or_404(
        CutPlan.objects.select_related("order__customer", "style__size_grid"), pk=plan_id
    )


@dataclass
class PlanRow:
    """One style of an order in the cutting room's list, with its plan's progress."""

    order: Order
    style_id: int
    style_code: str
    style_name: str
    ordered: int
    plan: CutPlan | None = None
    cut: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.cut / self.ordered) if self.ordered else 0


def orders_to_cut() -> QuerySet[Order]:
    """Orders that may be cut (confirmed or in production), soonest delivery first."""
    return (
        Order.objects.filter(status__in=CUTTABLE_STATUSES)
        .select_related("customer")
        .order_by("delivery_date", "number", "pk")
    )


def plan_rows(orders: Iterable[Order]) -> list[tuple[Order, list[PlanRow]]]:
    """Each order with its styles: pieces ordered, its cut plan if any and pieces cut.

    Three queries whatever the number of orders and styles.
    """
    orders = list(orders)
    ids = [o.pk for o in orders]
    rows: dict[tuple[int, int], PlanRow] = {}
    by_order: dict[int, list[PlanRow]] = {pk: [] for pk in ids}
    by_pk = {o.pk: o for o in orders}
    lines = (
        OrderLine.objects.filter(order_id__in=ids)
        .values("order_id", "style_id", "style__code", "style__name")
        .annotate(total=Sum("quantity"))
        .order_by("order_id", "style__code")
    )
    for line in lines:
        row = PlanRow(
            order=by_pk[line["order_id"]],
            style_id=line["style_id"],
            style_code=line["style__code"],
            style_name=line["style__name"],
            ordered=line["total"] or 0,
        )
        rows[(line["order_id"], line["style_id"])] = row
        by_order[line["order_id"]].append(row)
    for plan in CutPlan.objects.filter(order_id__in=ids):
        if (plan.order_id, plan.style_id) in rows:
            rows[(plan.order_id, plan.style_id)].plan = plan
    cut = (
        Bundle.objects.filter(order_id__in=ids)
        .values("order_id", "style_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    for done in cut:
        if (done["order_id"], done["style_id"]) in rows:
            rows[(done["order_id"], done["style_id"])].cut = done["total"] or 0
    return [(order, by_order[order.pk]) for order in orders]


# --- the quantity matrix ---------------------------------------------------------------


@dataclass
class Cell:
    ordered: int = 0
    planned: int = 0  # pieces in lays not cut yet
    cut: int = 0

    @property
    def balance(self) -> int:
        """Over (+) or under (-) cut once the planned lays are cut too."""
        return self.planned + self.cut - self.ordered

    @property
    def remaining(self) -> int:
        """Pieces ordered that no lay, planned or cut, covers yet."""
        return max(0, -self.balance)

    def add(self, other: Cell) -> None:
        self.ordered += other.ordered
        self.planned += other.planned
        self.cut += other.cut


@dataclass
class MatrixRow:
    colour: Colour
    cells: list[Cell]
    total: Cell


@dataclass
class QuantityMatrix:
    """A plan's colours x sizes: ordered, in planned lays, cut, and the balance."""

    sizes: list[Size]
    rows: list[MatrixRow]
    column_totals: list[Cell]
    total: Cell
    by_key: dict[tuple[int, int], Cell] = field(default_factory=dict)

    def remaining(self, colour_id: int) -> dict[Size, int]:
        """What of `colour` is still neither cut nor in a planned lay, per size."""
        return {
            size: self.by_key[(colour_id, size.pk)].remaining
            for size in self.sizes
            if (colour_id, size.pk) in self.by_key
        }


def plan_sizes(plan: CutPlan) -> list[Size]:
    return list(Size.objects.filter(grid_id=plan.style.size_grid_id).order_by("position"))


def plan_colours(plan: CutPlan) -> list[Colour]:
    """The colours of the plan's style on its order: the ones a lay may be of."""
    ids = OrderLine.objects.filter(order_id=plan.order_id, style_id=plan.style_id).values(
        "colour_id"
    )
    return list(Colour.objects.filter(pk__in=ids).order_by("code"))


def plan_matrix(plan: CutPlan) -> QuantityMatrix:
    """Four queries: the sizes, the order lines, the planned lays' markers and the bundles."""
    sizes = plan_sizes(plan)
    cells: dict[tuple[int, int], Cell] = {}
    colours: dict[int, Colour] = {}
    for line in (
        OrderLine.objects.filter(order_id=plan.order_id, style_id=plan.style_id)
        .select_related("colour")
        .order_by("colour__code", "colour_id")
    ):
        colours.setdefault(line.colour_id, line.colour)
        cells.setdefault((line.colour_id, line.size_id), Cell()).ordered += line.quantity
    planned = (
        LayRatio.objects.filter(lay__cut_plan=plan, lay__status=LayStatus.PLANNED)
        .values("lay__colour_id", "size_id")
        .annotate(pieces=Sum(F("ratio") * F("lay__plies")))
        .order_by()
    )
    for row in planned:
        key = (row["lay__colour_id"], row["size_id"])
        cells.setdefault(key, Cell()).planned += row["pieces"] or 0
    cut = (
        Bundle.objects.filter(lay__cut_plan=plan)
        .values("colour_id", "size_id")
        .annotate(pieces=Sum("quantity"))
        .order_by()
    )
    for row in cut:
        cells.setdefault((row["colour_id"], row["size_id"]), Cell()).cut += row["pieces"] or 0
    missing = {c for c, _s in cells} - set(colours)
    if missing:  # a lay of a colour since taken off the order
        colours.update({c.pk: c for c in Colour.objects.filter(pk__in=missing)})

    rows: list[MatrixRow] = []
    column_totals = [Cell() for _size in sizes]
    grand = Cell()
    for colour_id, colour in colours.items():
        row_cells = [cells.get((colour_id, size.pk), Cell()) for size in sizes]
        total = Cell()
        for i, cell in enumerate(row_cells):
            total.add(cell)
            column_totals[i].add(cell)
        grand.add(total)
        rows.append(MatrixRow(colour=colour, cells=row_cells, total=total))
    return QuantityMatrix(
        sizes=sizes, rows=rows, column_totals=column_totals, total=grand, by_key=cells
    )


# --- lays and bundles ------------------------------------------------------------------


def _ratios() -> Prefetch[Any, Any, Any]:
    return Prefetch(
        "ratios", queryset=LayRatio.objects.select_related("size").order_by("size__position")
    )


def lay_list(*, plan: CutPlan) -> QuerySet[Lay]:
    """The plan's lays with their markers, `bundle_count`, `first_bundle` and `last_bundle`."""
    return (
        Lay.objects.filter(cut_plan=plan)
        .select_related("colour")
        .prefetch_related(_ratios())
        .annotate(
            bundle_count=Count("bundles"),
            first_bundle=Min("bundles__number"),
            last_bundle=Max("bundles__number"),
        )
        .order_by("number")
    )


def lay_get(*, lay_id: int) -> Lay:
    """One lay of the active tenant with its plan, order, style and marker (404 on a miss)."""
    return get_object_or_404(
        Lay.objects.select_related(
            "cut_plan__order__customer", "cut_plan__style__size_grid", "colour"
        ).prefetch_related(_ratios()),
        pk=lay_id,
    )


def marker_text(lay: Lay) -> str:
    """The marker as the cutting room writes it: "S:1 M:2 L:2 XL:1" (ratios prefetched)."""
    return " ".join(f"{r.size.code}:{r.ratio}" for r in lay.ratios.all())


def lay_pieces(lay: Lay) -> int:
    """Garments the lay cuts: the garments in its marker times its plies."""
    return sum(r.ratio for r in lay.ratios.all()) * lay.plies


def bundle_list(
    *, order_id: int | None = None, lay_id: int | None = None, number: int | None = None
) -> QuerySet[Bundle]:
    bundles = Bundle.objects.select_related("order", "style", "colour", "size", "lay")
    if order_id:
        bundles = bundles.filter(order_id=order_id)
    if lay_id:
        bundles = bundles.filter(lay_id=lay_id)
    if number:
        bundles = bundles.filter(number=number)
    return bundles.order_by("number")


def bundle_get(*, bundle_id: int) -> Bundle:
    return get_object_or_404(bundle_list(), pk=bundle_id)


def style_bulletin(*, style_id: int) -> list[Operation]:
    """The operations of a style in bulletin order: one coupon each on a bundle ticket."""
    return list(Operation.objects.filter(style_id=style_id).order_by("sequence"))


class GridSizes:
    """The sizes of one grid as the API's bodies name them: by code (any case) or by id."""

    def __init__(self, grid_id: int) -> None:
        sizes = list(Size.objects.filter(grid_id=grid_id))
        self.by_code = {size.code.casefold(): size for size in sizes}
        self.by_id = {str(size.pk): size for size in sizes}

    def find(self, key: str) -> Size | None:
        """The size a key names, its code first."""
        return self.by_code.get(key.strip().casefold()) or self.by_id.get(key.strip())
