"""Priority-rule heuristics: station-oriented greedy plans for an upper bound."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from seamline.engines.balancing.graph import Graph, bits

Rule = Callable[[int], float]


def greedy(
    graph: Graph, times: Sequence[int], c: int, priority: Sequence[float]
) -> list[list[int]]:
    """Open a station, add the fitting available task of highest priority until none
    fits, open the next. Loads use internal indices."""
    n = graph.n
    assigned = 0
    remaining_preds = [len(bits(p)) for p in graph.preds]
    avail = {j for j in range(n) if remaining_preds[j] == 0}
    stations: list[list[int]] = []
    while avail:
        load: list[int] = []
        idle = c
        while True:
            fits = [j for j in avail if times[j] <= idle]
            if not fits:
                break
            j = max(fits, key=lambda i: (priority[i], -i))
            load.append(j)
            idle -= times[j]
            avail.discard(j)
            assigned |= 1 << j
            for s in graph.succs[j]:
                remaining_preds[s] -= 1
                if remaining_preds[s] == 0:
                    avail.add(s)
        if not load:
            raise ValueError("a task is longer than the cycle time")
        stations.append(load)
    return stations


def priority_rules(graph: Graph, times: Sequence[int], c: int) -> list[list[float]]:
    """Classic rules: positional weight, time, number of successors, and mixes."""
    n = graph.n
    n_succ = [len(bits(graph.succ_all[j])) for j in range(n)]
    weight = [times[j] + sum(times[s] for s in bits(graph.succ_all[j])) for j in range(n)]
    rules: list[list[float]] = [
        [float(-j) for j in range(n)],  # the search's own order (positional weight)
        [float(w) for w in weight],
        [float(t) for t in times],
        [n_succ[j] + times[j] / (c + 1) for j in range(n)],
        [times[j] * (1 + n_succ[j]) for j in range(n)],
        [times[j] / c + weight[j] / (c * (1 + n)) for j in range(n)],
    ]
    return rules
