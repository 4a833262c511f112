"""The LP relaxation by column generation: the proven lower bound, and a plan to round.

The relaxation of the cost model (garments continuous, batches dropped) is a
transportation-like LP. Solving it with all eligible pairs at once is slow at 1,000
factories x 200 lines, but few pairs matter: start from each line's cheapest pairs,
then add the pairs whose reduced cost (from the row duals) is negative, until none is.
The last LP is then optimal over every pair, so its value bounds every integer plan;
if the time runs out first, the Lagrangian bound of the last duals still does.

For fair mode the same LP gets a utilisation row per factory (its minutes <= peak x
its free minutes) and a peak column: first the unplaced minutes and then the peak are
minimised, then the cost with the peak held near that minimum.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from seamline.engines.allocation.model import Prepared, free_minutes
from seamline.engines.highs import new_highs

START_PER_LINE = 25  # cheapest pairs per line in the first LP
ADD_PER_LINE = 25  # most negative reduced-cost pairs added per line and round


@dataclass(frozen=True, slots=True)
class Relaxation:
    quantities: list[float]  # per pair (0 for pairs never priced in)
    bound: float | None  # None when no restricted LP was solved in time
    support: list[int]  # the pairs that were in the last LP
    value: float | None = None  # the last LP's objective


class ColumnLP:
    """The relaxation over a growing set of pairs, kept warm between solves."""

    def __init__(self, prep: Prepared, seed_pairs: list[int], *, fair: bool = False) -> None:
        self.prep = prep
        pairs, lines = prep.pairs, prep.problem.lines
        self.fair = fair
        self.line_of = np.array([p.line for p in pairs], dtype=np.int64)
        self.cost = np.array([p.per_garment for p in pairs], dtype=np.float64)
        self.smv = np.array([p.smv for p in pairs], dtype=np.float64)
        self.upper = np.array([p.upper for p in pairs], dtype=np.float64)
        self.objective = self.cost  # the garment columns' costs of the current stage
        inf = highspy.kHighsInf

        # Rows: demand per line, one capacity row per (factory, due period of a pair),
        # then (fair) one utilisation row per factory with pairs.
        lower = [float(line.quantity) for line in lines]
        upper = list(lower)
        cap_row_of: dict[tuple[int, int], int] = {}
        slack: list[tuple[int, int | None]] = []
        for fi, js in enumerate(prep.by_factory):
            dues = sorted({pairs[j].due for j in js})
            previous = 0.0
            first = len(lower)
            for k, due in enumerate(dues):
                cap_row_of[(fi, due)] = len(lower)
                lower.append(prep.cumulative[fi][due] - previous)
                upper.append(lower[-1])
                previous = prep.cumulative[fi][due]
                slack.append((first + k, first + k + 1 if k + 1 < len(dues) else None))
        self.cap_row = np.array([cap_row_of[(p.factory, p.due)] for p in pairs], dtype=np.int64)
        fair_row_of = np.full(len(prep.problem.factories), -1, dtype=np.int64)
        if self.fair:
            for fi, js in enumerate(prep.by_factory):
                if js:
                    fair_row_of[fi] = len(lower)
                    lower.append(-inf)
                    upper.append(0.0)
        self.fair_row = fair_row_of[[p.factory for p in pairs]] if pairs else fair_row_of[:0]

        h = new_highs()
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("presolve", "off")  # keeps the basis from one round to the next
        none = np.array([], dtype=np.int32)
        h.addRows(
            len(lower),
            np.array(lower, dtype=np.float64),
            np.array(upper, dtype=np.float64),
            0,
            none,
            none,
            np.array([], dtype=np.float64),
        )
        # unplaced garments of each line, the carried-over free minutes, (fair) the peak
        for li, line in enumerate(lines):
            h.addCol(
                prep.unplaced_cost[li],
                0.0,
                float(line.quantity),
                1,
                np.array([li], dtype=np.int32),
                np.array([1.0]),
            )
        for row, next_row in slack:
            idx = [row] if next_row is None else [row, next_row]
            val = [1.0] if next_row is None else [1.0, -1.0]
            h.addCol(0.0, 0.0, inf, len(idx), np.array(idx, dtype=np.int32), np.array(val))
        self.peak_col = -1
        if self.fair:
            rows = [int(r) for r in fair_row_of if r >= 0]
            free = [free_minutes(prep, fi) for fi, r in enumerate(fair_row_of) if r >= 0]
            self.peak_col = len(lines) + len(slack)
            h.addCol(0.0, 0.0, inf, len(rows), np.array(rows, dtype=np.int32), -np.array(free))
        self.first_x = len(lines) + len(slack) + (1 if self.fair else 0)
        self.h = h
        self.warm = False  # solved once: later solves go on from the basis
        self.in_model: list[int] = []  # pair of each garment column
        self.present = np.zeros(len(pairs), dtype=bool)
        initial = list(seed_pairs)
        for js in prep.by_line:
            initial.extend(sorted(js, key=lambda j: self.cost[j])[:START_PER_LINE])
        self.add(initial)

    def add(self, js: list[int]) -> None:
        js = [j for j in dict.fromkeys(js) if not self.present[j]]
        if not js:
            return
        self.present[js] = True
        self.in_model.extend(js)
        per = 3 if self.fair else 2
        k = len(js)
        index = np.empty(per * k, dtype=np.int32)
        index[0::per] = self.line_of[js]
        index[1::per] = self.cap_row[js]
        value = np.empty(per * k, dtype=np.float64)
        value[0::per] = 1.0
        value[1::per] = self.smv[js]
        if self.fair:
            index[2::per] = self.fair_row[js]
            value[2::per] = self.smv[js]
        starts = np.arange(0, per * k, per, dtype=np.int32)
        self.h.addCols(
            k, self.objective[js], np.zeros(k), self.upper[js], per * k, starts, index, value
        )

    def minimise_peak(self) -> None:
        """Stage objective: the unplaced minutes first (a minute outweighs the whole
        range 0..1 of the peak), then the peak utilisation."""
        minutes = np.array([10.0 * line.smv for line in self.prep.problem.lines])
        self._set_costs(np.zeros(len(self.cost)), unplaced=minutes, peak=1.0)

    def minimise_cost(self, max_peak: float | None = None) -> None:
        self._set_costs(self.cost, unplaced=np.array(self.prep.unplaced_cost), peak=0.0)
        if max_peak is not None:
            self.h.changeColBounds(self.peak_col, 0.0, max_peak)

    def _set_costs(self, objective: np.ndarray, *, unplaced: np.ndarray, peak: float) -> None:
        self.objective = objective
        n_lines = len(self.prep.problem.lines)
        h = self.h
        h.changeColsCost(n_lines, np.arange(n_lines, dtype=np.int32), unplaced)
        if self.peak_col >= 0:
            h.changeColCost(self.peak_col, peak)
        if self.in_model:
            xs = np.arange(self.first_x, self.first_x + len(self.in_model), dtype=np.int32)
            h.changeColsCost(len(xs), xs, objective[self.in_model])

    def solve(self, time_limit_s: float) -> Relaxation:
        """Price pairs in until none has a negative reduced cost, or the time is up."""
        start = time.perf_counter()
        h = self.h
        n = len(self.prep.pairs)
        bound: float | None = None
        value: float | None = None
        quantities = [0.0] * n
        # dual simplex from scratch; then the basis stays primal feasible as pairs are
        # added or costs change, and primal simplex goes on from it
        h.setOptionValue("simplex_strategy", 4 if self.warm else 1)
        while True:
            left = time_limit_s - (time.perf_counter() - start)
            if left <= 0:
                break
            # HiGHS's time limit counts from the model's creation, over all its runs
            h.setOptionValue("time_limit", h.getRunTime() + left)
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                break
            self.warm = True
            solution = h.getSolution()
            values = solution.col_value
            quantities = [0.0] * n
            for k, j in enumerate(self.in_model):
                quantities[j] = values[self.first_x + k]
            duals = np.array(solution.row_dual, dtype=np.float64)
            reduced = self.objective - duals[self.line_of] - self.smv * duals[self.cap_row]
            if self.fair:
                reduced -= self.smv * duals[self.fair_row]
            value = h.getInfo().objective_function_value
            # Lagrangian bound: the duals priced over every pair, each at the end of its
            # box that its reduced cost favours (pairs in the model are optimal already).
            priced = np.flatnonzero((reduced < 0) & ~self.present)
            lagrange = value + float(reduced[priced] @ self.upper[priced])
            lagrange -= 1e-7 * max(1.0, abs(lagrange))  # a hair for the solver's tolerances
            bound = lagrange if bound is None else max(bound, lagrange)
            candidates = np.flatnonzero((reduced < -1e-7) & ~self.present)
            if candidates.size == 0:
                break
            order = candidates[np.lexsort((reduced[candidates], self.line_of[candidates]))]
            per_line: dict[int, int] = {}
            chosen: list[int] = []
            for j in order.tolist():
                li = int(self.line_of[j])
                if per_line.get(li, 0) < ADD_PER_LINE:
                    per_line[li] = per_line.get(li, 0) + 1
                    chosen.append(j)
            self.add(chosen)
            h.setOptionValue("simplex_strategy", 4)
        return Relaxation(quantities, bound, list(self.in_model), value)
