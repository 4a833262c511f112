"""Integer plans that keep every rule: a greedy plan, and the repair of a solver's answer.

Whatever the solver returns (or when it returns nothing in time), the plan handed back
goes through :func:`repair`: round, drop cells below their batch, cut what exceeds an
order or a factory's minutes before a due date, then fill what is left greedily, the
cheapest pair first. The result is feasible by construction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from seamline.engines.allocation.model import EPS, Prepared


class Plan:
    """Garments per pair, with each factory's free minutes after each period's work."""

    def __init__(self, prep: Prepared, limit: Sequence[float] | None = None) -> None:
        self.prep = prep
        # limit[f]: most minutes factory f may get in all (fair mode), None: no limit
        self.limit = limit
        self.used = [0.0] * len(prep.problem.factories)
        self.x = [0] * len(prep.pairs)
        self.left = [line.quantity for line in prep.problem.lines]
        # slack[f][p]: minutes free up to period p minus the work due by p
        self.slack = [list(c) for c in prep.cumulative]

    def set(self, j: int, quantity: int) -> None:
        pair = self.prep.pairs[j]
        delta = quantity - self.x[j]
        if delta == 0:
            return
        self.x[j] = quantity
        self.left[pair.line] -= delta
        row = self.slack[pair.factory]
        minutes = delta * pair.smv
        self.used[pair.factory] += minutes
        for p in range(pair.due, len(row)):
            row[p] -= minutes

    def room(self, j: int, *, order: bool = True) -> int:
        """Garments more pair ``j`` can take: order (unless ``order`` is False),
        bid/upper and minutes before due."""
        pair = self.prep.pairs[j]
        free = min(self.slack[pair.factory][pair.due :])
        if self.limit is not None:
            free = min(free, self.limit[pair.factory] - self.used[pair.factory])
        by_time = math.floor(free / pair.smv + EPS) if free > 0 else 0
        most = pair.upper - self.x[j]
        if order:
            most = min(most, self.left[pair.line])
        return max(0, min(most, by_time))

    def unplaced_minutes(self) -> float:
        lines = self.prep.problem.lines
        return sum(left * line.smv for left, line in zip(self.left, lines, strict=True))

    def cost(self) -> float:
        pairs = self.prep.pairs
        placed = sum(q * pairs[j].per_garment for j, q in enumerate(self.x) if q)
        return placed + sum(
            left * c for left, c in zip(self.left, self.prep.unplaced_cost, strict=True)
        )


def _cut(plan: Plan, j: int, by: int) -> None:
    """Take ``by`` garments off pair ``j``; all of them if the rest would be below batch."""
    rest = plan.x[j] - by
    plan.set(j, rest if rest >= plan.prep.pairs[j].batch else 0)


def fill(plan: Plan, order: Sequence[int] | None = None) -> None:
    """Place what is left of each line on its cheapest pairs that have room."""
    prep = plan.prep
    lines = prep.problem.lines
    if order is None:
        order = sorted(range(len(lines)), key=lambda li: (lines[li].due_period, li))
    for li in order:
        if plan.left[li] <= 0:
            continue
        for j in sorted(prep.by_line[li], key=lambda j: (prep.pairs[j].per_garment, j)):
            room = plan.room(j)
            if room <= 0 or (plan.x[j] == 0 and room < prep.pairs[j].batch):
                continue
            plan.set(j, plan.x[j] + room)
            if plan.left[li] <= 0:
                break


def place_remainders(plan: Plan) -> None:
    """Place a line's remainder that is below every free pair's batch by opening a pair
    at its batch and taking the difference off a pair that already has the line."""
    prep = plan.prep
    pairs = prep.pairs
    for li, js in enumerate(prep.by_line):
        if plan.left[li] <= 0:
            continue
        holders = sorted((j for j in js if plan.x[j]), key=lambda j: -pairs[j].per_garment)
        for k in sorted((j for j in js if not plan.x[j]), key=lambda j: pairs[j].per_garment):
            r = plan.left[li]
            if r <= 0:
                break
            room = plan.room(k, order=False)
            if room < pairs[k].batch:
                continue
            need = pairs[k].batch - r  # to take off the holders
            if need <= 0:
                plan.set(k, min(room, r))
                continue
            giver = next((j for j in holders if plan.x[j] - need >= pairs[j].batch), None)
            if giver is not None:
                plan.set(giver, plan.x[giver] - need)
                plan.set(k, pairs[k].batch)
                continue
            # or move a whole holder over, with the remainder
            giver = next(
                (j for j in holders if plan.x[j] and pairs[k].batch <= plan.x[j] + r <= room),
                None,
            )
            if giver is not None:
                moved = plan.x[giver] + r
                plan.set(giver, 0)
                plan.set(k, moved)


def improve(plan: Plan, rounds: int = 3) -> None:
    """Move garments of a line from a dearer pair to a cheaper one with room, keeping
    both at 0 or at least their batch, until no move helps (or ``rounds`` passes)."""
    prep = plan.prep
    pairs = prep.pairs
    for _ in range(rounds):
        moved = False
        for js in prep.by_line:
            ranked = sorted(js, key=lambda j: (pairs[j].per_garment, j))
            for j in reversed(ranked):
                for k in ranked:
                    if not plan.x[j] or pairs[k].per_garment >= pairs[j].per_garment - EPS:
                        break
                    if plan.slack[pairs[k].factory][-1] < pairs[k].smv:
                        continue  # full: not one garment fits by the horizon's end
                    q = min(plan.room(k, order=False), plan.x[j])
                    if 0 < plan.x[j] - q < pairs[j].batch:
                        q = plan.x[j] - pairs[j].batch  # leave j its batch
                    if q <= 0 or plan.x[k] + q < pairs[k].batch:
                        continue
                    plan.set(j, plan.x[j] - q)
                    plan.set(k, plan.x[k] + q)
                    moved = True
        if not moved:
            return


def greedy(prep: Prepared) -> Plan:
    """Earliest due line first, each on its cheapest factories with room."""
    plan = Plan(prep)
    fill(plan)
    place_remainders(plan)
    return plan


def repair(
    prep: Prepared, quantities: Sequence[float], limit: Sequence[float] | None = None
) -> Plan:
    """The nearest feasible integer plan to ``quantities`` (one value per pair), filled
    (within ``limit`` minutes per factory, if given)."""
    pairs = prep.pairs
    plan = Plan(prep, limit)
    small: list[int] = []
    for j, value in enumerate(quantities):
        q = min(pairs[j].upper, max(0, round(value)))
        if q >= pairs[j].batch:
            plan.set(j, q)
        elif value > 0.5:
            small.append(j)
    # No line over its order: cut the dearest cells first.
    for li, js in enumerate(prep.by_line):
        for j in sorted(js, key=lambda j: -pairs[j].per_garment):
            if plan.left[li] >= 0:
                break
            if plan.x[j]:
                _cut(plan, j, min(plan.x[j], -plan.left[li]))
    # No factory over its minutes before a due date: cut the dearest minutes due by then.
    for fi, js in enumerate(prep.by_factory):
        row = plan.slack[fi]
        for p in range(len(row)):
            while row[p] < -EPS * max(1.0, prep.cumulative[fi][p]):
                due_by = [j for j in js if plan.x[j] and pairs[j].due <= p]
                j = max(due_by, key=lambda j: (pairs[j].per_garment / pairs[j].smv, j))
                _cut(plan, j, min(plan.x[j], max(1, math.ceil(-row[p] / pairs[j].smv - EPS))))
    if limit is not None:
        for fi, js in enumerate(prep.by_factory):
            while plan.used[fi] > limit[fi] + EPS * max(1.0, limit[fi]):
                j = max((j for j in js if plan.x[j]), key=lambda j: (pairs[j].per_garment, j))
                over = plan.used[fi] - limit[fi]
                _cut(plan, j, min(plan.x[j], max(1, math.ceil(over / pairs[j].smv - EPS))))
    # Cells the relaxation made smaller than their batch: up to the batch if it fits.
    for j in sorted(small, key=lambda j: -quantities[j]):
        if plan.room(j) >= pairs[j].batch:
            plan.set(j, pairs[j].batch)
    fill(plan)
    place_remainders(plan)
    improve(plan)
    fill(plan)
    return plan
