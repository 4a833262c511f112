"""The precedence graph as the solvers use it: tasks renumbered 0..n-1 in a topological
order, predecessor and successor sets as integer bit masks."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from seamline.engines.balancing.data import LineData


@dataclass(frozen=True, slots=True)
class Graph:
    n: int
    times: tuple[int, ...]  # by internal index
    label: tuple[int, ...]  # internal index -> task number (1-based)
    preds: tuple[int, ...]  # immediate predecessors, bit mask
    succs: tuple[tuple[int, ...], ...]  # immediate successors
    pred_all: tuple[int, ...]  # all (transitive) predecessors, bit mask
    succ_all: tuple[int, ...]  # all (transitive) successors, bit mask

    @property
    def full(self) -> int:
        return (1 << self.n) - 1


def mask_sum(mask: int, values: tuple[int, ...] | list[int]) -> int:
    total = 0
    while mask:
        low = mask & -mask
        total += values[low.bit_length() - 1]
        mask ^= low
    return total


def bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def build_graph(data: LineData, *, reverse: bool = False) -> Graph:
    """Renumber the tasks topologically, preferring tasks of large positional weight
    (own time plus all successors' times), so lower indices are the better candidates."""
    n = data.n_tasks
    arcs = [(b - 1, a - 1) if reverse else (a - 1, b - 1) for a, b in data.precedences]
    t = data.task_times
    succ: list[list[int]] = [[] for _ in range(n)]
    pred: list[list[int]] = [[] for _ in range(n)]
    for a, b in arcs:
        succ[a].append(b)
        pred[b].append(a)
    # transitive successors, original numbering
    order: list[int] = []
    indeg = [len(p) for p in pred]
    stack = [j for j in range(n) if indeg[j] == 0]
    while stack:
        j = stack.pop()
        order.append(j)
        for s in succ[j]:
            indeg[s] -= 1
            if indeg[s] == 0:
                stack.append(s)
    sall = [0] * n
    for j in reversed(order):
        m = 0
        for s in succ[j]:
            m |= (1 << s) | sall[s]
        sall[j] = m
    weight = [t[j] + mask_sum(sall[j], t) for j in range(n)]
    # priority topological numbering
    indeg = [len(p) for p in pred]
    heap = [(-weight[j], -t[j], j) for j in range(n) if indeg[j] == 0]
    heapq.heapify(heap)
    new_of = [0] * n
    label: list[int] = []
    while heap:
        _, _, j = heapq.heappop(heap)
        new_of[j] = len(label)
        label.append(j)
        for s in succ[j]:
            indeg[s] -= 1
            if indeg[s] == 0:
                heapq.heappush(heap, (-weight[s], -t[s], s))
    times = tuple(t[j] for j in label)
    succs = tuple(tuple(sorted(new_of[s] for s in succ[j])) for j in label)
    preds_l = [0] * n
    for i, ss in enumerate(succs):
        for s in ss:
            preds_l[s] |= 1 << i
    succ_all = [0] * n
    for i in range(n - 1, -1, -1):
        m = 0
        for s in succs[i]:
            m |= (1 << s) | succ_all[s]
        succ_all[i] = m
    pred_all = [0] * n
    for i in range(n):
        m = 0
        for p in bits(preds_l[i]):
            m |= (1 << p) | pred_all[p]
        pred_all[i] = m
    return Graph(
        n=n,
        times=times,
        label=tuple(j + 1 for j in label),
        preds=tuple(preds_l),
        succs=succs,
        pred_all=tuple(pred_all),
        succ_all=tuple(succ_all),
    )
