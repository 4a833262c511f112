"""Property tests on random small lines, against a brute-force optimum."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seamline.engines.balancing import solve_salbp1, solve_salbp2
from seamline.engines.balancing.data import LineData
from seamline.engines.balancing.feasibility import CycleTimeCheck
from tests.engines.balancing.plans import (
    assert_valid_plan,
    brute_force_cycle_time,
    brute_force_stations,
)


@st.composite
def lines(draw: st.DrawFn) -> tuple[list[int], list[tuple[int, int]]]:
    n = draw(st.integers(min_value=1, max_value=7))
    times = draw(st.lists(st.integers(min_value=1, max_value=12), min_size=n, max_size=n))
    pairs = [(a, b) for a in range(1, n + 1) for b in range(a + 1, n + 1)]
    arcs = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    return times, arcs


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(line=lines(), slack=st.integers(min_value=0, max_value=15))
def test_salbp1_plan_is_feasible_and_optimal(
    line: tuple[list[int], list[tuple[int, int]]], slack: int
) -> None:
    times, arcs = line
    c = max(times) + slack

    plan = solve_salbp1(times, arcs, c, time_limit_s=5)

    assert_valid_plan(plan, times, arcs, c)
    assert plan.lower_bound <= plan.n_stations
    assert plan.proven_optimal
    assert plan.n_stations == brute_force_stations(times, arcs, c)


@SETTINGS
@given(line=lines(), m=st.integers(min_value=1, max_value=5))
def test_salbp2_plan_is_feasible_and_optimal(
    line: tuple[list[int], list[tuple[int, int]]], m: int
) -> None:
    times, arcs = line

    plan = solve_salbp2(times, arcs, m, time_limit_s=5)

    assert_valid_plan(plan, times, arcs, plan.cycle_time)
    assert plan.n_stations == m
    assert plan.lower_bound <= plan.cycle_time
    assert plan.proven_optimal
    assert plan.cycle_time == brute_force_cycle_time(times, arcs, m)


@SETTINGS
@given(
    line=lines(),
    slack=st.integers(min_value=0, max_value=15),
    width=st.sampled_from([8, 32, 64]),
)
def test_wide_beam_plans_are_feasible(
    line: tuple[list[int], list[tuple[int, int]]], slack: int, width: int
) -> None:
    times, arcs = line
    c = max(times) + slack
    check = CycleTimeCheck(LineData.build(times, arcs), c)
    check.width = width
    stations = check.beam(len(times), time.monotonic() + 5)

    assert stations is not None
    loads = [sum(times[j - 1] for j in s) for s in stations]
    assert max(loads) <= c
    assert sorted(j for s in stations for j in s) == list(range(1, len(times) + 1))
    position = {j: (k, p) for k, s in enumerate(stations) for p, j in enumerate(s)}
    for a, b in arcs:
        assert position[a] < position[b]
