"""Cut-order planning against fabric: :func:`plan_cut_order`.

Per colour, the cheaper of the cutting master's greedy plans (fullest markers first,
cutting exactly or using the over-cut allowance) is the start. A CP-SAT model of a given
number of lay slots (:mod:`.fabric_model`) looks for the least cost: fabric (garment
area at the assumed efficiency or the nested length of a known marker, the end
allowance per ply, the over-cut) plus the cost per lay. Phase 1 solves the models of
1, 2, ... lays while they are quick (they prove lay counts), then one model of a lay
more than the best plan, hinted with it; phase 2 re-plans two or three lays at a time
with the others fixed (a large-neighbourhood search). A plan replaces the best only
when it is cheaper, so the result never costs more than the greedy. The cost is proven
least when every plan of more lays than the models solved to the end costs more
through its lays alone. Colours are planned largest first, and each later colour is
nudged towards the ratios already used (the same marker paper).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from seamline.engines.cutplan.fabric_data import FabricOrder, MarkerKey, Ratio
from seamline.engines.cutplan.fabric_greedy import (
    RawLay,
    covers,
    greedy_cut,
    overcut,
    per_size_lays,
    plan_cost,
)
from seamline.engines.cutplan.fabric_model import ColourRun, Outcome, solve_colour
from seamline.engines.cutplan.fabric_result import ColourPlan, FabricLay, FabricPlan

TIE = 1e-9  # relative cost difference treated as a tie
WORK_PER_SECOND = 0.2  # solver deterministic time per second of the time limit: about a
# fifth of what one core does, so that the work limit, not the clock, ends the search
# on a busy machine too
MIN_WORK = 0.005  # a search with less is not started
EXTRA_LAYS = 1  # lays beyond the best plan's count the last phase-1 model may use
PROOF_SHARE = 0.25  # of phase 1's budget left, for each of its small models
PHASE_ONE_SHARE = 0.6  # of a colour's budget, for the models of 1, 2, ... lays
NEIGHBOURHOOD_WORK = 0.2  # budget of one neighbourhood of the search
NEIGHBOURHOOD_LAYS = 3  # lays re-planned together at most


def plan_cut_order(
    quantities: Mapping[str, Mapping[str, int]],
    *,
    garment_area: Mapping[str, float],
    fabric_width: float,
    max_plies: int,
    max_marker_length: float,
    overcut_pct: float,
    cost_per_lay: float,
    fabric_cost_per_m: float,
    end_allowance: float = 0.0,
    efficiency: float = 0.80,
    known_markers: Mapping[MarkerKey, float] | None = None,
    time_limit_s: float = 10,
) -> FabricPlan:
    """Plan the lays of a cut order (colour -> size -> garments) against one fabric.

    Every size of every colour is cut at least as ordered; the over-cut of a colour
    stays within ``overcut_pct`` % of its garments (when no plan can, the least over-cut
    is returned with ``within_allowance=False``); markers fit the table
    (``max_marker_length``) and lays hold at most ``max_plies`` plies. The plan with the
    least fabric cost (metres x ``fabric_cost_per_m``) plus ``cost_per_lay`` per lay
    wins. A marker's length is the nested one from ``known_markers`` (keyed by sorted
    ``(size, garments)`` pairs) when given, else the garment area of its ratio /
    (``fabric_width`` x ``efficiency``). Lengths in mm, areas in mm². Raises
    ``ValueError`` on bad input. Repeatable for the same input unless the machine is so
    slow that the wall-clock limit stops the solver before its work limit.
    """
    if isinstance(time_limit_s, bool) or not isinstance(time_limit_s, int | float):
        raise ValueError(f"time_limit_s must be a number, got {time_limit_s!r}")
    if not math.isfinite(time_limit_s) or time_limit_s <= 0:
        raise ValueError(f"time_limit_s must be positive, got {time_limit_s!r}")
    start = time.perf_counter()
    order = FabricOrder.build(
        quantities,
        garment_area=garment_area,
        fabric_width=fabric_width,
        max_plies=max_plies,
        max_marker_length=max_marker_length,
        overcut_pct=overcut_pct,
        cost_per_lay=cost_per_lay,
        fabric_cost_per_m=fabric_cost_per_m,
        end_allowance=end_allowance,
        efficiency=efficiency,
        known_markers=known_markers,
    )
    return solve_fabric(order, time_limit_s=time_limit_s, start=start)


def solve_fabric(
    order: FabricOrder, *, time_limit_s: float = 10, start: float | None = None
) -> FabricPlan:
    """Plan ``order`` within ``time_limit_s`` seconds (counted from ``start``).

    The solver's budget is counted in its deterministic time (``WORK_PER_SECOND`` per
    second of the limit), shared among the colours by their garments, as is the time
    left; the clock only stops a search when the machine is slower than that.
    """
    begin = time.perf_counter() if start is None else start
    budget = Budget(begin + 0.9 * time_limit_s, WORK_PER_SECOND * 0.9 * time_limit_s)
    by_size = sorted(range(len(order.colours)), key=lambda c: (-sum(order.demand[c]), c))
    garments_left = sum(sum(row) for row in order.demand)
    plans: dict[int, list[RawLay]] = {}
    proven: dict[int, bool] = {}
    used: list[Ratio] = []
    for c in by_size:
        total = sum(order.demand[c])
        part = total / garments_left if garments_left else 0.0
        work = budget.work * part
        wall = time.perf_counter() + budget.seconds() * part
        garments_left -= total
        plans[c], proven[c], spent = _plan_colour(order, c, used, Budget(wall, work))
        budget = Budget(budget.deadline, budget.work - spent)
        for ratio, _ in plans[c]:
            if ratio not in used:
                used.append(ratio)
    return _assemble(order, plans, all(proven.values()), begin)


@dataclass(frozen=True, slots=True)
class Budget:
    deadline: float  # wall clock (perf_counter) at which every search stops
    work: float  # the solver's deterministic time left

    def seconds(self) -> float:
        return self.deadline - time.perf_counter()


def _plan_colour(
    order: FabricOrder, c: int, used: Sequence[Ratio], budget: Budget
) -> tuple[list[RawLay], bool, float]:
    """The lays of colour ``c``, whether their cost is proven least, and the solver's
    deterministic time spent."""
    if not any(order.demand[c]):
        return [], True, 0.0
    starts = [
        lays
        for lays in (
            greedy_cut(order, order.demand[c]),
            greedy_cut(order, order.demand[c], order.allowance(c)),
        )
        if lays is not None and _valid(order, c, lays)
    ]
    if not starts:
        lays, spent = _least_overcut(order, c, used, budget)
        return lays, False, spent
    best = min(starts, key=lambda lays: plan_cost(order, lays))
    best_cost = plan_cost(order, best)
    floor = _cost_floor(order, c)
    # Phase 1: models of 1, 2, ... lays in turn (each also holds the plans of fewer
    # lays) while each is solved to the end: the small ones take moments and prove the
    # count. A plan of k lays costs at least k x cost_per_lay + floor: no need to look
    # past the count where that reaches the best plan's cost (with ratios already in
    # use, a plan that only ties is still worth looking for). Then one model of a lay
    # more than the best plan, hinted with it, with the rest of the phase's budget.
    spent = 0.0
    phase_one = budget.work * PHASE_ONE_SHARE
    solved = 0  # every plan of at most this many lays was searched to the end
    slots = max(1, fewest_lays(order, c))
    tie = 1 + TIE if used else 1 - TIE

    def worth(k: int) -> bool:
        return k * order.cost_per_lay + floor < best_cost * tie

    while slots < len(best) + EXTRA_LAYS and solved == slots - 1 and worth(slots):
        work = (phase_one - spent) * PROOF_SHARE
        if work < MIN_WORK or budget.seconds() <= 0.01:
            break
        run = solve_colour(
            order,
            c,
            slots=slots,
            reference_cost=best_cost,
            hint=best if len(best) <= slots else (),
            preferred=used,
            work_limit=work,
            time_limit_s=budget.seconds(),
        )
        spent += run.work
        best, best_cost = _keep(order, c, run, best, used)
        if run.outcome in (Outcome.OPTIMAL, Outcome.INFEASIBLE):
            solved = slots
        slots += 1
    slots = len(best) + EXTRA_LAYS
    while slots > solved + 1 and not worth(slots):
        slots -= 1
    work = phase_one - spent
    if slots > solved and work >= MIN_WORK and budget.seconds() > 0.01:
        run = solve_colour(
            order,
            c,
            slots=slots,
            reference_cost=best_cost,
            hint=best if len(best) <= slots else (),
            preferred=used,
            work_limit=work,
            time_limit_s=budget.seconds(),
        )
        spent += run.work
        best, best_cost = _keep(order, c, run, best, used)
        if run.outcome in (Outcome.OPTIMAL, Outcome.INFEASIBLE):
            solved = slots  # a model solved to the end covers every plan of fewer lays
    proven = (solved + 1) * order.cost_per_lay + floor >= best_cost * (1 - TIE)
    if not proven:
        best, more = _improve(order, c, best, used, Budget(budget.deadline, budget.work - spent))
        spent += more
        proven = (solved + 1) * order.cost_per_lay + floor >= plan_cost(order, best) * (1 - TIE)
    return best, proven, spent


def _keep(
    order: FabricOrder, c: int, run: ColourRun, best: list[RawLay], used: Sequence[Ratio]
) -> tuple[list[RawLay], float]:
    """The run's plan when it is valid and better than ``best``, else ``best``."""
    lays = list(run.lays)
    found = run.outcome in (Outcome.OPTIMAL, Outcome.FEASIBLE) and _valid(order, c, lays)
    if found and _better(order, lays, best, used):
        best = lays
    return best, plan_cost(order, best)


def _improve(
    order: FabricOrder, c: int, lays: list[RawLay], used: Sequence[Ratio], budget: Budget
) -> tuple[list[RawLay], float]:
    """Phase 2, a large-neighbourhood search: keep all lays but two (then three), re-plan
    those with the model (fewer lays where it can), keep any cheaper plan and start
    again; stop when no neighbourhood improves or the budget is spent."""
    spent = 0.0
    size = 2
    while len(lays) >= 2:
        improved = False
        order_of = sorted(lays, key=lambda lay: (-lay[1], lay[0]))
        for subset in itertools.combinations(range(len(order_of)), min(size, len(order_of))):
            work = min(NEIGHBOURHOOD_WORK, budget.work - spent)
            if work < MIN_WORK or budget.seconds() <= 0.01:
                return lays, spent
            free = [order_of[i] for i in subset]
            fixed = [lay for i, lay in enumerate(order_of) if i not in subset]
            run = solve_colour(
                order,
                c,
                slots=len(free),
                reference_cost=plan_cost(order, free),
                hint=free,
                preferred=used,
                fixed=fixed,
                work_limit=work,
                time_limit_s=budget.seconds(),
            )
            spent += run.work
            if run.outcome in (Outcome.OPTIMAL, Outcome.FEASIBLE):
                candidate = fixed + list(run.lays)
                if _valid(order, c, candidate) and _better(order, candidate, lays, used):
                    lays = candidate
                    improved = True
                    break
        if improved:
            size = 2
        elif size < min(NEIGHBOURHOOD_LAYS, len(lays)):
            size += 1
        else:
            break
    return lays, spent


def _least_overcut(
    order: FabricOrder, c: int, used: Sequence[Ratio], budget: Budget
) -> tuple[list[RawLay], float]:
    """When no marker that fits the table cuts the order exactly: the least over-cut,
    then the least cost for it; one marker per size when the solver finds nothing."""
    fallback = per_size_lays(order, c)
    limit = overcut(order, c, fallback)
    slots = len(fallback)
    reference = plan_cost(order, fallback)
    run = solve_colour(
        order,
        c,
        slots=slots,
        reference_cost=reference,
        hint=fallback,
        max_overcut=limit,
        minimise_overcut=True,
        work_limit=budget.work / 2,
        time_limit_s=budget.seconds() / 2,
    )
    if not run.lays or not covers(order, c, run.lays):
        return fallback, run.work
    least = overcut(order, c, run.lays)
    second = solve_colour(
        order,
        c,
        slots=slots,
        reference_cost=reference,
        hint=run.lays,
        preferred=used,
        max_overcut=least,
        work_limit=budget.work - run.work,
        time_limit_s=budget.seconds(),
    )
    if second.lays and covers(order, c, second.lays):
        return list(second.lays), run.work + second.work
    return list(run.lays), run.work + second.work


def fewest_lays(order: FabricOrder, c: int) -> int:
    """No plan has fewer lays: each ply of a marker holds at most the table's area
    (or a known marker's garments)."""
    table = order.max_marker_length * order.area_per_mm
    for ratio, length in order.known.items():
        if length <= order.max_marker_length:
            table = max(table, sum(g * a for g, a in zip(ratio, order.areas, strict=True)))
    area = sum(q * a for q, a in zip(order.demand[c], order.areas, strict=True))
    return math.ceil(area / (table * order.max_plies) - 1e-9)


def _cost_floor(order: FabricOrder, c: int) -> float:
    """Money no plan of colour ``c`` can beat, apart from its lays: the garments at the
    best length per area of any marker, and the end allowance of the fewest plies."""
    per_area = 1 / order.area_per_mm
    for ratio, length in order.known.items():
        if length <= order.max_marker_length:
            area = sum(g * a for g, a in zip(ratio, order.areas, strict=True))
            per_area = min(per_area, length / area)
    demand = order.demand[c]
    area = sum(q * a for q, a in zip(demand, order.areas, strict=True))
    smallest = min(a for q, a in zip(demand, order.areas, strict=True) if q)
    most = max(
        [math.floor(order.max_marker_length * order.area_per_mm / smallest)]
        + [sum(r) for r in order.known]
    )
    min_plies = math.ceil(sum(demand) / most)
    length = area * per_area + min_plies * order.end_allowance
    return length / 1000 * order.fabric_cost_per_m


def _valid(order: FabricOrder, c: int, lays: Sequence[RawLay]) -> bool:
    return covers(order, c, lays) and overcut(order, c, lays) <= order.allowance(c)


def _better(
    order: FabricOrder, lays: Sequence[RawLay], best: Sequence[RawLay], used: Sequence[Ratio]
) -> bool:
    """Cheaper, or as cheap and reusing more of the ratios already in use."""
    new, old = plan_cost(order, lays), plan_cost(order, best)
    if new < old - TIE * max(1.0, old):
        return True
    if new > old + TIE * max(1.0, old):
        return False
    reuse = set(used)
    return sum(r in reuse for r, _ in lays) > sum(r in reuse for r, _ in best)


def _assemble(
    order: FabricOrder, plans: Mapping[int, Sequence[RawLay]], proven: bool, begin: float
) -> FabricPlan:
    colours = []
    markers: list[MarkerKey] = []
    for c, colour in enumerate(order.colours):
        lays = sorted(plans[c], key=lambda lay: (-lay[1], order.key(lay[0])))
        fabric_lays = []
        for ratio, plies in lays:
            length, estimated = order.marker_length(ratio)
            fabric_lays.append(
                FabricLay(
                    ratio={s: g for s, g in zip(order.sizes, ratio, strict=True) if g},
                    plies=plies,
                    marker_length=length,
                    estimated=estimated,
                    fabric_length=plies * (length + order.end_allowance),
                )
            )
            if order.key(ratio) not in markers:
                markers.append(order.key(ratio))
        cut_vector = [sum(r[i] * p for r, p in lays) for i in range(order.n_sizes)]
        index = {s: i for i, s in enumerate(order.sizes)}
        ordered = {s: order.demand[c][index[s]] for s in order.ordered_sizes[c]}
        cut = {s: cut_vector[index[s]] for s in order.ordered_sizes[c]}
        cut.update(
            {s: x for s, x in zip(order.sizes, cut_vector, strict=True) if x and s not in cut}
        )
        total = sum(ordered.values())
        over = sum(cut.values()) - total
        colours.append(
            ColourPlan(
                colour=colour,
                lays=tuple(fabric_lays),
                ordered=ordered,
                cut=cut,
                overcut_pct=100.0 * over / total if total else 0.0,
                fabric_length=sum(lay.fabric_length for lay in fabric_lays),
                within_allowance=over <= order.allowance(c),
            )
        )
    fabric_length = sum(p.fabric_length for p in colours)
    n_lays = sum(len(p.lays) for p in colours)
    fabric_cost = fabric_length / 1000 * order.fabric_cost_per_m
    lay_cost = n_lays * order.cost_per_lay
    bound = (
        sum(q * a for row in order.demand for q, a in zip(row, order.areas, strict=True))
        / order.area_per_mm
    )
    return FabricPlan(
        colours=tuple(colours),
        n_lays=n_lays,
        fabric_length=fabric_length,
        fabric_cost=fabric_cost,
        lay_cost=lay_cost,
        cost=fabric_cost + lay_cost,
        lower_bound_length=bound,
        lower_bound_lays=sum(fewest_lays(order, c) for c in range(len(order.colours))),
        within_allowance=all(p.within_allowance for p in colours),
        status="optimal" if proven else "feasible",
        runtime=time.perf_counter() - begin,
        markers=tuple(markers),
    )
