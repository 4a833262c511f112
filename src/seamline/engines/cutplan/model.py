"""The CP-SAT model: a fixed number of lays that cut every size inside its band."""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from seamline.engines.cutplan.data import CutOrder

RawLay = tuple[tuple[int, ...], int]  # (garments per size, plies)


class Outcome(enum.Enum):
    OPTIMAL = "optimal"  # a plan, proven best for this lay count (or any plan, when only
    # feasibility was asked)
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ModelRun:
    outcome: Outcome
    lays: tuple[RawLay, ...]
    bound: int = 0  # with ``fewest``: a proven lower bound on the lays


def solve_with_lays(
    order: CutOrder,
    bands: Sequence[tuple[int, int]],
    n_lays: int,
    *,
    optimise: bool,
    time_limit_s: float,
    fewest: bool = False,
    lower_bound: int = 0,
    max_overcut: int | None = None,
    seed: int,
    workers: int,
    hint: Sequence[RawLay] = (),
) -> ModelRun:
    """Look for ``n_lays`` non-empty lays whose cut per size lies within ``bands``.

    With ``optimise`` the plan minimises the over-cut or, given ``max_overcut``, the
    shortfall among plans that over-cut at most that much; with
    ``fewest`` lays may stay empty and the plan uses as few as it can (at least
    ``lower_bound``); otherwise the first plan found is returned.
    """
    m = cp_model.CpModel()
    n = order.n_sizes
    cap = order.max_garments_per_marker
    step = order.ply_step
    ply_domain = cp_model.Domain.from_values(list(range(step, order.usable_max_plies + 1, step)))
    plies = [m.new_int_var_from_domain(ply_domain, f"p{k}") for k in range(n_lays)]
    used = [m.new_bool_var(f"used{k}") if fewest else m.new_constant(1) for k in range(n_lays)]
    ratio: list[list[cp_model.IntVar]] = []
    cut: list[list[cp_model.IntVar]] = []
    for k in range(n_lays):
        r_row: list[cp_model.IntVar] = []
        x_row: list[cp_model.IntVar] = []
        for i in range(n):
            hi = bands[i][1]
            r = m.new_int_var(0, min(cap, hi // step), f"r{k}_{i}")
            x = m.new_int_var(0, hi, f"x{k}_{i}")
            m.add_multiplication_equality(x, [r, plies[k]])
            r_row.append(r)
            x_row.append(x)
        m.add(sum(r_row) >= used[k])
        m.add(sum(r_row) <= cap * used[k])
        m.add(sum(x_row) <= cap * plies[k])  # linear relaxation of the marker limit
        ratio.append(r_row)
        cut.append(x_row)
    for k in range(n_lays - 1):
        if fewest:
            m.add(used[k] >= used[k + 1])
            m.add(plies[k] >= plies[k + 1]).only_enforce_if(used[k + 1])
        else:
            m.add(plies[k] >= plies[k + 1])
    totals = []
    for i in range(n):
        lower, upper = bands[i]
        total = m.new_int_var(lower, upper, f"cut{i}")
        m.add(total == sum(cut[k][i] for k in range(n_lays)))
        totals.append(total)
    need = sum(b[0] for b in bands)
    m.add(sum(plies) * cap >= need)

    if fewest:
        m.add(sum(used) >= lower_bound)
        m.minimize(sum(used))
    elif optimise:
        over = []
        short = []
        for i, q in enumerate(order.quantities):
            lower, upper = bands[i]
            o = m.new_int_var(0, max(0, upper - q), f"over{i}")
            s = m.new_int_var(0, max(0, q - lower), f"short{i}")
            m.add(o >= totals[i] - q)
            m.add(s >= q - totals[i])
            over.append(o)
            short.append(s)
        if max_overcut is None:
            m.minimize(sum(over))
        else:
            m.add(sum(over) <= max_overcut)
            m.minimize(sum(short))
    if hint and len(hint) == n_lays:
        for k, (r_vals, p) in enumerate(sorted(hint, key=lambda lay: -lay[1])):
            m.add_hint(plies[k], p)
            if fewest:
                m.add_hint(used[k], 1)
            for i, v in enumerate(r_vals):
                m.add_hint(ratio[k][i], v)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(m)
    if status == cp_model.INFEASIBLE:
        return ModelRun(Outcome.INFEASIBLE, ())
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ModelRun(Outcome.UNKNOWN, ())
    lays = tuple(
        (tuple(int(solver.value(r)) for r in ratio[k]), int(solver.value(plies[k])))
        for k in range(n_lays)
        if any(solver.value(r) for r in ratio[k])
    )
    proven = status == cp_model.OPTIMAL or not (optimise or fewest)
    bound = math.ceil(solver.best_objective_bound - 1e-6) if fewest else 0
    return ModelRun(Outcome.OPTIMAL if proven else Outcome.FEASIBLE, lays, bound)
