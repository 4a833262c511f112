"""SALBP-2: the shortest cycle time for a given number of stations."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from seamline.engines.balancing.bounds import cycle_time_lower_bound, two_way_lower_bound
from seamline.engines.balancing.data import LineData
from seamline.engines.balancing.feasibility import (
    CycleTimeCheck,
    Plan,
    Undecided,
    greedy_plan,
    line_graphs,
    search_deadline,
)
from seamline.engines.balancing.graph import Graph
from seamline.engines.balancing.result import LineBalance, Problem


def _fits_bound(graphs: tuple[Graph, Graph], c: int, m: int) -> bool:
    """The (monotone) stations bounds at cycle time c allow m stations."""
    return two_way_lower_bound(graphs[0], graphs[1], graphs[0].times, c) <= m


def _first_allowed(graphs: tuple[Graph, Graph], lo: int, hi: int, m: int) -> int:
    """Smallest c in [lo, hi] whose stations bounds allow m stations (hi allows)."""
    while lo < hi:
        mid = (lo + hi) // 2
        if _fits_bound(graphs, mid, m):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _greedy_upper(graphs: tuple[Graph, Graph], lo: int, hi: int, m: int) -> Plan:
    """Binary search the cycle time at which the priority rules need at most m stations."""
    best = greedy_plan(graphs, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        plan = greedy_plan(graphs, mid)
        if len(plan) <= m:
            best, hi = plan, mid
        else:
            lo = mid + 1
    return best


def _split_to(stations: Plan, m: int, times: Sequence[int]) -> Plan:
    """Exactly m stations: split the busiest splittable station (no station gets
    busier), then pad with empty stations if there are fewer tasks than stations."""
    plan = [list(s) for s in stations]
    while len(plan) < m:
        splittable = [i for i, s in enumerate(plan) if len(s) > 1]
        if not splittable:
            plan.extend([] for _ in range(m - len(plan)))
            break
        i = max(splittable, key=lambda k: sum(times[j - 1] for j in plan[k]))
        s = plan[i]
        total, run, cut = sum(times[j - 1] for j in s), 0, 1
        for pos, j in enumerate(s[:-1], start=1):
            run += times[j - 1]
            cut = pos
            if 2 * run >= total:
                break
        plan[i : i + 1] = [s[:cut], s[cut:]]
    return plan


def _max_load(plan: Plan, times: Sequence[int]) -> int:
    return max((sum(times[j - 1] for j in s) for s in plan), default=0)


def balance_for_stations(
    data: LineData, n_stations: int, *, time_limit: float = 10.0
) -> LineBalance:
    """Minimum cycle time for the number of stations (SALBP-2).

    Bounds on the cycle time, a greedy plan (binary search over cycle times) for an
    upper bound, then the SALBP-1 question "fits in m stations?" by bisection between the
    bounds (monotone: a plan for c is a plan for c + 1). A probe that times out leaves the
    proven bound where it is and the bisection goes on above it.
    """
    start = time.monotonic()
    deadline = search_deadline(start, time_limit)
    m = n_stations
    if m <= 0:
        raise ValueError("the number of stations must be positive")
    t = data.task_times
    if data.n_tasks == 0 or sum(t) == 0:
        plan = _split_to([list(range(1, data.n_tasks + 1))] if data.n_tasks else [], m, t)
        return _result(data, plan, 0, start)
    graphs = line_graphs(data)
    lb = cycle_time_lower_bound(t, m)
    best = _greedy_upper(graphs, lb, max(lb, sum(t)), m)
    ub = _max_load(best, t)
    lb = _first_allowed(graphs, lb, ub, m)
    # bisection between the proven bound lo and the best plan's cycle time ub; a probe
    # that times out moves the probing window up without moving the proven bound
    lo = lb
    probe = lo
    checks: dict[int, CycleTimeCheck] = {}  # kept: their memories and budgets carry over
    while lo < ub and time.monotonic() < deadline:
        if probe >= ub:
            probe = lo  # every probe above lo timed out: go round again with more time
        c = (probe + ub) // 2 if ub - probe > 2 else probe
        check = checks.get(c) or checks.setdefault(c, CycleTimeCheck(data, c, graphs))
        share = max(0.05, (deadline - time.monotonic()) / 3)
        outcome = check.fits(m, min(deadline, time.monotonic() + share))
        if isinstance(outcome, Undecided):
            probe = c + 1
        elif outcome is None:
            lo = probe = max(lo, c + 1)
        else:
            best, ub = outcome, _max_load(outcome, t)
    bound = min(lo, ub)
    return _result(data, _split_to(best, m, t), bound, start)


def _result(data: LineData, plan: Plan, lb: int, start: float) -> LineBalance:
    t = data.task_times
    loads = tuple(sum(t[j - 1] for j in s) for s in plan)
    c = max(loads, default=0)
    return LineBalance(
        stations=tuple(tuple(s) for s in plan),
        n_stations=len(plan),
        cycle_time=c,
        lower_bound=min(lb, c),
        proven_optimal=lb >= c,
        station_times=loads,
        runtime=time.monotonic() - start,
        problem=Problem.SALBP2,
    )


def solve_salbp2(
    task_times: Sequence[int],
    precedences: Iterable[tuple[int, int]],
    n_stations: int,
    time_limit_s: float = 10.0,
) -> LineBalance:
    """Minimum cycle time for a number of stations; tasks numbered 1..n."""
    return balance_for_stations(
        LineData.build(task_times, precedences), n_stations, time_limit=time_limit_s
    )
