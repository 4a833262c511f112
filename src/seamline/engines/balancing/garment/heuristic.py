"""Station-oriented filling: the line is built position after position at a given cycle
time. The current operator takes the next operations that precedence frees (same machine
type first) while they fit; an operation that does not fit is split: the current operator
takes what fits and the next operators (parallel stations) the rest.

The rules kept while filling, the ones :mod:`check` verifies:

* an operator only does operations they may (grade, machines), at most ``max_ops`` of
  them, on one machine type or types of one compatible group (hand work with anything);
* an operation is done at one position or at a contiguous run of positions (split);
* for every precedence i before j, the last position of i is not after the first of j,
  and both sit at one position only when one operator does all of i and all of j.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field

from seamline.engines.balancing.garment.data import BalanceProblem
from seamline.engines.balancing.garment.instance import Instance, machines_compatible

MIN_SHARE = 0.05  # a split does not start with less than 5 % of the operation
EPS = 1e-9


@dataclass
class Station:
    operator: int
    load: float = 0.0
    shares: list[tuple[int, float]] = field(default_factory=list)  # (operation, share)
    types: set[str] = field(default_factory=set)
    ops: set[int] = field(default_factory=set)
    split: set[int] = field(default_factory=set)  # operations here that are split


def positional_weights(inst: Instance) -> list[float]:
    best = [inst.best_minutes(j) or 0.0 for j in range(inst.n)]
    return [best[j] + sum(best[s] for s in inst.succ_all[j]) for j in range(inst.n)]


def _fits(load: float, extra: float, cycle: float) -> bool:
    return load + extra <= cycle * (1 + EPS) + EPS


def fill(
    inst: Instance,
    cycle: float,
    limit: int,
    priority: list[float],
    rng: random.Random | None = None,
    noise: float = 0.0,
    spare: float = 1.0,
    split_short: bool = True,
) -> list[Station] | None:
    """Stations (in line order) doing every operation within ``cycle`` minutes each, with
    at most ``limit`` operators; None when this filling does not manage it. ``noise``
    perturbs the choice of operators, ``spare`` weighs keeping scarce operators free;
    ``split_short`` False splits only operations longer than the cycle (a shorter one
    that does not fit goes whole to the next operator)."""
    n = inst.n
    remaining_preds = [len(p) for p in inst.preds]
    available = {j for j in range(n) if remaining_preds[j] == 0}
    used: set[int] = set()
    stations: list[Station] = []
    done = 0

    can_do = [[k for k in range(n) if row[k] is not None] for row in inst.minutes]
    free_for = [sum(1 for row in inst.minutes if row[k] is not None) for k in range(n)]
    finished = [False] * n

    def finish(j: int) -> None:
        nonlocal done
        done += 1
        finished[j] = True
        available.discard(j)
        for s in inst.succs[j]:
            remaining_preds[s] -= 1
            if remaining_preds[s] == 0:
                available.add(s)

    def pick_operator(j: int) -> int | None:
        if len(stations) >= limit:
            return None
        if inst.generic:
            for o, row in enumerate(inst.minutes):
                if o not in used and row[j] is not None:
                    return o
            return None
        # the fastest, but spare the operators that operations still waiting need: each
        # such operation costs 1 / (free operators who may do it) squared
        best: tuple[float, int] | None = None
        for o in range(len(inst.operators)):
            t = inst.minutes[o][j]
            if o in used or t is None:
                continue
            pressure = sum(
                1.0 / (free_for[k] * free_for[k]) for k in can_do[o] if k != j and not finished[k]
            )
            score = t / cycle + spare * pressure
            if rng is not None and noise:
                score *= 1 + noise * rng.random()
            if best is None or score < best[0]:
                best = (score, o)
        return None if best is None else best[1]

    def open_station(j: int) -> Station | None:
        o = pick_operator(j)
        if o is None:
            return None
        used.add(o)
        for k in can_do[o]:
            free_for[k] -= 1
        st = Station(operator=o)
        stations.append(st)
        return st

    def place(st: Station, j: int, share: float) -> None:
        t = inst.minutes[st.operator][j]
        assert t is not None
        st.load += share * t
        st.shares.append((j, share))
        st.types.add(inst.operations[j].machine_type)
        st.ops.add(j)

    def continue_split(j: int, left: float) -> Station | None:
        """Parallel stations for the rest of a split operation; the last one is returned
        (it may take more work)."""
        st: Station | None = None
        while left > EPS:
            st = open_station(j)
            if st is None:
                return None
            t = inst.minutes[st.operator][j]
            assert t is not None
            share = min(left, cycle / t)
            if left - share < EPS:
                share = left
            place(st, j, share)
            st.split.add(j)
            left -= share
        return st

    current: Station | None = None
    while done < n:
        chosen: tuple[tuple[int, int, float], int] | None = None
        if current is not None and len(current.ops) < inst.max_ops:
            for j in available:
                t = inst.minutes[current.operator][j]
                if t is None or inst.preds[j] & current.split:
                    continue
                mt = inst.operations[j].machine_type
                if not machines_compatible(current.types | {mt}, inst.compatible):
                    continue
                fits = _fits(current.load, t, cycle)
                if not fits:
                    if not split_short and current.ops and t <= cycle:
                        continue
                    share = (cycle - current.load) / t
                    if (current.ops and share < MIN_SHARE) or inst.preds[j] & current.ops:
                        continue
                key = (int(mt in current.types), int(fits), priority[j])
                if chosen is None or key > chosen[0]:
                    chosen = (key, j)
        if chosen is None:
            # a new operator for the most urgent operation
            if not available:
                return None
            order = sorted(available, key=lambda x: -priority[x])
            current = None
            for j in order:
                st = open_station(j)
                if st is not None:
                    current = st
                    break
                if len(stations) >= limit:
                    return None
            if current is None:
                return None
            continue
        j = chosen[1]
        assert current is not None  # a choice is only made for an open station
        t = inst.minutes[current.operator][j]
        assert t is not None
        if _fits(current.load, t, cycle):
            place(current, j, 1.0)
            finish(j)
            continue
        share = (cycle - current.load) / t
        place(current, j, share)
        current.split.add(j)
        current = continue_split(j, 1.0 - share)
        if current is None:
            return None
        finish(j)
    return stations


def improve_operators(inst: Instance, stations: list[Station]) -> None:
    """Positions and operations fixed, change who stands where while the bottleneck
    drops: the bottleneck's operator is replaced by a free operator, or swapped with
    another position's, when every load concerned ends below the bottleneck. Grades and
    machines are kept (the machine mix and the operation limit do not depend on who)."""
    if inst.generic or not stations:
        return

    def load(o: int, st: Station) -> float | None:
        total = 0.0
        for j, share in st.shares:
            t = inst.minutes[o][j]
            if t is None:
                return None
            total += share * t
        return total

    used = {st.operator for st in stations}
    for _ in range(4 * len(stations)):
        b = max(stations, key=lambda st: st.load)
        cycle = b.load
        best: tuple[float, int, Station | None] | None = None  # new worst, operator, partner
        for o in range(len(inst.operators)):
            if o in used:
                continue
            mine = load(o, b)
            if mine is not None and mine < cycle - EPS and (best is None or mine < best[0]):
                best = (mine, o, None)
        for st in stations:
            if st is b:
                continue
            mine, theirs = load(st.operator, b), load(b.operator, st)
            if mine is None or theirs is None:
                continue
            worst = max(mine, theirs)
            if worst < cycle - EPS and (best is None or worst < best[0]):
                best = (worst, st.operator, st)
        if best is None:
            return
        _, o, partner = best
        if partner is None:
            used.discard(b.operator)
            used.add(o)
        else:
            partner.operator = b.operator
            partner.load = load(partner.operator, partner) or 0.0
        b.operator = o
        b.load = load(o, b) or 0.0


def without_line_order(inst: Instance) -> Instance:
    """The instance for returns mode: the bundle may go back upstream, so precedence no
    longer limits who does what (operations keep their topological indices)."""
    empty: tuple[frozenset[int], ...] = tuple(frozenset() for _ in range(inst.n))
    return dataclasses.replace(inst, preds=empty, succs=empty, succ_all=empty)


def line_order(inst: Instance, stations: list[Station]) -> list[Station]:
    """Returns mode: the stations in line order. Stations joined by split operations form a
    run kept together in an order where each split sits at consecutive positions (the given
    order, else a walk along the shared operations); the runs go by their earliest
    operation in the topological order of ``inst``. A run with no such order keeps the
    given one (the checker then refuses the plan)."""
    parent = list(range(len(stations)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    holder: dict[int, int] = {}
    for k, st in enumerate(stations):
        for j in st.ops:
            if j in holder:
                parent[find(k)] = find(holder[j])
            else:
                holder[j] = k
    groups: dict[int, list[Station]] = {}
    for k, st in enumerate(stations):
        groups.setdefault(find(k), []).append(st)
    runs = [_run_order(run) for run in groups.values()]
    runs.sort(key=lambda run: min((j for st in run for j in st.ops), default=inst.n))
    return [st for run in runs for st in run]


def _consecutive(run: list[Station]) -> bool:
    seen: dict[int, int] = {}
    for k, st in enumerate(run):
        for j in st.ops:
            if j in seen and seen[j] != k - 1:
                return False
            seen[j] = k
    return True


def _run_order(run: list[Station]) -> list[Station]:
    if len(run) == 1:
        return run
    candidates = [run]
    for first in run:
        walk, left = [first], [st for st in run if st is not first]
        while left:
            nxt = max(left, key=lambda st: len(st.ops & walk[-1].ops))
            walk.append(nxt)
            left.remove(nxt)
        candidates.append(walk)
    for order in candidates:
        if _consecutive(order):
            if min(order[-1].ops, default=0) < min(order[0].ops, default=0):
                order = order[::-1]
            return order
    return run


def count_returns(problem: BalanceProblem, inst: Instance, stations: list[Station]) -> int:
    """Precedences i -> j with j done at a position before the last position of i (the
    stations in line order)."""
    index = {op.key: j for j, op in enumerate(inst.operations)}
    positions: list[list[int]] = [[] for _ in range(inst.n)]
    for pos, st in enumerate(stations):
        for j in st.ops:
            positions[j].append(pos)
    returns = 0
    for op in problem.operations:
        pj = positions[index[op.key]]
        for p in op.predecessors:
            pi = positions[index[p]]
            if pi and pj and min(pj) < max(pi):
                returns += 1
    return returns
