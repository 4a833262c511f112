from __future__ import annotations

import pytest

from seamline.engines.balancing import Status, solve_salbp1
from tests.engines.balancing.plans import assert_valid_plan

CHAIN_AND_FREE = ([4, 4, 4, 2], [(1, 2), (2, 3)])


def test_chain_of_three_fills_two_stations() -> None:
    plan = solve_salbp1([3, 3, 3], [(1, 2), (2, 3)], cycle_time=6)

    assert plan.stations == ((1, 2), (3,))
    assert plan.n_stations == 2
    assert plan.lower_bound == 2
    assert plan.proven_optimal
    assert plan.status is Status.OPTIMAL
    assert (plan.objective, plan.bound) == (2, 2)


def test_independent_tasks_pack_like_bins() -> None:
    times = [5, 4, 3, 3, 2, 1]

    plan = solve_salbp1(times, [], cycle_time=6)

    assert plan.n_stations == 3
    assert plan.proven_optimal
    assert_valid_plan(plan, times, [], 6)


def test_precedence_forces_a_station_beyond_the_time_bound() -> None:
    # sum 14 at c = 7 suggests 2 stations, but the chain 4 -> 4 -> 4 needs 3
    times, arcs = CHAIN_AND_FREE

    plan = solve_salbp1(times, arcs, cycle_time=7)

    assert plan.n_stations == 3
    assert plan.lower_bound == 3
    assert plan.cycle_time == 7
    assert_valid_plan(plan, times, arcs, 7)


def test_task_longer_than_cycle_time_is_rejected() -> None:
    with pytest.raises(ValueError, match="longer than the cycle time"):
        solve_salbp1([3, 9], [], cycle_time=8)


def test_empty_line_needs_no_station() -> None:
    plan = solve_salbp1([], [], cycle_time=5)

    assert plan.stations == ()
    assert plan.n_stations == 0
    assert plan.proven_optimal
