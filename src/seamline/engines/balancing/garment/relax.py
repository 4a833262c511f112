"""The LP relaxation bound for real operators (HiGHS): who does which fraction of each
operation, forgetting the line order, the machine mix and the operation limit, but not
who may do what nor how fast. ``x[o, j]`` the fraction of operation j done by operator o,
``u[o]`` in [0, 1] operator o's use, ``x[o, j] <= u[o]``.

* head count h: min C with sum_o x[o, j] = 1, sum_j t[o, j] x[o, j] <= C, sum_o u[o] <= h;
* target (takt T): min sum_o u[o] with sum_j t[o, j] x[o, j] <= T u[o].

The optimum is shaded by a relative 1e-6 so solver tolerances cannot make it too high.
"""

from __future__ import annotations

import highspy
import numpy as np

from seamline.engines.balancing.garment.instance import Instance
from seamline.engines.highs import new_highs

SHADE = 1 - 1e-6


def _solve(inst: Instance, *, takt: float | None, head_count: int) -> float | None:
    h = new_highs()
    inf = highspy.kHighsInf
    n_ops = len(inst.operators)
    # columns: u[o] (0..n_ops-1), then C (head count only), then x[o, j] where allowed
    cols: list[tuple[int, int]] = [
        (o, j) for o in range(n_ops) for j in range(inst.n) if inst.minutes[o][j] is not None
    ]
    n_u = n_ops
    c_col = n_u if takt is None else -1
    first_x = n_u + (1 if takt is None else 0)
    n_cols = first_x + len(cols)
    cost = np.zeros(n_cols)
    if takt is None:
        cost[c_col] = 1.0
    else:
        cost[:n_u] = 1.0
    lower = np.zeros(n_cols)
    upper = np.ones(n_cols)
    if takt is None:
        upper[c_col] = inf
    h.addVars(n_cols, lower, upper)
    h.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32), cost)

    def row(lo: float, hi: float, idx: list[int], val: list[float]) -> None:
        h.addRow(lo, hi, len(idx), np.array(idx, dtype=np.int32), np.array(val, dtype=np.float64))

    by_op: list[list[int]] = [[] for _ in range(inst.n)]
    by_operator: list[list[int]] = [[] for _ in range(n_ops)]
    for k, (o, j) in enumerate(cols):
        by_op[j].append(first_x + k)
        by_operator[o].append(k)
        row(-inf, 0.0, [first_x + k, o], [1.0, -1.0])  # x <= u
    for j in range(inst.n):
        row(1.0, 1.0, by_op[j], [1.0] * len(by_op[j]))
    for o in range(n_ops):
        idx = [first_x + k for k in by_operator[o]]
        val = [float(inst.minutes[o][cols[k][1]] or 0.0) for k in by_operator[o]]
        if takt is None:
            row(-inf, 0.0, [*idx, c_col], [*val, -1.0])
        else:
            row(-inf, 0.0, [*idx, o], [*val, -takt])
    if takt is None:
        row(-inf, float(head_count), list(range(n_u)), [1.0] * n_u)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return float(h.getInfo().objective_function_value) * SHADE


def lp_cycle_bound(inst: Instance, head_count: int) -> float | None:
    """A lower bound of the cycle with at most ``head_count`` of the operators (None when
    the LP did not solve)."""
    return _solve(inst, takt=None, head_count=head_count)


def lp_operators_bound(inst: Instance, takt: float) -> float | None:
    """A lower bound (fractional) of the operators the takt needs."""
    return _solve(inst, takt=takt, head_count=len(inst.operators))
