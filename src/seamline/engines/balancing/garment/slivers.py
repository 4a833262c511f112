"""Slivers: tiny pieces of a split operation, and the pass that merges them away.

A planner never gives a worker 3 % of an operation: the bundle still has to reach them,
they change over for a few garments, and nobody can follow the count. A share of a split
operation is a *sliver* when it is below :data:`SLIVER_SHARE` of the operation or takes
the operator less than :data:`SLIVER_MINUTES` per garment. An operation done whole by one
operator is never a sliver, however short.

:func:`merge_slivers` keeps who does which operations and re-divides the split ones (a
small LP, HiGHS: the shortest cycle for the shares). Sliver by sliver, fewest operators
first: the sliver's position gives its share up to the others doing the operation (a
position left with nothing to do is dropped: one operator less), or else the share grows
to a proper one; every other share of a split stays a proper one. A change is kept when
the cycle stays within :data:`SLIVER_TOLERANCE` of the plan's (and within the takt, when
there is one); otherwise the sliver stays: it is unavoidable. Last, plain changes with
the position next to a sliver that does the same operation (the sliver goes there whole,
or grows, taking from there) are made wherever they keep to the same limit. The
operations keep their consecutive positions (a share is only given up at either end of
its run, or with the whole position), and nobody takes a new operation or machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from seamline.engines.balancing.garment.heuristic import EPS, Station
from seamline.engines.balancing.garment.instance import Instance
from seamline.engines.balancing.garment.result import LinePlan, Share
from seamline.engines.highs import new_highs

SLIVER_SHARE = 0.10  # a split share below 10 % of the operation is a sliver ...
SLIVER_MINUTES = 0.10  # ... and so is one worth less than 0.1 actual minutes per garment
SLIVER_TOLERANCE = 0.01  # merging may raise the cycle by at most 1 %
MARGIN = 1e-7  # raised shares sit this far above the sliver limit (solver tolerance)
# A share this close under a limit is at the limit: the LP may leave one a margin short
# when its neighbour is raised a margin above (an operation split exactly in half).
SLACK = 1e-6


def is_sliver(share: float, minutes: float) -> bool:
    """Whether one share of a split operation is a sliver (see the module docstring)."""
    return share < SLIVER_SHARE - SLACK or minutes < SLIVER_MINUTES - SLACK


def plan_slivers(plan: LinePlan) -> list[Share]:
    """The sliver shares of a plan: shares of split operations that are slivers."""
    count: dict[str, int] = {}
    for sh in plan.shares:
        count[sh.operation] = count.get(sh.operation, 0) + 1
    return [sh for sh in plan.shares if count[sh.operation] > 1 and is_sliver(sh.share, sh.minutes)]


@dataclass
class _Pair:
    """Position ``station`` doing a share of split operation ``op``."""

    station: int
    op: int
    minutes: float  # the operator's minutes for the whole operation
    share: float
    low: float  # the least share the LP may give (0 when the pair is given up)
    dropped: bool = False

    @property
    def proper(self) -> float:
        return _proper(self.minutes)

    @property
    def sliver(self) -> bool:
        return is_sliver(self.share, self.share * self.minutes)


def _minutes(inst: Instance, st: Station, j: int) -> float:
    t = inst.minutes[st.operator][j]
    assert t is not None  # a station only holds operations its operator may do
    return t


class _Shares:
    """The split shares of a plan as an LP: min C with, per split operation, its kept
    shares summing to 1 and, per position, its work within C."""

    def __init__(self, inst: Instance, stations: list[Station]) -> None:
        self.stations = stations
        runs: dict[int, list[int]] = {}
        for s, st in enumerate(stations):
            for j in st.ops:
                runs.setdefault(j, []).append(s)
        self.runs = runs
        self.fixed = [0.0] * len(stations)  # minutes of the operations done whole
        self.pairs: list[_Pair] = []
        for s, st in enumerate(stations):
            for j, share in st.shares:
                t = _minutes(inst, st, j)
                if len(runs[j]) == 1:
                    self.fixed[s] += share * t
                else:
                    self.pairs.append(_Pair(s, j, t, share, low=share))

    def solve(self) -> tuple[float, list[float]] | None:
        """The shortest cycle and the shares (by pair, 0 for dropped ones)."""
        live = [k for k, p in enumerate(self.pairs) if not p.dropped]
        if not live:
            return max(self.fixed, default=0.0), [0.0] * len(self.pairs)
        h = new_highs()
        inf = highspy.kHighsInf
        n = len(live) + 1  # the shares, then C
        lower = np.array([self.pairs[k].low for k in live] + [0.0])
        upper = np.array([1.0] * len(live) + [inf])
        h.addVars(n, lower, upper)
        cost = np.zeros(n)
        cost[-1] = 1.0
        h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        by_op: dict[int, list[int]] = {}
        by_station: dict[int, list[int]] = {}
        for col, k in enumerate(live):
            by_op.setdefault(self.pairs[k].op, []).append(col)
            by_station.setdefault(self.pairs[k].station, []).append(col)
        for cols in by_op.values():
            h.addRow(1.0, 1.0, len(cols), np.array(cols, dtype=np.int32), np.ones(len(cols)))
        for s, fixed in enumerate(self.fixed):
            cols = by_station.get(s, [])
            val = [self.pairs[live[c]].minutes for c in cols] + [-1.0]
            idx = np.array([*cols, n - 1], dtype=np.int32)
            h.addRow(-inf, -fixed, len(idx), idx, np.array(val, dtype=np.float64))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        values = list(h.getSolution().col_value)
        shares = [0.0] * len(self.pairs)
        for col, k in enumerate(live):
            shares[k] = min(1.0, max(self.pairs[k].low, values[col]))
        # the rounding of each operation goes to its largest share: they sum to exactly 1
        for cols in by_op.values():
            ks = [live[c] for c in cols]
            big = max(ks, key=lambda k: shares[k])
            shares[big] = 1.0 - sum(shares[k] for k in ks if k != big)
        loads = list(self.fixed)
        for k, p in enumerate(self.pairs):
            loads[p.station] += shares[k] * p.minutes
        return max(loads, default=0.0), shares

    def others(self, pair: _Pair) -> list[int]:
        """The other positions still doing the pair's operation."""
        return [
            p.station for p in self.pairs if p.op == pair.op and not p.dropped and p is not pair
        ]

    def may_drop(self, pair: _Pair) -> bool:
        """Whether the position may give its share up: someone else still does the
        operation, and the position does nothing else or stands at either end of the
        operation's run."""
        run = self.others(pair)
        if not run:
            return False
        if len(self.stations[pair.station].ops) == 1:
            return True
        return pair.station < min(run) or pair.station > max(run)

    def build(self, inst: Instance, shares: list[float]) -> list[Station]:
        """The stations with these shares; positions left with nothing are dropped."""
        new_share = {(p.station, p.op): shares[k] for k, p in enumerate(self.pairs)}
        gone = {(p.station, p.op) for p in self.pairs if p.dropped}
        left: dict[int, int] = {}
        for p in self.pairs:
            if not p.dropped:
                left[p.op] = left.get(p.op, 0) + 1
        out: list[Station] = []
        for s, st in enumerate(self.stations):
            kept = [
                (j, new_share.get((s, j), share)) for j, share in st.shares if (s, j) not in gone
            ]
            if not kept:
                continue
            new = Station(
                operator=st.operator,
                shares=kept,
                types={inst.operations[j].machine_type for j, _ in kept},
                ops={j for j, _ in kept},
                split={j for j, _ in kept if j in st.split and left.get(j, 1) > 1},
            )
            new.load = sum(share * _minutes(inst, new, j) for j, share in kept)
            out.append(new)
        return out


def merge_slivers(
    inst: Instance,
    stations: list[Station],
    takt: float | None = None,
    *,
    reference: float | None = None,
) -> list[Station]:
    """The stations with every avoidable sliver merged away (see the module docstring).
    The cycle rises by at most :data:`SLIVER_TOLERANCE` of ``reference`` (default: the
    given plan's cycle) and stays within ``takt`` when one is given; the input is not
    changed."""
    if not stations:
        return stations
    lp = _Shares(inst, stations)
    slivers = [p for p in lp.pairs if p.sliver]
    if not slivers:
        return stations
    start = max(st.load for st in stations)
    # 1 % over the reference in all: a second pass after a first one does not add its own
    limit = max(start, (reference if reference is not None else start) * (1 + SLIVER_TOLERANCE))
    limit += EPS
    if takt is not None:
        limit = min(limit, max(takt * (1 + EPS) + EPS, start))
    for p in lp.pairs:
        if not p.sliver:
            p.low = min(p.share, p.proper - 2 * MARGIN)
    # positions doing nothing but the sliver first (one operator less), then the smallest
    slivers.sort(key=lambda p: (len(stations[p.station].ops) > 1, p.share))
    best: tuple[float, list[float]] | None = None
    for p in slivers:
        if not lp.others(p):
            continue  # the others gave their shares up: p does the whole operation now
        if lp.may_drop(p):
            p.dropped, p.low = True, 0.0
            found = lp.solve()
            if found is not None and found[0] <= limit:
                best = found
                continue
            p.dropped = False
        p.low = p.proper
        found = lp.solve()
        if found is not None and found[0] <= limit:
            best = found
            continue
        p.low = p.share  # unavoidable: it stays as it is
    merged = stations if best is None else lp.build(inst, best[1])
    return _move_whole(inst, merged, limit)


def _proper(minutes: float) -> float:
    """The least proper share for an operator taking ``minutes`` for the whole."""
    return max(SLIVER_SHARE, SLIVER_MINUTES / minutes) + MARGIN


def _move_whole(inst: Instance, stations: list[Station], limit: float) -> list[Station]:
    """Last, the plainest fixes between a sliver's position and the one next to it that
    does the same operation, while the cycle stays within ``limit``: the sliver goes
    there whole (when its position is at either end of the operation's run, or does
    nothing else), or it grows to a proper share taken from there (when what is left
    there stays a proper share). A sliver left after it cannot be fixed that way."""
    current = [
        Station(st.operator, st.load, list(st.shares), set(st.types), set(st.ops), set(st.split))
        for st in stations
    ]

    def set_share(st: Station, j: int, share: float) -> None:
        st.shares = [(k, share if k == j else x) for k, x in st.shares if k != j or share > 0]
        if share <= 0:
            st.ops.discard(j)
            st.split.discard(j)
            st.types = {inst.operations[k].machine_type for k, _ in st.shares}
        st.load = sum(x * _minutes(inst, st, k) for k, x in st.shares)

    def fix(s: int, st: Station, j: int, share: float) -> bool:
        run = [k for k, other in enumerate(current) if j in other.ops]
        t = _minutes(inst, st, j)
        if len(run) < 2 or not is_sliver(share, share * t):
            return False
        may_go = len(st.ops) == 1 or s in (run[0], run[-1])
        here = run.index(s)
        for nb in (run[k] for k in (here - 1, here + 1) if 0 <= k < len(run)):
            target = current[nb]
            t_nb = _minutes(inst, target, j)
            theirs = dict(target.shares)[j]
            if may_go and target.load + share * t_nb <= limit:
                set_share(target, j, theirs + share)
                set_share(st, j, 0.0)
                if len(run) == 2:
                    target.split.discard(j)
                return True
            need = _proper(t) - share
            if not is_sliver(theirs - need, (theirs - need) * t_nb) and st.load + need * t <= limit:
                set_share(target, j, theirs - need)
                set_share(st, j, share + need)
                return True
        return False

    changed = True
    while changed:
        changed = False
        for s, st in enumerate(current):
            if any(fix(s, st, j, share) for j, share in st.shares):
                changed = True
                current = [st for st in current if st.shares]
                break
    return current
