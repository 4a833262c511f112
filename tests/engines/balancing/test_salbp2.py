from __future__ import annotations

import pytest

from seamline.engines.balancing import Problem, solve_salbp2
from tests.engines.balancing.plans import assert_valid_plan


def test_chain_and_free_task_on_two_stations() -> None:
    times, arcs = [4, 4, 4, 2], [(1, 2), (2, 3)]

    plan = solve_salbp2(times, arcs, n_stations=2)

    assert plan.cycle_time == 8
    assert plan.lower_bound == 8
    assert plan.proven_optimal
    assert plan.problem is Problem.SALBP2
    assert (plan.objective, plan.bound, plan.gap) == (8, 8, 0.0)
    assert plan.n_stations == 2
    assert_valid_plan(plan, times, arcs, 8)


def test_independent_tasks_on_three_stations() -> None:
    times = [5, 4, 3, 3, 2, 1]

    plan = solve_salbp2(times, [], n_stations=3)

    assert plan.cycle_time == 6
    assert plan.proven_optimal
    assert plan.n_stations == 3


def test_more_stations_than_tasks_leaves_stations_empty() -> None:
    plan = solve_salbp2([2, 3], [(1, 2)], n_stations=4)

    assert plan.cycle_time == 3
    assert plan.n_stations == 4
    assert sum(1 for s in plan.stations if s) == 2
    assert plan.proven_optimal


def test_plan_is_split_to_the_requested_number_of_stations() -> None:
    # one station at c = 10 would do for 3 stations' bound of 10; the plan uses all 3
    times = [10, 1, 1, 1]

    plan = solve_salbp2(times, [(1, 2), (2, 3), (3, 4)], n_stations=3)

    assert plan.cycle_time == 10
    assert plan.n_stations == 3
    assert all(plan.stations)


def test_rejects_zero_stations() -> None:
    with pytest.raises(ValueError, match="positive"):
        solve_salbp2([1], [], n_stations=0)
