"""Proven lower bounds for the garment line.

Every operation costs at least its best eligible operator's minutes (``best``), so:

* the work bound: operators x cycle >= the sum of ``best``;
* the machine bound: an operator's machines lie in one class (one type, or types joined
  by ``compatible`` groups, taken transitively here, which only weakens the bound); hand
  work goes anywhere and counts in the work bound only. Class g needs at least
  ``ceil(W_g / cycle)`` operators of its own, W_g its ``best`` work.
"""

from __future__ import annotations

import math

from seamline.engines.balancing.garment.instance import MANUAL, Instance

TOL = 1e-9


def machine_classes(inst: Instance) -> dict[str, float]:
    """Best-case work per machine class (hand work left out)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in inst.compatible:
        members = sorted(group - {MANUAL})
        for a in members[1:]:
            parent[find(a)] = find(members[0])
    work: dict[str, float] = {}
    for j, op in enumerate(inst.operations):
        if op.machine_type == MANUAL:
            continue
        best = inst.best_minutes(j)
        if best is not None:
            root = find(op.machine_type)
            work[root] = work.get(root, 0.0) + best
    return work


def _ceil(x: float) -> int:
    return math.ceil(x - TOL)


def operators_lower_bound(inst: Instance, takt: float) -> int:
    """Fewest operators that can keep every load within ``takt``."""
    total = sum(inst.best_minutes(j) or 0.0 for j in range(inst.n))
    by_class = sum(_ceil(w / takt) for w in machine_classes(inst).values())
    return max(_ceil(total / takt), by_class, 1 if inst.n else 0, _ceil(inst.n / inst.max_ops))


def cycle_lower_bound(inst: Instance, operators: int) -> float:
    """Shortest cycle ``operators`` operators could reach (0 if they cannot do the work)."""
    total = sum(inst.best_minutes(j) or 0.0 for j in range(inst.n))
    if operators <= 0:
        return math.inf
    work = list(machine_classes(inst).values())
    if len(work) > operators:
        return math.inf
    lo, hi = 0.0, max(work, default=0.0)
    # invariant: at cycle lo the classes need more than `operators` operators
    for _ in range(100):
        mid = (lo + hi) / 2
        if mid <= lo or mid >= hi:
            break
        if sum(math.ceil(w / mid) for w in work) > operators:
            lo = mid
        else:
            hi = mid
    return max(total / operators, lo)
