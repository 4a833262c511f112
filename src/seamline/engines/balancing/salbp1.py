"""SALBP-1: the fewest stations for a given cycle time."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from seamline.engines.balancing.companion import SideSearch
from seamline.engines.balancing.data import LineData
from seamline.engines.balancing.feasibility import CycleTimeCheck, Plan, Undecided, search_deadline
from seamline.engines.balancing.result import LineBalance


def balance_for_cycle_time(
    data: LineData, cycle_time: int, *, time_limit: float = 10.0, workers: int = 1
) -> LineBalance:
    """Minimum number of stations for the cycle time (SALBP-1).

    Bounds first (LB1-LB3 and head/tail bounds on incremented task times), greedy
    priority-rule plans for an upper bound, then alternately a beam search for a plan
    with one station less and the exact search at the lower bound, on the line and on
    the reversed line, with doubling budgets, until the bounds meet or time runs out.
    Each exact search goes on where its last budget stopped it. With two workers, a
    second process runs the exact search of the direction whose first station admits
    fewer loads once a first round has not settled the question, and this one the rest.
    """
    start = time.monotonic()
    deadline = search_deadline(start, time_limit)
    c = cycle_time
    if c <= 0:
        raise ValueError("the cycle time must be positive")
    if data.n_tasks and max(data.task_times) > c:
        raise ValueError("a task is longer than the cycle time")
    if data.n_tasks == 0:
        return LineBalance((), 0, c, 0, True, (), time.monotonic() - start)
    check = CycleTimeCheck(data, c)
    lb = check.lower_bound
    best = check.greedy_plan()
    helper: SideSearch | None = None
    try:
        while lb < len(best) and time.monotonic() < deadline:
            best = check.beam(len(best) - 1, deadline) or best
            if lb >= len(best):
                break
            outcome = check.exact(lb, deadline, skip=helper.side if helper else None)
            if isinstance(outcome, Undecided) and helper is not None:
                outcome = helper.outcome()  # read after the search it may have cut short
            if outcome is None:
                lb += 1
            elif isinstance(outcome, Undecided):
                check.grow()
            else:
                best = outcome
            if helper is not None and (helper.done() or helper.m != lb):
                _stop_helper(check, helper)
                helper = None
            if workers > 1 and helper is None and isinstance(outcome, Undecided):
                helper = _start_helper(data, check, lb, deadline)
    finally:
        if helper is not None:
            _stop_helper(check, helper)
    return plan_result(data, best, c, min(lb, len(best)), True, start)


def _start_helper(data: LineData, check: CycleTimeCheck, m: int, deadline: float) -> SideSearch:
    """The exact search for m stations on the narrower side, in a second process; the
    searches here pause as soon as it answers."""
    helper = SideSearch(data, check.c, check.narrow_side(m), m, deadline - time.monotonic())
    check.interrupt_on(helper.done)
    return helper


def _stop_helper(check: CycleTimeCheck, helper: SideSearch) -> None:
    """End the second process; the searches here pause at their deadlines only again."""
    helper.stop()
    check.interrupt_on(None)


def plan_result(
    data: LineData, stations: Plan, c: int, lb: int, stations_objective: bool, start: float
) -> LineBalance:
    """Package a plan; the objective is the station count or the cycle time."""
    t = data.task_times
    loads = tuple(sum(t[j - 1] for j in s) for s in stations)
    objective = len(stations) if stations_objective else c
    return LineBalance(
        stations=tuple(tuple(s) for s in stations),
        n_stations=len(stations),
        cycle_time=c,
        lower_bound=min(lb, objective),
        proven_optimal=lb >= objective,
        station_times=loads,
        runtime=time.monotonic() - start,
    )


def solve_salbp1(
    task_times: Sequence[int],
    precedences: Iterable[tuple[int, int]],
    cycle_time: int,
    time_limit_s: float = 10.0,
    *,
    workers: int = 1,
) -> LineBalance:
    """Minimum number of stations for a cycle time; tasks numbered 1..n. With
    ``workers=2`` the exact search also runs in a second process (a second core)."""
    return balance_for_cycle_time(
        LineData.build(task_times, precedences),
        cycle_time,
        time_limit=time_limit_s,
        workers=workers,
    )
