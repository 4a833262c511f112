"""Checks and brute-force optima for small instances."""

from __future__ import annotations

from collections.abc import Sequence

from seamline.engines.balancing import LineBalance


def assert_valid_plan(
    plan: LineBalance,
    times: Sequence[int],
    precedences: Sequence[tuple[int, int]],
    cycle_time: int,
) -> None:
    """Every task once, precedence respected across and within stations, loads fit."""
    position: dict[int, tuple[int, int]] = {}
    for k, station in enumerate(plan.stations):
        for p, task in enumerate(station):
            assert task not in position, f"task {task} appears twice"
            position[task] = (k, p)
    assert sorted(position) == list(range(1, len(times) + 1))
    for a, b in precedences:
        assert position[a] < position[b], f"({a}, {b}) violated"
    loads = [sum(times[j - 1] for j in s) for s in plan.stations]
    assert list(plan.station_times) == loads
    assert max(loads, default=0) <= cycle_time
    assert plan.n_stations == len(plan.stations)


def _closed_sets(n: int, precedences: Sequence[tuple[int, int]]) -> list[int]:
    preds = [0] * n
    for a, b in precedences:
        preds[b - 1] |= 1 << (a - 1)
    return [
        s
        for s in range(1 << n)
        if all(not (s >> j) & 1 or preds[j] & s == preds[j] for j in range(n))
    ]


def brute_force_stations(
    times: Sequence[int], precedences: Sequence[tuple[int, int]], c: int
) -> int:
    """Fewest stations: shortest path over predecessor-closed task sets."""
    n = len(times)
    closed = _closed_sets(n, precedences)
    load = {s: sum(times[j] for j in range(n) if (s >> j) & 1) for s in closed}
    best = {0: 0}
    for s in sorted(closed, key=lambda x: bin(x).count("1")):
        if s == 0:
            continue
        options = [
            best[t] + 1
            for t in closed
            if t in best and t & s == t and t != s and load[s] - load[t] <= c
        ]
        if options:
            best[s] = min(options)
    return best[(1 << n) - 1]


def brute_force_cycle_time(
    times: Sequence[int], precedences: Sequence[tuple[int, int]], m: int
) -> int:
    c = max(times)
    while brute_force_stations(times, precedences, c) > m:
        c += 1
    return c
