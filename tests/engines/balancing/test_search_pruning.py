"""The station search's pruning on random small lines: the load enumeration (subset-sum
check on cached sums, with the tasks that may still join) drops no maximal load that
reaches the minimum load, and the exact search still answers "fits in m stations?" like
a brute force, on both directions of the line."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seamline.engines.balancing.data import LineData
from seamline.engines.balancing.feasibility import CycleTimeCheck
from seamline.engines.balancing.search import StationSearch
from tests.engines.balancing.plans import brute_force_stations

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def lines(draw: st.DrawFn) -> tuple[list[int], list[tuple[int, int]]]:
    """Up to 8 tasks; times from a few values, so that many loads are equally full."""
    n = draw(st.integers(min_value=1, max_value=8))
    times = draw(st.lists(st.sampled_from([2, 3, 3, 5, 5, 7, 8]), min_size=n, max_size=n))
    pairs = [(a, b) for a in range(1, n + 1) for b in range(a + 1, n + 1)]
    arcs = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=8)) if pairs else []
    return times, arcs


def brute_maximal_loads(search: StationSearch, min_load: int) -> set[tuple[int, ...]]:
    """Every first-station load: predecessor-closed, fits, no available task fits besides,
    at least min_load."""
    graph, times, c = search.graph, search.times, search.c
    out: set[tuple[int, ...]] = set()
    for s in range(1, 1 << graph.n):
        members = [j for j in range(graph.n) if s >> j & 1]
        load = sum(times[j] for j in members)
        if load > c or load < min_load or any(graph.pred_all[j] & ~s for j in members):
            continue
        addable = [
            j
            for j in range(graph.n)
            if not s >> j & 1 and not graph.preds[j] & ~s and load + times[j] <= c
        ]
        if not addable:
            out.add(tuple(members))
    return out


@SETTINGS
@given(
    line=lines(),
    slack=st.integers(min_value=0, max_value=10),
    short=st.integers(min_value=0, max_value=12),
)
def test_load_enumeration_drops_no_load_within_reach(
    line: tuple[list[int], list[tuple[int, int]]], slack: int, short: int
) -> None:
    times, arcs = line
    c = max(times) + slack
    for side in CycleTimeCheck(LineData.build(times, arcs), c).sides:
        search = side.search
        search.deadline = time.monotonic() + 10
        min_load = max(0, c - short)

        found = {
            entry[1]
            for entry in search.maximal_loads(0, search.first, min_load)
            if entry is not None
        }

        assert found == brute_maximal_loads(search, min_load)


@SETTINGS
@given(line=lines(), slack=st.integers(min_value=0, max_value=10))
def test_exact_search_agrees_with_brute_force(
    line: tuple[list[int], list[tuple[int, int]]], slack: int
) -> None:
    times, arcs = line
    c = max(times) + slack
    optimum = brute_force_stations(times, arcs, c)
    check = CycleTimeCheck(LineData.build(times, arcs), c)
    for side in check.sides:
        loads = side.search.run(optimum, time.monotonic() + 10)
        assert loads is not None
        plan = side.plan(loads)
        assert len(plan) <= optimum
        assert sorted(j for s in plan for j in s) == list(range(1, len(times) + 1))
        assert max(sum(times[j - 1] for j in s) for s in plan) <= c
        station = {j: k for k, s in enumerate(plan) for j in s}
        assert all(station[a] <= station[b] for a, b in arcs)
        if optimum > 1:
            assert side.search.run(optimum - 1, time.monotonic() + 10) is None
