"""Solve an allocation problem: :func:`allocate`."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from seamline.engines.allocation.bound import ColumnLP
from seamline.engines.allocation.data import AllocationProblem, Mode
from seamline.engines.allocation.explain import assignments, explanations
from seamline.engines.allocation.model import Prepared, Stage, free_minutes, prepare, solve_mip
from seamline.engines.allocation.repair import (
    Plan,
    fill,
    greedy,
    improve,
    place_remainders,
    repair,
)
from seamline.engines.allocation.result import AllocationResult, Status

# Up to this many eligible pairs the MIP covers them all (and its bound counts).
FULL_MIP_PAIRS = 20_000

# Fair mode keeps the highest utilisation within this much (0.002 = 0.2 points) of
# the fairest plan found while it minimises the cost.
FAIR_TOLERANCE = 0.002
# At scale the fairest peak comes from the relaxation, whose integer rounding needs room:
# the cost is minimised with the peak within this much of it.
FAIR_LP_TOLERANCE = 0.02


def allocate(
    problem: AllocationProblem, *, time_limit_s: float = 10.0, gap: float = 1e-3
) -> AllocationResult:
    """Split ``problem``'s lines among its factories; see the package docstring.

    The LP relaxation over the eligible pairs (HiGHS, column generation) gives the
    proven bound; its rounding, repaired and improved, the plan. While the gap is above
    ``gap`` (relative) and time is left, a HiGHS MIP started from that plan looks for a
    better one. Every plan goes through the repair, so an infeasible plan is never
    returned, also when the time limit stops a solver. Fair mode then minimises the
    highest utilisation and the cost within ``FAIR_TOLERANCE`` of it. Raises
    ``ValueError`` on bad input.
    """
    if time_limit_s <= 0:
        raise ValueError(f"time_limit_s must be positive, got {time_limit_s!r}")
    start = time.perf_counter()

    reserve = min(1.5, 0.15 * time_limit_s)  # for the last repair and the reasons

    def remaining(share: float = 1.0) -> float:
        return max(0.05, (time_limit_s - (time.perf_counter() - start) - reserve) * share)

    prep = prepare(problem)
    spread = False  # fair mode's stages ran (too little time: the least-cost plan)
    bound = _cheapest_pair_bound(prep)
    plan = greedy(prep)
    if prep.pairs:
        fair = problem.mode is Mode.FAIR
        lp = ColumnLP(prep, [j for j, q in enumerate(plan.x) if q], fair=fair)
        plan, bound = _least_cost(prep, lp, plan, bound, remaining, gap)
        spread = fair and time_limit_s - (time.perf_counter() - start) > 2 * reserve
        if spread:
            plan, bound = _fair(prep, lp, plan, bound, remaining, gap)
    objective = plan.cost()
    bound = min(bound, objective)
    placed = assignments(plan)
    if not placed:
        status = Status.EMPTY
    elif objective - bound <= 1e-6 * max(1.0, abs(objective)):
        status = Status.OPTIMAL
    else:
        status = Status.FEASIBLE
    lines = problem.lines
    return AllocationResult(
        assignments=placed,
        unplaced={lines[li].key: left for li, left in enumerate(plan.left) if left > 0},
        objective=objective,
        bound=bound,
        status=status,
        runtime_s=time.perf_counter() - start,
        explanations=explanations(plan, fair=spread),
    )


def _least_cost(
    prep: Prepared,
    lp: ColumnLP,
    plan: Plan,
    bound: float,
    remaining: Callable[[float], float],
    gap: float,
) -> tuple[Plan, float]:
    """The LP relaxation (its value is the bound, its rounding a plan), then, while the
    gap is above ``gap``, the MIP started from that plan: over every pair when the
    model is small (its bound counts too), else over the relaxation's and the plan's."""
    relaxed = lp.solve(remaining(0.6))
    if relaxed.bound is not None:
        bound = max(bound, relaxed.bound)
        rounded = repair(prep, relaxed.quantities)
        if rounded.cost() < plan.cost():
            plan = rounded
    full = len(prep.pairs) <= FULL_MIP_PAIRS
    if _gap(plan.cost(), bound) <= gap or (lp.fair and not full):
        return plan, bound  # (fair mode at scale leaves the time to its own stages)
    subset = None if full else sorted(set(relaxed.support) | {j for j, q in enumerate(plan.x) if q})
    run = solve_mip(
        prep, Stage(), time_limit_s=remaining(1.0), gap=gap, start=plan.x, subset=subset
    )
    if run.quantities is not None:
        repaired = repair(prep, run.quantities)
        if repaired.cost() < plan.cost():
            plan = repaired
    if full and run.bound is not None:
        bound = max(bound, run.bound)
    return plan, bound


def _gap(objective: float, bound: float) -> float:
    return max(0.0, (objective - bound) / objective) if objective > 0 else 0.0


def _cheapest_pair_bound(prep: Prepared) -> float:
    """Each garment at its line's cheapest pair (or unplaced): capacity ignored."""
    total = 0.0
    for li, line in enumerate(prep.problem.lines):
        cheapest = min((prep.pairs[j].per_garment for j in prep.by_line[li]), default=math.inf)
        total += line.quantity * min(cheapest, prep.unplaced_cost[li])
    return total


def peak(plan: Plan) -> float:
    """The highest utilisation among the factories that could get work."""
    prep = plan.prep
    return max(
        (plan.used[fi] / free_minutes(prep, fi) for fi, js in enumerate(prep.by_factory) if js),
        default=0.0,
    )


def _fair(
    prep: Prepared,
    lp: ColumnLP,
    cost_plan: Plan,
    cost_bound: float,
    remaining: Callable[[float], float],
    gap: float,
) -> tuple[Plan, float]:
    """Place as much as the cost plan, as evenly as possible, then at least cost.

    Small models: MIP stages; large ones: the same stages on the LP relaxation, then
    rounded within the peak. Returns the plan and a proven bound on its cost: the least
    cost of the relaxation among plans no less fair than it (else the plain cost bound).
    """
    if len(prep.pairs) <= FULL_MIP_PAIRS:
        return _fair_mip(prep, cost_plan, cost_bound, remaining, gap)
    unplaced = cost_plan.unplaced_minutes()
    lp.minimise_peak()
    even = lp.solve(remaining(0.6))
    if even.value is None:
        return cost_plan, cost_bound
    cap = even.value + FAIR_LP_TOLERANCE
    lp.minimise_cost(max_peak=cap)
    cheap = lp.solve(remaining(0.5))  # (the rest: the rounding and the last bound)
    quantities = cheap.quantities if cheap.value is not None else even.quantities
    plan = repair(prep, quantities, _limits(prep, cap))
    # Rounding within a cap the relaxation fills to the brim leaves garments over:
    # placing every garment the cost plan placed comes before fairness, so the cap is
    # raised step by step until they fit.
    for extra in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5):
        if plan.unplaced_minutes() <= unplaced + 1e-6:
            break
        plan.limit = _limits(prep, cap + extra)
        fill(plan)
        place_remainders(plan)
    if plan.unplaced_minutes() > unplaced + 1e-6:
        plan.limit = None
        fill(plan)
        place_remainders(plan)
    if plan.unplaced_minutes() > unplaced + 1e-6:
        return cost_plan, cost_bound
    improve(plan)
    # The bound: the least cost of any plan as fair as this one (its own peak).
    reached = peak(plan)
    if reached > cap + 1e-9:
        lp.minimise_cost(max_peak=reached + 1e-9)
        cheap = lp.solve(remaining(1.0))
    if cheap.value is not None and cheap.bound is not None:
        return plan, max(cost_bound, cheap.bound)
    return plan, cost_bound


def _fair_mip(
    prep: Prepared,
    cost_plan: Plan,
    cost_bound: float,
    remaining: Callable[[float], float],
    gap: float,
) -> tuple[Plan, float]:
    """Fair mode by MIP stages, each started from the previous stage's plan (feasible
    for it, so a stage that finds nothing better leaves the plan as it was)."""
    unplaced = cost_plan.unplaced_minutes()
    run = solve_mip(
        prep,
        Stage("peak", max_unplaced_minutes=unplaced),
        time_limit_s=remaining(0.5),
        gap=max(gap, 0.01),
        start=cost_plan.x,
    )
    even = cost_plan
    if run.quantities is not None:
        raw_peak = max(
            sum(run.quantities[j] * prep.pairs[j].smv for j in js) / free_minutes(prep, fi)
            for fi, js in enumerate(prep.by_factory)
            if js
        )
        repaired = repair(prep, run.quantities, _limits(prep, raw_peak + 1e-9))
        if repaired.unplaced_minutes() <= unplaced + 1e-6 and peak(repaired) < peak(even):
            even = repaired
    cap = peak(even) + FAIR_TOLERANCE
    run = solve_mip(
        prep,
        Stage("cost", max_unplaced_minutes=unplaced, max_peak=cap),
        time_limit_s=remaining(1.0),
        gap=gap,
        start=even.x,
    )
    plan, bound = even, -math.inf
    if run.quantities is not None:
        repaired = repair(prep, run.quantities, _limits(prep, cap))
        if (
            repaired.unplaced_minutes() <= unplaced + 1e-6
            and peak(repaired) <= cap + 1e-9
            and repaired.cost() < even.cost()
        ):
            plan = repaired
    if run.bound is not None:
        bound = run.bound
    # The unconstrained cost bound is lower still, hence also valid.
    return plan, max(bound, min(cost_bound, cost_plan.cost()))


def _limits(prep: Prepared, utilisation: float) -> list[float]:
    return [
        utilisation * free_minutes(prep, fi) if js else 0.0 for fi, js in enumerate(prep.by_factory)
    ]
