"""The cutting room of an order: a style's cut plan planned against fabric.

Reads the order's quantities still to cut, the pattern's garment areas and the markers
already nested at the plan's fabric width; plans lays per colour with the fabric engine
(`plan_cut_order`); writes the chosen lays over the plan's planned ones; queues markers
for the ratios not nested yet; and says how much fabric each colour needs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from seamline.catalog.models import Colour, Pattern, Size
from seamline.catalog.patterns import garment_area_by_size, pattern_for_style
from seamline.cutting.choices import FabricDirection, LayStatus
from seamline.cutting.markers import (
    ACTIVE_STATUSES,
    NESTED_STATUSES,
    marker_create,
    marker_ratio_key,
    markers_of_pattern,
    nested_lengths,
)
from seamline.cutting.models import CutPlan, Lay, LayRatio, Marker
from seamline.cutting.selectors import plan_colours, plan_matrix, plan_sizes
from seamline.cutting.services import CUTTABLE_STATUSES
from seamline.engines.cutplan import plan_cut_order
from seamline.orders.models import Order
from seamline.tenancy.services import audit_record

DEFAULT_EFFICIENCY = 0.80
MAX_TIME_LIMIT_S = 5.0
CENT = Decimal("0.01")
MM = Decimal("0.001")  # a millimetre, in metres

RatioKey = tuple[tuple[str, int], ...]


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def metres(mm: int) -> Decimal:
    """Millimetres as metres, exactly (three decimals)."""
    return (Decimal(mm) / 1000).quantize(MM)


def ratio_key(ratio: Mapping[Size, int]) -> RatioKey:
    """A marker's ratio in the form `marker_ratio_key` gives: (size code, garments) sorted by
    size code, no zeros."""
    return tuple(sorted((size.code, n) for size, n in ratio.items() if n))


def ratio_text(ratio: Mapping[Size, int]) -> str:
    """As the cutting room writes it: "S:1 M:2 L:2" (sizes in grid order)."""
    return " ".join(f"{size.code}:{n}" for size, n in sorted_ratio(ratio).items())


def sorted_ratio(ratio: Mapping[Size, int]) -> dict[Size, int]:
    return {
        size: n for size, n in sorted(ratio.items(), key=lambda item: item[0].position) if n > 0
    }


# --- settings --------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "fabric_width_mm",
    "max_plies",
    "max_marker_length_mm",
    "overcut_pct",
    "cost_per_lay",
    "fabric_price",
    "end_allowance_mm",
)


@transaction.atomic
def room_settings_update(
    *,
    cut_plan: CutPlan,
    fabric_width_mm: int | None,
    max_plies: int,
    max_marker_length_mm: int,
    overcut_pct: Decimal,
    cost_per_lay: Decimal,
    fabric_price: Decimal,
    end_allowance_mm: int,
    by: Any,
) -> CutPlan:
    """The cutting room's limits: fabric width, highest lay, table length, over-cut allowed,
    what a lay and a metre of fabric cost, and the fabric lost at the ends of each ply."""
    cut_plan = CutPlan.objects.select_for_update().get(pk=cut_plan.pk)
    cut_plan.fabric_width_mm = fabric_width_mm
    cut_plan.max_plies = max_plies
    cut_plan.max_marker_length_mm = max_marker_length_mm
    cut_plan.overcut_pct = overcut_pct
    cut_plan.cost_per_lay = cost_per_lay
    cut_plan.fabric_price = fabric_price
    cut_plan.end_allowance_mm = end_allowance_mm
    cut_plan.full_clean(validate_unique=False)
    cut_plan.save(update_fields=list(SETTINGS_FIELDS))
    audit_record(
        actor=by,
        action="cutplan.room_settings",
        obj=cut_plan,
        summary=str(cut_plan),
        data={name: str(getattr(cut_plan, name)) for name in SETTINGS_FIELDS},
    )
    return cut_plan


# --- markers of the plan's pattern -------------------------------------------------------


def room_pattern(cut_plan: CutPlan) -> Pattern | None:
    return pattern_for_style(cut_plan.style)


def room_markers(cut_plan: CutPlan, pattern: Pattern | None = None) -> list[Marker]:
    """The pattern's markers at the plan's fabric width, newest first (none without a width)."""
    pattern = pattern if pattern is not None else room_pattern(cut_plan)
    if pattern is None or not cut_plan.fabric_width_mm:
        return []
    return list(markers_of_pattern(pattern, fabric_width_mm=cut_plan.fabric_width_mm))


def nested_markers(markers: Sequence[Marker]) -> dict[RatioKey, Marker]:
    """The shortest nested marker of each ratio."""
    best: dict[RatioKey, Marker] = {}
    for marker in markers:
        if marker.status not in NESTED_STATUSES or marker.length_mm is None:
            continue
        key = marker_ratio_key(marker)
        kept = best.get(key)
        if kept is None or marker.length_mm < (kept.length_mm or 0):
            best[key] = marker
    return best


def assumed_efficiency(markers: Sequence[Marker]) -> float:
    """What share of a marker the pieces fill where no marker is nested yet: the mean of this
    pattern's nested markers at this width, else 80 %."""
    done = [
        float(m.efficiency_pct) for m in markers if m.status in NESTED_STATUSES and m.efficiency_pct
    ]
    if not done:
        return DEFAULT_EFFICIENCY
    return sum(done) / len(done) / 100


# --- the proposal --------------------------------------------------------------------------


@dataclass(frozen=True)
class LayPlan:
    """One lay as planned: colour, marker ratio (size -> garments), plies, marker length."""

    colour: Colour
    ratio: dict[Size, int]
    plies: int
    marker_length_mm: int | None = None

    @property
    def marker_text(self) -> str:
        return ratio_text(self.ratio)

    @property
    def ratio_param(self) -> str:
        """The ratio as the new-marker page takes it: "S:1,M:2"."""
        return ",".join(f"{size.code}:{n}" for size, n in sorted_ratio(self.ratio).items())

    @property
    def garments(self) -> int:
        return sum(self.ratio.values())

    @property
    def pieces(self) -> int:
        return self.garments * self.plies


@dataclass(frozen=True)
class RoomLay(LayPlan):
    estimated: bool = True  # the length comes from the garment areas, not a nested marker
    marker: Marker | None = None
    fabric_mm: int = 0  # plies x (marker length + end allowance)

    @property
    def marker_length_m(self) -> Decimal:
        return metres(self.marker_length_mm or 0)

    @property
    def fabric_m(self) -> Decimal:
        return metres(self.fabric_mm)


@dataclass(frozen=True)
class RoomColour:
    colour: Colour
    lays: tuple[RoomLay, ...]
    to_cut: dict[Size, int]  # ordered, less what is already cut
    cut: dict[Size, int]  # what these lays cut
    overcut_pct: float
    fabric_mm: int
    fabric_cost: Decimal

    @property
    def fabric_m(self) -> Decimal:
        return metres(self.fabric_mm)

    @property
    def sizes(self) -> list[dict[str, Any]]:
        return [
            {
                "size": size,
                "to_cut": n,
                "cut": self.cut.get(size, 0),
                "over": self.cut.get(size, 0) - n,
            }
            for size, n in self.to_cut.items()
        ]


@dataclass(frozen=True)
class RoomPlan:
    """Lays per colour against fabric, with the fabric they take and what they cost."""

    cut_plan: CutPlan
    colours: tuple[RoomColour, ...]
    fabric_mm: int
    fabric_cost: Decimal
    lay_cost: Decimal
    lower_bound_mm: int
    within_allowance: bool
    status: str
    runtime: float
    efficiency: float  # assumed where no marker is nested
    missing: tuple[RatioKey, ...] = field(default=())  # ratios with no nested marker

    @property
    def lays(self) -> list[RoomLay]:
        return [lay for colour in self.colours for lay in colour.lays]

    @property
    def n_lays(self) -> int:
        return len(self.lays)

    @property
    def fabric_m(self) -> Decimal:
        return metres(self.fabric_mm)

    @property
    def lower_bound_m(self) -> Decimal:
        return metres(self.lower_bound_mm)

    @property
    def cost(self) -> Decimal:
        return self.fabric_cost + self.lay_cost

    @property
    def bound_ratio(self) -> float | None:
        """Fabric of the plan over the fabric no plan can do with less (1.0 is the best)."""
        return self.fabric_mm / self.lower_bound_mm if self.lower_bound_mm else None

    @property
    def overcut_pct(self) -> float:
        ordered = sum(sum(c.to_cut.values()) for c in self.colours)
        over = sum(max(0, row["over"]) for c in self.colours for row in c.sizes)
        return 100 * over / ordered if ordered else 0.0


def still_to_cut(cut_plan: CutPlan) -> dict[Colour, dict[Size, int]]:
    """Per colour and size: pieces ordered less pieces already cut (planned lays ignored:
    a new plan replaces them). Colours with nothing left are left out."""
    matrix = plan_matrix(cut_plan)
    result: dict[Colour, dict[Size, int]] = {}
    for row in matrix.rows:
        left = {
            size: max(0, cell.ordered - cell.cut)
            for size, cell in zip(matrix.sizes, row.cells, strict=True)
        }
        if any(left.values()):
            result[row.colour] = {size: n for size, n in left.items() if n}
    return result


def _fabric_mm(plies: int, marker_length_mm: int, end_allowance_mm: int) -> int:
    return plies * (marker_length_mm + end_allowance_mm)


def room_plan(cut_plan: CutPlan, *, time_limit_s: float = MAX_TIME_LIMIT_S) -> RoomPlan:
    """Plan the lays of every colour still to cut against the plan's fabric and table.

    Raises a ValidationError naming what is missing: a pattern, a fabric width, the pieces
    of a size of the order, or anything left to cut.
    """
    pattern = room_pattern(cut_plan)
    errors: dict[str, list[str]] = {}
    if pattern is None:
        errors["pattern"] = [
            _("Style %(style)s has no pattern: import its pattern first.")
            % {"style": cut_plan.style.code}
        ]
    if not cut_plan.fabric_width_mm:
        errors["fabric_width_mm"] = [_("Give the fabric width of this plan first.")]
    if errors or pattern is None or not cut_plan.fabric_width_mm:
        raise ValidationError(errors)
    width = cut_plan.fabric_width_mm
    quantities = still_to_cut(cut_plan)
    if not quantities:
        raise ValidationError(_("Every piece of this style on the order is already cut."))
    areas = garment_area_by_size(pattern)
    without = sorted(
        {size for sizes in quantities.values() for size in sizes if not areas.get(size.code)},
        key=lambda size: size.position,
    )
    if without:
        raise ValidationError(
            {
                "pattern": _(
                    "The pattern %(pattern)s has no pieces of size %(sizes)s, which the order has."
                )
                % {"pattern": pattern.name, "sizes": ", ".join(s.code for s in without)}
            }
        )
    markers = room_markers(cut_plan, pattern)
    nested = nested_markers(markers)
    efficiency = assumed_efficiency(markers)
    known = {key: float(length) for key, length in nested_lengths(pattern, width).items()}
    by_code = {colour.code: colour for colour in quantities}
    sizes = {size.code: size for size in plan_sizes(cut_plan)}
    try:
        result = plan_cut_order(
            {
                colour.code: {size.code: n for size, n in left.items()}
                for colour, left in quantities.items()
            },
            garment_area={code: float(areas[code]) for code in areas},
            fabric_width=float(width),
            max_plies=cut_plan.max_plies,
            max_marker_length=float(cut_plan.max_marker_length_mm),
            overcut_pct=float(cut_plan.overcut_pct),
            cost_per_lay=float(cut_plan.cost_per_lay),
            fabric_cost_per_m=float(cut_plan.fabric_price),
            end_allowance=float(cut_plan.end_allowance_mm),
            efficiency=efficiency,
            known_markers=known or None,
            time_limit_s=min(max(time_limit_s, 0.5), MAX_TIME_LIMIT_S),
        )
    except ValueError as exc:
        raise ValidationError(_("No plan could be made: %(reason)s") % {"reason": exc}) from exc

    end = cut_plan.end_allowance_mm
    colours: list[RoomColour] = []
    missing: list[RatioKey] = []
    for planned in result.colours:
        colour = by_code[planned.colour]
        lays: list[RoomLay] = []
        for fabric_lay in planned.lays:
            ratio = sorted_ratio({sizes[code]: n for code, n in fabric_lay.ratio.items()})
            key = ratio_key(ratio)
            marker = nested.get(key)
            length = (
                math.ceil(marker.length_mm)
                if marker is not None and marker.length_mm is not None
                else math.ceil(fabric_lay.marker_length - 1e-6)
            )
            if marker is None and key not in missing:
                missing.append(key)
            lays.append(
                RoomLay(
                    colour=colour,
                    ratio=ratio,
                    plies=fabric_lay.plies,
                    marker_length_mm=length,
                    estimated=marker is None,
                    marker=marker,
                    fabric_mm=_fabric_mm(fabric_lay.plies, length, end),
                )
            )
        fabric = sum(lay.fabric_mm for lay in lays)
        to_cut = {size: quantities[colour].get(size, 0) for size in sizes.values()}
        to_cut = {
            size: n for size, n in to_cut.items() if n or any(size in lay.ratio for lay in lays)
        }
        cut = {size: sum(lay.ratio.get(size, 0) * lay.plies for lay in lays) for size in to_cut}
        colours.append(
            RoomColour(
                colour=colour,
                lays=tuple(lays),
                to_cut=to_cut,
                cut=cut,
                overcut_pct=float(planned.overcut_pct),
                fabric_mm=fabric,
                fabric_cost=money(metres(fabric) * cut_plan.fabric_price),
            )
        )
    fabric_mm = sum(c.fabric_mm for c in colours)
    n_lays = sum(len(c.lays) for c in colours)
    return RoomPlan(
        cut_plan=cut_plan,
        colours=tuple(colours),
        fabric_mm=fabric_mm,
        fabric_cost=money(metres(fabric_mm) * cut_plan.fabric_price),
        lay_cost=money(n_lays * cut_plan.cost_per_lay),
        lower_bound_mm=math.ceil(result.lower_bound_length),
        within_allowance=bool(result.within_allowance),
        status=str(result.status),
        runtime=float(result.runtime),
        efficiency=efficiency,
        missing=tuple(missing),
    )


# --- writing the plan's lays ------------------------------------------------------------


def _check_cuttable(cut_plan: CutPlan) -> None:
    status = Order.objects.filter(pk=cut_plan.order_id).values_list("status", flat=True).first()
    if status not in CUTTABLE_STATUSES:
        raise ValidationError(
            {"order": _("Only confirmed orders and orders in production can be cut.")}
        )


def check_lays(cut_plan: CutPlan, lays: Sequence[LayPlan]) -> None:
    """Every lay of the order's colours and the style's sizes, 1 to the plan's highest lay of
    plies, ratios 1 to 50, a marker no longer than the table; together they cut every piece
    still to cut. Each error names its lay (1, 2, ... in the order given)."""
    errors: list[str] = []
    if not lays:
        raise ValidationError({"lays": _("There are no lays to write.")})
    colours = {colour.pk for colour in plan_colours(cut_plan)}
    grid = cut_plan.style.size_grid_id
    for n, lay in enumerate(lays, start=1):
        where = {"lay": n}
        if lay.colour.pk not in colours:
            errors.append(
                _("Lay %(lay)s: the order has no %(colour)s of this style.")
                % {**where, "colour": lay.colour}
            )
        if not 1 <= lay.plies <= cut_plan.max_plies:
            errors.append(
                _("Lay %(lay)s: plies must be 1 to %(max)s (the plan's highest lay).")
                % {**where, "max": cut_plan.max_plies}
            )
        if not lay.ratio or not any(lay.ratio.values()):
            errors.append(_("Lay %(lay)s: a marker holds at least one size.") % where)
        for size, ratio in lay.ratio.items():
            if size.grid_id != grid:
                errors.append(
                    _("Lay %(lay)s: size %(size)s is not in this style's size grid.")
                    % {**where, "size": size.code}
                )
            elif ratio != 0 and not 1 <= ratio <= 50:
                errors.append(
                    _("Lay %(lay)s: the ratio of size %(size)s must be 1 to 50.")
                    % {**where, "size": size.code}
                )
        length = lay.marker_length_mm
        if length is not None and not 1 <= length <= cut_plan.max_marker_length_mm:
            errors.append(
                _("Lay %(lay)s: the marker length must be 1 to %(max)s mm (the table).")
                % {**where, "max": cut_plan.max_marker_length_mm}
            )
    if errors:
        raise ValidationError({"lays": errors})
    short: list[str] = []
    for colour, left in still_to_cut(cut_plan).items():
        for size, n in left.items():
            cut = sum(
                lay.ratio.get(size, 0) * lay.plies for lay in lays if lay.colour.pk == colour.pk
            )
            if cut < n:
                short.append(
                    _("%(colour)s size %(size)s: these lays cut %(cut)s of the %(left)s to cut.")
                    % {"colour": colour.code, "size": size.code, "cut": cut, "left": n}
                )
    if short:
        raise ValidationError({"lays": short})


def _estimator(
    cut_plan: CutPlan, markers: Sequence[Marker]
) -> Callable[[Mapping[Size, int]], int | None]:
    """The length of a marker not nested, as the planner estimates it: the garments' area
    over the fabric width at the assumed efficiency (None without a pattern or a width)."""
    pattern = room_pattern(cut_plan)
    width = cut_plan.fabric_width_mm
    areas = garment_area_by_size(pattern) if pattern is not None and width else {}
    efficiency = assumed_efficiency(markers)

    def estimate(ratio: Mapping[Size, int]) -> int | None:
        if not width or any(size.code not in areas for size in ratio):
            return None
        area = sum(areas[size.code] * n for size, n in ratio.items())
        return math.ceil(area / (width * efficiency)) or None

    return estimate


@transaction.atomic
def room_apply(*, cut_plan: CutPlan, plan: RoomPlan | Sequence[LayPlan], by: Any) -> list[Lay]:
    """Replace the plan's planned lays with `plan`'s lays, all or none. Lays already cut are
    never touched; new lays are numbered after the last one. A lay whose ratio has a nested
    marker at the plan's width is cut with that marker (and takes its length); a lay given
    without a length gets the planner's estimate from the garment areas."""
    lays: Sequence[LayPlan] = plan.lays if isinstance(plan, RoomPlan) else plan
    cut_plan = CutPlan.objects.select_for_update().select_related("style").get(pk=cut_plan.pk)
    _check_cuttable(cut_plan)
    check_lays(cut_plan, lays)
    markers = room_markers(cut_plan)
    nested = nested_markers(markers)
    estimate = _estimator(cut_plan, markers)
    chosen: list[tuple[Marker | None, int | None]] = []
    too_long: list[str] = []
    for n, lay in enumerate(lays, start=1):
        marker = nested.get(ratio_key(lay.ratio))
        if marker is not None and marker.length_mm is not None:
            nested_mm = math.ceil(marker.length_mm)
            if nested_mm > cut_plan.max_marker_length_mm:
                too_long.append(
                    _(
                        "Lay %(lay)s: its nested marker is %(length)s mm, longer than the "
                        "table (%(max)s mm); propose again."
                    )
                    % {"lay": n, "length": nested_mm, "max": cut_plan.max_marker_length_mm}
                )
            length: int | None = nested_mm
        else:
            marker = None
            length = lay.marker_length_mm or estimate(lay.ratio)
            if length is not None and length > cut_plan.max_marker_length_mm:
                too_long.append(
                    _(
                        "Lay %(lay)s: its marker would be about %(length)s mm, longer than the "
                        "table (%(max)s mm)."
                    )
                    % {"lay": n, "length": length, "max": cut_plan.max_marker_length_mm}
                )
        chosen.append((marker, length))
    if too_long:
        raise ValidationError({"lays": too_long})
    # Hold the planned lays: one being cut meanwhile is no longer planned once we get it.
    planned = list(
        Lay.objects.select_for_update().filter(cut_plan=cut_plan, status=LayStatus.PLANNED)
    )
    replaced = [lay.number for lay in planned]
    Lay.objects.filter(pk__in=[lay.pk for lay in planned], status=LayStatus.PLANNED).delete()
    number = cut_plan.lays.aggregate(n=Max("number"))["n"] or 0
    written: list[Lay] = []
    ratios: list[LayRatio] = []
    for lay, (marker, length) in zip(lays, chosen, strict=True):
        number += 1
        row = Lay(
            cut_plan=cut_plan,
            number=number,
            colour=lay.colour,
            plies=lay.plies,
            marker=marker,
            marker_length_mm=length,
        )
        row.tenant_id = cut_plan.tenant_id
        written.append(row)
    Lay.objects.bulk_create(written)
    for row, lay in zip(written, lays, strict=True):
        ratios.extend(
            LayRatio(tenant_id=cut_plan.tenant_id, lay=row, size=size, ratio=n)
            for size, n in sorted_ratio(lay.ratio).items()
        )
    LayRatio.objects.bulk_create(ratios)
    audit_record(
        actor=by,
        action="cutplan.room_apply",
        obj=cut_plan,
        summary=_("%(plan)s: %(count)d lays planned against fabric")
        % {"plan": cut_plan, "count": len(written)},
        data={
            "replaced": replaced,
            "lays": [
                {
                    "number": row.number,
                    "colour": lay.colour.code,
                    "plies": lay.plies,
                    "ratio": ratio_text(lay.ratio),
                    "marker": row.marker_id,
                    "marker_length_mm": row.marker_length_mm,
                }
                for row, lay in zip(written, lays, strict=True)
            ],
        },
    )
    return written


# --- fabric and markers -------------------------------------------------------------------


def fabric_requirement(cut_plan: CutPlan) -> dict[str, Decimal]:
    """Metres of fabric per colour code for the plan's lays (planned and cut): plies x
    (marker length + end allowance). Lays with no marker length are left out."""
    needed: dict[str, int] = {}
    for lay in (
        Lay.objects.filter(cut_plan=cut_plan)
        .select_related("colour", "marker")
        .order_by("colour__code", "number")
    ):
        length = lay.marker_length_mm
        if length is None and lay.marker is not None and lay.marker.length_mm is not None:
            length = math.ceil(lay.marker.length_mm)
        if length is None:
            continue
        code = lay.colour.code
        needed[code] = needed.get(code, 0) + _fabric_mm(
            lay.plies, length, cut_plan.end_allowance_mm
        )
    return {code: metres(mm) for code, mm in needed.items()}


def lays_without_length(cut_plan: CutPlan) -> int:
    return Lay.objects.filter(
        cut_plan=cut_plan, marker_length_mm__isnull=True, marker__isnull=True
    ).count()


@transaction.atomic
def room_nest_markers(
    *,
    cut_plan: CutPlan,
    plan: RoomPlan | Sequence[LayPlan],
    by: Any,
    time_limit_s: int,
    direction: str = "",
    spacing_mm: Decimal | None = None,
) -> list[Marker]:
    """Queue a marker at the plan's width for every distinct ratio of `plan` that has none
    nested, nor one on its way. Returns the markers queued (none when all are there)."""
    pattern = room_pattern(cut_plan)
    if pattern is None:
        raise ValidationError(
            {"pattern": _("Style %(style)s has no pattern.") % {"style": cut_plan.style.code}}
        )
    if not cut_plan.fabric_width_mm:
        raise ValidationError({"fabric_width_mm": _("Give the fabric width of this plan first.")})
    lays: Sequence[LayPlan] = plan.lays if isinstance(plan, RoomPlan) else plan
    markers = room_markers(cut_plan, pattern)
    have = {marker_ratio_key(m) for m in markers if m.status in NESTED_STATUSES | ACTIVE_STATUSES}
    if not direction:
        direction = markers[0].direction if markers else FabricDirection.TWO_WAY
    if spacing_mm is None:
        spacing_mm = markers[0].spacing_mm if markers else Decimal("2.0")
    queued: list[Marker] = []
    for lay in lays:
        key = ratio_key(lay.ratio)
        if key in have:
            continue
        have.add(key)
        queued.append(
            marker_create(
                pattern=pattern,
                ratio=sorted_ratio(lay.ratio),
                fabric_width_mm=cut_plan.fabric_width_mm,
                direction=direction,
                spacing_mm=spacing_mm,
                time_limit_s=time_limit_s,
                by=by,
            )
        )
    return queued
