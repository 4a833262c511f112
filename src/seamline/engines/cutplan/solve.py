"""Entry points: :func:`plan_lays` (the cutting master's form) and :func:`solve`."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence

from seamline.engines.cutplan.data import CutOrder
from seamline.engines.cutplan.heuristics import greedy_lays, lay_lower_bound, targets
from seamline.engines.cutplan.model import Outcome, RawLay, solve_with_lays
from seamline.engines.cutplan.result import CutPlan, Lay, Status


def plan_lays(
    quantities: Mapping[str, int],
    *,
    max_plies: int,
    max_garments_per_marker: int,
    tolerance_pct: float,
    even_plies: bool = False,
    time_limit_s: float = 10,
) -> CutPlan:
    """Plan the lays of one colour: fewest lays first, then least over-cut.

    ``quantities`` maps each size to the pieces ordered; the cut of each size stays
    within +/- ``tolerance_pct`` percent of it. Raises ``ValueError`` on bad input.
    """
    order = CutOrder.build(
        quantities,
        max_plies=max_plies,
        max_garments_per_marker=max_garments_per_marker,
        tolerance_pct=tolerance_pct,
        even_plies=even_plies,
    )
    return solve(order, time_limit_s=time_limit_s)


def solve(
    order: CutOrder, *, time_limit_s: float = 10, seed: int = 0, workers: int | None = None
) -> CutPlan:
    """Plan ``order`` within ``time_limit_s``: fewest lays, least over-cut, least shortfall.

    Starts from the cutting master's greedy plan and the bound "garments per marker x
    plies per lay"; CP-SAT proves small lay counts impossible (raising the bound) and
    finds plans with fewer lays. The lay count is proven minimal when it meets the
    bound. ``workers`` CP-SAT threads (default: the CPUs, at most 8); one worker with a
    fixed ``seed`` gives repeatable plans.
    """
    if time_limit_s <= 0:
        raise ValueError(f"time_limit_s must be positive, got {time_limit_s!r}")
    start = time.perf_counter()
    n_workers = workers if workers is not None else min(8, os.cpu_count() or 1)

    def remaining() -> float:
        return time_limit_s - (time.perf_counter() - start)

    target = targets(order)
    bands = [order.feasible_band(i) for i in range(order.n_sizes)]
    lower_bound = lay_lower_bound(order)
    best: tuple[RawLay, ...] = tuple(greedy_lays(order, target))
    if not best:
        return _plan(order, (), lower_bound=0, proven=True, status=Status.OPTIMAL, start=start)

    # Phase 1: the fewest lays. Prove the small counts impossible while that is quick;
    # then one model with a slot per lay of the best plan drops as many lays as it can;
    # then the counts below the best plan are tried in turn, each time with a fresh
    # seed, until the bound is met or the time runs short.
    def attempt(k: int, share: float, run_seed: int = seed) -> Outcome:
        nonlocal best, lower_bound
        run = solve_with_lays(
            order,
            bands,
            k,
            optimise=False,
            time_limit_s=remaining() * share,
            seed=run_seed,
            workers=n_workers,
        )
        if run.outcome is Outcome.INFEASIBLE and lower_bound == k:
            lower_bound = k + 1
        elif run.outcome is Outcome.OPTIMAL:
            best = run.lays
        return run.outcome

    while lower_bound < len(best) and remaining() > 0:
        if attempt(lower_bound, 0.2) is not Outcome.INFEASIBLE:
            break
    if len(best) > lower_bound and remaining() > 0:
        run = solve_with_lays(
            order,
            bands,
            len(best),
            optimise=False,
            fewest=True,
            lower_bound=lower_bound,
            time_limit_s=remaining() * 0.5,
            seed=seed,
            workers=n_workers,
            hint=best,
        )
        if run.lays and len(run.lays) < len(best):
            best = run.lays
        if run.outcome is not Outcome.UNKNOWN:
            lower_bound = max(lower_bound, run.bound)
    reserve = 0.1 * time_limit_s  # for the over-cut
    retries = 0
    while lower_bound < len(best) and remaining() > reserve:
        gap = len(best) - lower_bound
        attempt(len(best) - 1 - retries % gap, 0.5, seed + retries)
        retries += 1
    proven = len(best) <= lower_bound

    # Phase 2: the least over-cut for that many lays; then, briefly, the least
    # shortfall for that over-cut.
    overcut_optimal = False
    if remaining() > 0:
        run = solve_with_lays(
            order,
            bands,
            len(best),
            optimise=True,
            time_limit_s=remaining(),
            seed=seed,
            workers=n_workers,
            hint=best,
        )
        if run.lays and _score(order, run.lays) <= _score(order, best):
            best = run.lays
        overcut_optimal = run.outcome is Outcome.OPTIMAL
    if overcut_optimal and _score(order, best)[2] > 0 and remaining() > 0:
        run = solve_with_lays(
            order,
            bands,
            len(best),
            optimise=True,
            max_overcut=_score(order, best)[1],
            time_limit_s=min(remaining(), max(0.5, 0.1 * time_limit_s)),
            seed=seed,
            workers=n_workers,
            hint=best,
        )
        if run.lays and _score(order, run.lays) <= _score(order, best):
            best = run.lays
    status = Status.OPTIMAL if proven and overcut_optimal else Status.FEASIBLE
    return _plan(order, best, lower_bound=lower_bound, proven=proven, status=status, start=start)


def _cut(order: CutOrder, lays: Sequence[RawLay]) -> list[int]:
    return [sum(r[i] * p for r, p in lays) for i in range(order.n_sizes)]


def _score(order: CutOrder, lays: Sequence[RawLay]) -> tuple[int, int, int]:
    cut = _cut(order, lays)
    pairs = list(zip(cut, order.quantities, strict=True))
    over = sum(max(0, c - q) for c, q in pairs)
    short = sum(max(0, q - c) for c, q in pairs)
    return len(lays), over, short


def _plan(
    order: CutOrder,
    lays: Sequence[RawLay],
    *,
    lower_bound: int,
    proven: bool,
    status: Status,
    start: float,
) -> CutPlan:
    ordered_lays = sorted(lays, key=lambda lay: (-lay[1], [-r for r in lay[0]]))
    cut = _cut(order, ordered_lays)
    _, over, _ = _score(order, ordered_lays)
    return CutPlan(
        lays=tuple(
            Lay(ratio=dict(zip(order.sizes, r, strict=True)), plies=p) for r, p in ordered_lays
        ),
        cut=dict(zip(order.sizes, cut, strict=True)),
        ordered=dict(zip(order.sizes, order.quantities, strict=True)),
        overcut_pct=100.0 * over / order.total if order.total else 0.0,
        n_lays=len(ordered_lays),
        lay_count_proven_minimal=proven,
        lower_bound=min(lower_bound, len(ordered_lays)),
        status=status,
        runtime=time.perf_counter() - start,
    )
