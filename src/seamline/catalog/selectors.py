"""Reads of the catalog, always through the tenant-scoped managers; sums in exact Decimals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from seamline.catalog.choices import MachineType, Section
from seamline.catalog.models import (
    BomLine,
    BomLineSize,
    Colour,
    Customer,
    Material,
    Operation,
    Size,
    SizeGrid,
    Style,
    StyleColour,
)

ZERO = Decimal("0")
HUNDRED = Decimal("100")
SMV_PLACES = Decimal("0.001")
MONEY_PLACES = Decimal("0.0001")
RATE_PLACES = Decimal("0.01")


# --- master data ---------------------------------------------------------------------------


def customer_list(*, search: str = "") -> QuerySet[Customer]:
    customers = Customer.objects.annotate(style_count=Count("styles"))
    if search:
        customers = customers.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return customers.order_by("name", "code")


def customer_get(*, customer_id: int) -> Customer:
    return get_object_or_404(Customer, pk=customer_id)


def colour_list(*, search: str = "") -> QuerySet[Colour]:
    colours = Colour.objects.all()
    if search:
        colours = colours.filter(Q(code__icontains=search) | Q(name__icontains=search))
    return colours.order_by("code")


def colour_get(*, colour_id: int) -> Colour:
    return get_object_or_404(Colour, pk=colour_id)


def size_grid_list() -> QuerySet[SizeGrid]:
    return SizeGrid.objects.prefetch_related(
        Prefetch("sizes", queryset=Size.objects.order_by("position"))
    ).order_by("code")


def size_grid_get(*, grid_id: int) -> SizeGrid:
    return get_object_or_404(
        SizeGrid.objects.prefetch_related(
            Prefetch("sizes", queryset=Size.objects.order_by("position"))
        ),
        pk=grid_id,
    )


def material_list(*, search: str = "", kind: str = "") -> QuerySet[Material]:
    materials = Material.objects.all()
    if search:
        materials = materials.filter(
            Q(code__icontains=search) | Q(name__icontains=search) | Q(supplier__icontains=search)
        )
    if kind:
        materials = materials.filter(kind=kind)
    return materials.order_by("code")


def material_get(*, material_id: int) -> Material:
    return get_object_or_404(Material, pk=material_id)


# --- styles --------------------------------------------------------------------------------


def style_list(
    *,
    search: str = "",
    customer_id: int | None = None,
    category: str = "",
    season: str = "",
    active: bool | None = None,
) -> QuerySet[Style]:
    """Styles with `total_smv` and `operation_count` annotated, by code."""
    styles = Style.objects.select_related("customer", "size_grid").annotate(
        total_smv=Sum("operations__smv"), operation_count=Count("operations")
    )
    if search:
        styles = styles.filter(Q(code__icontains=search) | Q(name__icontains=search))
    if customer_id is not None:
        styles = styles.filter(customer_id=customer_id)
    if category:
        styles = styles.filter(category=category)
    if season:
        styles = styles.filter(season__iexact=season)
    if active is not None:
        styles = styles.filter(is_active=active)
    return styles.order_by("code")


def style_get(*, style_id: int) -> Style:
    return get_object_or_404(Style.objects.select_related("customer", "size_grid"), pk=style_id)


def style_colours(style: Style) -> list[Colour]:
    return [
        sc.colour
        for sc in StyleColour.objects.filter(style=style)
        .select_related("colour")
        .order_by("colour__code")
    ]


def style_sizes(style: Style) -> list[Size]:
    return list(Size.objects.filter(grid_id=style.size_grid_id).order_by("position"))


def operation_list(style: Style) -> list[Operation]:
    """The bulletin in sequence, each operation with its `depends_on` prefetched."""
    return list(
        Operation.objects.filter(style=style)
        .prefetch_related(Prefetch("depends_on", queryset=Operation.objects.order_by("sequence")))
        .order_by("sequence")
    )


def operation_get(*, operation_id: int) -> Operation:
    return get_object_or_404(Operation.objects.select_related("style"), pk=operation_id)


def bom_line_list(style: Style) -> list[BomLine]:
    return list(
        BomLine.objects.filter(style=style)
        .select_related("material")
        .prefetch_related(
            Prefetch("size_overrides", queryset=BomLineSize.objects.select_related("size"))
        )
        .order_by("material__kind", "material__code", "placement")
    )


def bom_line_get(*, bom_line_id: int) -> BomLine:
    return get_object_or_404(
        BomLine.objects.select_related("style", "style__size_grid", "material"), pk=bom_line_id
    )


# --- labour and material content ---------------------------------------------------------


@dataclass(frozen=True)
class SmvShare:
    key: str
    label: str
    smv: Decimal
    operations: int


@dataclass(frozen=True)
class StyleLabour:
    """The labour content of one garment of a style, from its operation bulletin."""

    total_smv: Decimal
    labour_cost: Decimal
    labour_cost_per_dozen: Decimal
    operation_count: int
    pieces_per_hour: Decimal | None
    by_section: list[SmvShare] = field(default_factory=list)
    by_machine: list[SmvShare] = field(default_factory=list)


def _shares(totals: dict[str, list[Any]], labels: dict[str, Any]) -> list[SmvShare]:
    return [
        SmvShare(key=key, label=str(labels.get(key, key)), smv=smv, operations=count)
        for key, (smv, count) in sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))
    ]


def style_labour(style: Style, operations: Sequence[Operation] | None = None) -> StyleLabour:
    """Total SMV, piece-rate cost per garment and dozen, SMV by section and machine.

    `pieces_per_hour` is what one operator doing every operation makes in 60 minutes at
    100 % efficiency (60 / total SMV); None for an empty bulletin. Pass `operations` when
    they are already loaded, to save the query.
    """
    rows = (
        [(op.section, op.machine_type, op.smv, op.piece_rate) for op in operations]
        if operations is not None
        else list(
            Operation.objects.filter(style=style).values_list(
                "section", "machine_type", "smv", "piece_rate"
            )
        )
    )
    total_smv = sum((smv for _, _, smv, _ in rows), ZERO)
    labour_cost = sum((rate for _, _, _, rate in rows), ZERO)
    by_section: dict[str, list[Any]] = defaultdict(lambda: [ZERO, 0])
    by_machine: dict[str, list[Any]] = defaultdict(lambda: [ZERO, 0])
    for section, machine, smv, _ in rows:
        by_section[section][0] += smv
        by_section[section][1] += 1
        by_machine[machine][0] += smv
        by_machine[machine][1] += 1
    return StyleLabour(
        total_smv=total_smv.quantize(SMV_PLACES),
        labour_cost=labour_cost.quantize(MONEY_PLACES),
        labour_cost_per_dozen=(labour_cost * 12).quantize(MONEY_PLACES),
        operation_count=len(rows),
        pieces_per_hour=(
            (Decimal(60) / total_smv).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
            if total_smv > 0
            else None
        ),
        by_section=_shares(by_section, {k: v for k, v in Section.choices}),
        by_machine=_shares(by_machine, {k: v for k, v in MachineType.choices}),
    )


@dataclass(frozen=True)
class BomCostLine:
    line: BomLine
    consumption: Decimal
    wastage_pct: Decimal
    unit_price: Decimal
    cost: Decimal  # per garment, default consumption
    cost_by_size: dict[str, Decimal]  # size code -> per garment of that size


@dataclass(frozen=True)
class StyleMaterialCost:
    lines: list[BomCostLine]
    total: Decimal  # per garment with the default consumptions
    total_by_size: dict[str, Decimal]  # size code -> per garment, overrides applied
    has_size_overrides: bool


def _line_cost(consumption: Decimal, wastage_pct: Decimal, price: Decimal) -> Decimal:
    return (consumption * (1 + wastage_pct / HUNDRED) * price).quantize(MONEY_PLACES)


def style_material_cost(
    style: Style,
    bom_lines: Sequence[BomLine] | None = None,
    sizes: Sequence[Size] | None = None,
) -> StyleMaterialCost:
    """Material cost per garment: consumption × (1 + wastage %) × unit price, per size too."""
    lines = list(bom_lines) if bom_lines is not None else bom_line_list(style)
    sizes = list(sizes) if sizes is not None else style_sizes(style)
    costed = []
    total = ZERO
    total_by_size = {size.code: ZERO for size in sizes}
    has_overrides = False
    for line in lines:
        price = line.material.unit_price
        cost = _line_cost(line.consumption, line.wastage_pct, price)
        overrides = {o.size_id: o.consumption for o in line.size_overrides.all()}
        has_overrides = has_overrides or bool(overrides)
        by_size = {
            size.code: (
                _line_cost(overrides[size.pk], line.wastage_pct, price)
                if size.pk in overrides
                else cost
            )
            for size in sizes
        }
        for code, value in by_size.items():
            total_by_size[code] += value
        total += cost
        costed.append(
            BomCostLine(
                line=line,
                consumption=line.consumption,
                wastage_pct=line.wastage_pct,
                unit_price=price,
                cost=cost,
                cost_by_size=by_size,
            )
        )
    return StyleMaterialCost(
        lines=costed, total=total, total_by_size=total_by_size, has_size_overrides=has_overrides
    )


def style_detail(style: Style) -> dict[str, Any]:
    """Everything the style page and the API's style document show, in a fixed few queries."""
    operations = operation_list(style)
    sizes = style_sizes(style)
    bom_lines = bom_line_list(style)
    return {
        "style": style,
        "colours": style_colours(style),
        "sizes": sizes,
        "operations": operations,
        "bom_lines": bom_lines,
        "labour": style_labour(style, operations),
        "material_cost": style_material_cost(style, bom_lines, sizes),
    }
