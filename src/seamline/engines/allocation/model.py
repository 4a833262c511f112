"""The allocation model: which (line, factory) pairs are possible, and the HiGHS MIP.

Only eligible pairs get a variable (capability, capacity before the due date, a batch
that fits), so the model stays sparse. A factory works its lines earliest-due-first, so
"work due by P fits in the minutes free up to P" for each of its due periods P is exact.
The LP relaxation writes that with a carry-over slack per factory and due period:
``load(due = P_k) + r_k - r_(k-1) = free(P_(k-1), P_k]``, ``r >= 0`` (summed up to
``k`` it is the rule, with each garment variable in one row only); the MIP with the
cumulative rows themselves. A minimum batch is a binary "opened" variable per pair
(0, or batch..upper); HiGHS's own semi-integer variables were slower here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import accumulate

import highspy
import numpy as np

from seamline.engines.allocation.data import AllocationProblem, Bid
from seamline.engines.highs import new_highs

EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Pair:
    """A (line, factory) pair that may get work."""

    line: int
    factory: int
    per_garment: float  # cost of one garment, risk penalty included
    smv: float
    batch: int  # smallest non-zero quantity (at least 1)
    upper: int  # largest quantity: the order, the bid, the minutes before the due date
    due: int  # the due period within the factory's horizon
    bid: bool


@dataclass(slots=True)
class Prepared:
    """The problem in index form, with what made pairs ineligible (for the reasons)."""

    problem: AllocationProblem
    pairs: list[Pair]
    by_line: list[list[int]]
    by_factory: list[list[int]]
    cumulative: list[list[float]]  # factory -> minutes free up to and including period p
    unplaced_cost: list[float]  # per garment of each line
    per_minute: list[float]  # each factory's cost per minute with its risk penalty
    missing: list[set[str]] = field(default_factory=list)  # capabilities lacked per factory
    no_capacity: list[bool] = field(default_factory=list)  # capable of a line, no time
    below_batch: list[set[int]] = field(default_factory=list)  # lines whose batch never fits
    capable: list[list[int]] = field(default_factory=list)  # factory -> lines it can make


def validate(problem: AllocationProblem) -> None:
    """Raise ``ValueError`` naming the first bad value."""
    factory_keys = {f.key for f in problem.factories}
    line_keys = {line.key for line in problem.lines}
    if len(factory_keys) != len(problem.factories):
        raise ValueError("factory keys must be unique")
    if len(line_keys) != len(problem.lines):
        raise ValueError("line keys must be unique")
    for f in problem.factories:
        if any(c < 0 for c in f.capacity):
            raise ValueError(f"factory {f.key}: capacity must not be negative")
        if f.cost_per_minute < 0 or f.min_batch < 0 or not 0 <= f.lateness_risk <= 1:
            raise ValueError(f"factory {f.key}: cost, batch and risk must not be negative")
    for line in problem.lines:
        if line.quantity < 0 or line.min_batch < 0:
            raise ValueError(f"line {line.key}: quantity and batch must not be negative")
        if not line.smv > 0:
            raise ValueError(f"line {line.key}: SMV must be positive")
    for bid in problem.bids:
        if bid.factory not in factory_keys or bid.line not in line_keys:
            raise ValueError(f"bid {bid.factory}/{bid.line}: unknown factory or line")
        if bid.price < 0:
            raise ValueError(f"bid {bid.factory}/{bid.line}: price must not be negative")
    if problem.unplaced_penalty < 0 or problem.lateness_penalty < 0:
        raise ValueError("penalties must not be negative")


def chosen_bids(problem: AllocationProblem) -> dict[tuple[str, str], Bid]:
    """The bid that counts per (factory, line): ready in time, cheapest, then largest."""
    due = {line.key: line.due_period for line in problem.lines}
    chosen: dict[tuple[str, str], Bid] = {}
    for bid in problem.bids:
        if bid.ready_period > due[bid.line] or bid.quantity <= 0:
            continue
        best = chosen.get((bid.factory, bid.line))
        if best is None or (bid.price, -bid.quantity) < (best.price, -best.quantity):
            chosen[(bid.factory, bid.line)] = bid
    return chosen


def prepare(problem: AllocationProblem) -> Prepared:
    validate(problem)
    factories, lines = problem.factories, problem.lines
    bids = chosen_bids(problem)
    cumulative = [[float(c) for c in accumulate(f.capacity)] for f in factories]
    per_minute = [f.cost_per_minute + problem.lateness_penalty * f.lateness_risk for f in factories]
    prep = Prepared(
        problem=problem,
        pairs=[],
        by_line=[[] for _ in lines],
        by_factory=[[] for _ in factories],
        cumulative=cumulative,
        unplaced_cost=[line.smv * problem.unplaced_penalty for line in lines],
        per_minute=per_minute,
        missing=[set() for _ in factories],
        no_capacity=[False] * len(factories),
        below_batch=[set() for _ in factories],
        capable=[[] for _ in factories],
    )
    for li, line in enumerate(lines):
        if line.quantity == 0:
            continue
        for fi, f in enumerate(factories):
            if not line.required <= f.capabilities:
                prep.missing[fi] |= line.required - f.capabilities
                continue
            prep.capable[fi].append(li)
            horizon = len(f.capacity)
            batch = max(1, f.min_batch, line.min_batch)
            due = min(line.due_period, horizon - 1)
            if due < 0 or cumulative[fi][due] + EPS < line.smv:
                prep.no_capacity[fi] = True  # not one garment before the due date
                continue
            bid = bids.get((f.key, line.key))
            upper = min(line.quantity, math.floor(cumulative[fi][due] / line.smv + EPS))
            risk = line.smv * problem.lateness_penalty * f.lateness_risk
            if bid is not None:
                upper = min(upper, bid.quantity)
                per_garment = bid.price + risk
            else:
                per_garment = line.smv * f.cost_per_minute + risk
            if upper < batch:
                prep.below_batch[fi].add(li)  # the order, bid or time is below the batch
                continue
            j = len(prep.pairs)
            prep.pairs.append(
                Pair(li, fi, per_garment, line.smv, batch, upper, due, bid is not None)
            )
            prep.by_line[li].append(j)
            prep.by_factory[fi].append(j)
    return prep


@dataclass(frozen=True, slots=True)
class Stage:
    """What one MIP run minimises and under which extra limits.

    ``objective`` "cost" is the plan's cost with the unplaced penalty; "peak" the
    highest utilisation of the factories that have pairs. ``max_unplaced_minutes`` and
    ``max_peak`` keep what an earlier stage reached.
    """

    objective: str = "cost"
    max_unplaced_minutes: float | None = None
    max_peak: float | None = None


@dataclass(frozen=True, slots=True)
class MipRun:
    quantities: list[float] | None  # per pair, None without a solution
    bound: float | None  # the solver's proven lower bound on the stage objective
    optimal: bool


def free_minutes(prep: Prepared, fi: int) -> float:
    """Minutes free up to the latest due date among the factory's pairs."""
    dues = [prep.pairs[j].due for j in prep.by_factory[fi]]
    return prep.cumulative[fi][max(dues)] if dues else 0.0


def solve_mip(
    prep: Prepared,
    stage: Stage,
    *,
    time_limit_s: float,
    gap: float,
    start: list[int] | None = None,
    relax: bool = False,
    subset: list[int] | None = None,
) -> MipRun:
    """Build the stage's model over the eligible pairs and solve it with HiGHS (with
    ``relax``, its LP relaxation: every garment variable continuous in 0..upper; with
    ``subset``, only those pairs may get work, and the bound holds for that restriction
    only)."""
    pairs, lines = prep.pairs, prep.problem.lines
    chosen = list(range(len(pairs))) if subset is None else sorted(set(subset))
    by_factory: list[list[int]] = [[] for _ in prep.problem.factories]
    for j in chosen:
        by_factory[pairs[j].factory].append(j)
    fair = stage.objective == "peak" or stage.max_peak is not None
    # The MIP takes the capacity as cumulative rows (work due by P_k <= free up to P_k):
    # denser, but HiGHS's root finds plans with it where it stalls on the slack form.
    cumulative = not relax

    # Rows: one demand row per line, then per factory one capacity row per due period.
    row_lower: list[float] = [float(line.quantity) for line in lines]
    row_upper: list[float] = list(row_lower)
    cap_row: dict[tuple[int, int], int] = {}
    slack_cols: list[tuple[int, int | None]] = []  # (its row, the next row of the factory)
    later_rows: dict[tuple[int, int], list[int]] = {}  # cumulative: rows due at or after
    for fi, js in enumerate(by_factory):
        dues = sorted({pairs[j].due for j in js})
        previous = 0.0
        first = len(row_lower)
        for k, due in enumerate(dues):
            cap_row[(fi, due)] = len(row_lower)
            if cumulative:
                later_rows[(fi, due)] = list(range(first + k, first + len(dues)))
                row_lower.append(-highspy.kHighsInf)
                row_upper.append(prep.cumulative[fi][due])
                continue
            seg = prep.cumulative[fi][due] - previous
            previous = prep.cumulative[fi][due]
            row_lower.append(seg)
            row_upper.append(seg)
            slack_cols.append((first + k, first + k + 1 if k + 1 < len(dues) else None))
    fair_row: dict[int, int] = {}
    if fair:
        for fi, js in enumerate(by_factory):
            if js:
                fair_row[fi] = len(row_lower)
                row_lower.append(-highspy.kHighsInf)
                row_upper.append(0.0)
    unplaced_row = None
    if stage.max_unplaced_minutes is not None:
        unplaced_row = len(row_lower)
        row_lower.append(-highspy.kHighsInf)
        row_upper.append(stage.max_unplaced_minutes + 1e-6)

    cost: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    integrality: list[highspy.HighsVarType] = []
    starts: list[int] = [0]
    index: list[int] = []
    value: list[float] = []

    def column(c: float, lo: float, hi: float, kind: highspy.HighsVarType) -> None:
        cost.append(c)
        lower.append(lo)
        upper.append(hi)
        integrality.append(kind)
        starts.append(len(index))

    # A batch: a binary "opened" y per pair, batch * y <= x <= upper * y.
    batch_rows: list[tuple[int, int]] = []  # per chosen pair: (x - batch y >= 0, x - upper y <= 0)
    for j in chosen:
        if pairs[j].batch > 1 and not relax:
            batch_rows.append((len(row_lower), len(row_lower) + 1))
            row_lower.extend((0.0, -highspy.kHighsInf))
            row_upper.extend((highspy.kHighsInf, 0.0))
        else:
            batch_rows.append((-1, -1))

    by_cost = stage.objective == "cost"
    kind = highspy.HighsVarType.kContinuous if relax else highspy.HighsVarType.kInteger
    for k, j in enumerate(chosen):
        p = pairs[j]
        index.append(p.line)
        value.append(1.0)
        if cumulative:
            rows = later_rows[(p.factory, p.due)]
            index.extend(rows)
            value.extend([p.smv] * len(rows))
        else:
            index.append(cap_row[(p.factory, p.due)])
            value.append(p.smv)
        if fair:
            index.append(fair_row[p.factory])
            value.append(p.smv)
        if batch_rows[k][0] >= 0:
            index.extend(batch_rows[k])
            value.extend((1.0, 1.0))
        column(p.per_garment if by_cost else 0.0, 0.0, float(p.upper), kind)
    for li, line in enumerate(lines):
        index.append(li)
        value.append(1.0)
        if unplaced_row is not None:
            index.append(unplaced_row)
            value.append(line.smv)
        column(
            prep.unplaced_cost[li] if by_cost else 0.0,
            0.0,
            float(line.quantity),
            highspy.HighsVarType.kContinuous,
        )
    for row, next_row in slack_cols:
        index.append(row)
        value.append(1.0)
        if next_row is not None:
            index.append(next_row)
            value.append(-1.0)
        column(0.0, 0.0, highspy.kHighsInf, highspy.HighsVarType.kContinuous)
    if fair:
        for fi, row in fair_row.items():
            index.append(row)
            value.append(-free_minutes(prep, fi))
        hi = stage.max_peak + 1e-9 if stage.max_peak is not None else highspy.kHighsInf
        column(0.0 if by_cost else 1.0, 0.0, hi, highspy.HighsVarType.kContinuous)
    for k, j in enumerate(chosen):
        if batch_rows[k][0] >= 0:
            index.extend(batch_rows[k])
            value.extend((-float(pairs[j].batch), -float(pairs[j].upper)))
            column(0.0, 0.0, 1.0, highspy.HighsVarType.kInteger)

    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = len(row_lower)
    lp.col_cost_ = np.array(cost, dtype=np.float64)
    lp.col_lower_ = np.array(lower, dtype=np.float64)
    lp.col_upper_ = np.array(upper, dtype=np.float64)
    lp.row_lower_ = np.array(row_lower, dtype=np.float64)
    lp.row_upper_ = np.array(row_upper, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=np.float64)
    lp.integrality_ = integrality

    h = new_highs()
    h.setOptionValue("time_limit", max(0.05, time_limit_s))
    h.setOptionValue("mip_rel_gap", gap)
    h.setOptionValue("random_seed", 0)
    h.passModel(lp)
    if start is not None and not relax:
        h.setSolution(
            _start_solution(prep, start, chosen, by_factory, lp.num_col_, fair, not cumulative)
        )
    h.run()
    info = h.getInfo()
    status = h.getModelStatus()
    optimal = status == highspy.HighsModelStatus.kOptimal
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    quantities = None
    if has_solution:
        values = h.getSolution().col_value
        quantities = [0.0] * len(pairs)
        for k, j in enumerate(chosen):
            quantities[j] = values[k]
    if relax:
        # The LP optimum bounds every integer plan (less a hair for the tolerances).
        lp_value = info.objective_function_value
        proven = lp_value - 1e-7 * max(1.0, abs(lp_value)) if optimal else None
    else:
        bound = info.mip_dual_bound
        proven = bound if math.isfinite(bound) and bound > -highspy.kHighsInf else None
    return MipRun(quantities, proven, optimal)


def _start_solution(
    prep: Prepared,
    start: list[int],
    chosen: list[int],
    by_factory: list[list[int]],
    n_cols: int,
    fair: bool,
    slacks: bool,
) -> highspy.HighsSolution:
    """A full column vector for a known feasible plan (HiGHS checks it and may use it;
    pairs outside ``chosen`` count as 0)."""
    values = [0.0] * n_cols
    n = len(chosen)
    placed = [0] * len(prep.problem.lines)
    for k, j in enumerate(chosen):
        values[k] = float(start[j])
        placed[prep.pairs[j].line] += start[j]
    for li, line in enumerate(prep.problem.lines):
        values[n + li] = float(line.quantity - placed[li])
    col = n + len(prep.problem.lines)
    peak = 0.0
    for fi, js in enumerate(by_factory):
        dues = sorted({prep.pairs[j].due for j in js}) if slacks else []
        for due in dues:
            load = sum(start[j] * prep.pairs[j].smv for j in js if prep.pairs[j].due <= due)
            values[col] = max(0.0, prep.cumulative[fi][due] - load)
            col += 1
        if js:
            minutes = sum(start[j] * prep.pairs[j].smv for j in js)
            peak = max(peak, minutes / free_minutes(prep, fi))
    if fair:
        values[col] = peak
        col += 1
    for j in chosen:
        if prep.pairs[j].batch > 1:
            values[col] = 1.0 if start[j] else 0.0
            col += 1
    solution = highspy.HighsSolution()
    solution.col_value = values
    solution.value_valid = True
    return solution
