"""The exact model for small lines, a MIP solved by HiGHS (positions along the line).

``z[k]`` position k is manned (a prefix of positions); real operators: ``y[o, k]`` operator
o stands at k. ``a[j, k]`` operation j is done (partly) at k, ``x[j, k]`` its share there;
``f[j]``, ``l[j]`` its first and last positions, with ``sum_k a[j, k] = l[j] - f[j] + 1``
(contiguous). Precedence i before j: ``l[i] <= f[j] - 1 + e[i, j]``, and ``e[i, j] = 1``
(one position) only if i and j are each done at one position. ``m[g, k]`` the machine
option (one type or one compatible group) of position k; hand work needs none. Loads:
``sum_j t[j] x[j, k] <= C`` (generic) or through ``v[o, j, k] <= y[o, k]``,
``sum_o v[o, j, k] = x[j, k]`` (real). Head count: min C; target: min sum z, C = takt.
Shares are at least ``MIN_SHARE`` where an operation is done (so optimal means: among
plans without slivers below 0.1 %).
"""

from __future__ import annotations

import highspy

from seamline.engines.balancing.garment.heuristic import Station
from seamline.engines.balancing.garment.instance import MANUAL, Instance
from seamline.engines.highs import new_highs

MAX_TERMS = 2500  # size gate: share variables (generic) or operator-share variables (real)
TOL = 1e-9
MIN_SHARE = 0.001  # a position holding an operation does at least 0.1 % of it


def applicable(inst: Instance, positions: int) -> bool:
    if inst.generic:
        return inst.n * positions <= MAX_TERMS // 4
    pairs = sum(1 for row in inst.minutes for t in row if t is not None)
    return pairs * positions <= MAX_TERMS


def solve_exact(
    inst: Instance, positions: int, *, takt: float | None, time_limit: float
) -> tuple[list[Station] | None, bool, float]:
    """(stations or None, proven optimal, dual bound of the objective)."""
    K = positions  # noqa: N806 - the model's notation
    n = inst.n
    h = new_highs()
    h.setOptionValue("time_limit", max(0.05, time_limit))
    h.setOptionValue("mip_rel_gap", 1e-7)
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    integer = highspy.HighsVarType.kInteger
    z = [h.addVariable(lb=0, ub=1, type=integer) for _ in range(K)]
    for k in range(K - 1):
        h.addConstr(z[k] >= z[k + 1])
    a = [[h.addVariable(lb=0, ub=1, type=integer) for _ in range(K)] for _ in range(n)]
    x = [[h.addVariable(lb=0, ub=1) for _ in range(K)] for _ in range(n)]
    f = [h.addVariable(lb=0, ub=K - 1, type=integer) for _ in range(n)]
    last = [h.addVariable(lb=0, ub=K - 1, type=integer) for _ in range(n)]
    for j in range(n):
        h.addConstr(sum(x[j][k] for k in range(K)) == 1)
        h.addConstr(sum(a[j][k] for k in range(K)) - last[j] + f[j] == 1)
        for k in range(K):
            h.addConstr(x[j][k] <= a[j][k])
            h.addConstr(x[j][k] - MIN_SHARE * a[j][k] >= 0)
            h.addConstr(a[j][k] <= z[k])
            h.addConstr(f[j] + K * a[j][k] <= k + K)
            h.addConstr(last[j] - K * a[j][k] >= k - K)
    for j in range(n):
        for i in inst.preds[j]:
            e = h.addVariable(lb=0, ub=1, type=integer)
            h.addConstr(last[i] - f[j] - e <= -1)
            h.addConstr(sum(a[i][k] for k in range(K)) + K * e <= 1 + K)
            h.addConstr(sum(a[j][k] for k in range(K)) + K * e <= 1 + K)
    types = sorted({op.machine_type for op in inst.operations} - {MANUAL})
    options: list[frozenset[str]] = [frozenset({t}) for t in types]
    for group in inst.compatible:
        g = frozenset(group & set(types))
        if len(g) > 1 and g not in options:
            options.append(g)
    for k in range(K):
        m = [h.addVariable(lb=0, ub=1, type=integer) for _ in options]
        if m:
            h.addConstr(h.qsum(m) <= 1)
        h.addConstr(sum(a[j][k] for j in range(n)) <= inst.max_ops)
        for j, op in enumerate(inst.operations):
            if op.machine_type != MANUAL:
                h.addConstr(
                    a[j][k] <= sum(m[g] for g, opt in enumerate(options) if op.machine_type in opt)
                )
    cycle: highspy.highs_var | None = None
    bound: highspy.highs_var | float
    if takt is None:
        cycle = bound = h.addVariable(lb=0, ub=highspy.kHighsInf)
    else:
        bound = takt
    y: list[list[highspy.highs_var]] = []
    if inst.generic:
        t = [inst.minutes[0][j] or 0.0 for j in range(n)]
        for k in range(K):
            h.addConstr(sum(t[j] * x[j][k] for j in range(n)) - bound <= 0)
    else:
        n_ops = len(inst.operators)
        y = [[h.addVariable(lb=0, ub=1, type=integer) for _ in range(K)] for _ in range(n_ops)]
        for k in range(K):
            h.addConstr(sum(y[o][k] for o in range(n_ops)) - z[k] == 0)
        for o in range(n_ops):
            h.addConstr(h.qsum(y[o]) <= 1)
        for k in range(K):
            load = []
            for j in range(n):
                vs = []
                for o in range(n_ops):
                    tm = inst.minutes[o][j]
                    if tm is None:
                        continue
                    v = h.addVariable(lb=0, ub=1)
                    h.addConstr(v - y[o][k] <= 0)
                    vs.append(v)
                    load.append(tm * v)
                h.addConstr(sum(vs) - x[j][k] == 0) if vs else h.addConstr(x[j][k] == 0)
            if load:
                h.addConstr(h.qsum(load) - bound <= 0)
    if cycle is not None:
        h.minimize(cycle)
    else:
        h.minimize(sum(z))
    status = h.getModelStatus()
    info = h.getInfo()
    dual = float(info.mip_dual_bound)
    if info.primal_solution_status != 2:  # no feasible solution
        return None, False, dual
    stations: list[Station] = []
    zv = h.vals(z)
    for k in range(K):
        if zv[k] < 0.5:
            continue
        if inst.generic:
            operator = k
        else:
            operator = max(range(len(inst.operators)), key=lambda o: h.val(y[o][k]))
        st = Station(operator=operator)
        for j in range(n):
            share = h.val(x[j][k])
            if share > TOL:
                st.shares.append((j, share))
                st.ops.add(j)
                st.types.add(inst.operations[j].machine_type)
        if st.shares:  # an unused position: left out, the others close up
            stations.append(st)
    # shares of each operation summing to exactly 1, loads from the shares
    totals = [0.0] * n
    for st in stations:
        for j, share in st.shares:
            totals[j] += share
    for st in stations:
        st.shares = [(j, share / totals[j]) for j, share in st.shares]
        st.load = sum(share * (inst.minutes[st.operator][j] or 0.0) for j, share in st.shares)
    proven = status == highspy.HighsModelStatus.kOptimal
    return stations, proven, dual


# --- returns mode: no positions ---------------------------------------------------------------


def returns_applicable(inst: Instance, positions: int) -> bool:
    """The returns-mode model has no positions: its size is the operator-operation pairs
    (generic operators: ``positions`` copies)."""
    if inst.generic:
        return inst.n * positions <= MAX_TERMS
    pairs = sum(1 for row in inst.minutes for t in row if t is not None)
    return pairs <= MAX_TERMS


def solve_returns_exact(
    inst: Instance,
    positions: int,
    *,
    takt: float | None,
    time_limit: float,
    start: list[Station] | None = None,
) -> tuple[list[Station] | None, bool, float]:
    """Returns mode (the line order does not constrain who does what): a balance per
    machine option. ``u[o]`` operator o works, ``m[o, g]`` their machine option, ``a[o, j]``
    they do (part of) operation j, ``x[o, j]`` the share. At most ``positions`` operators;
    head count: min C, target: min sum u. The stations come back in no particular order
    (the caller orders them). ``start``: a plan to begin from. (stations or None, proven
    optimal, dual bound of the objective)."""
    n = inst.n
    n_ops = positions if inst.generic else len(inst.operators)
    h = new_highs()
    h.setOptionValue("time_limit", max(0.05, time_limit))
    h.setOptionValue("mip_rel_gap", 1e-7)
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    integer = highspy.HighsVarType.kInteger
    types = sorted({op.machine_type for op in inst.operations} - {MANUAL})
    options: list[frozenset[str]] = [frozenset({t}) for t in types]
    for group in inst.compatible:
        g = frozenset(group & set(types))
        if len(g) > 1 and g not in options:
            options.append(g)
    cycle: highspy.highs_var | None = None
    if takt is None:
        cycle = h.addVariable(lb=0, ub=highspy.kHighsInf)
    u = [h.addVariable(lb=0, ub=1, type=integer) for _ in range(n_ops)]
    if inst.generic:
        for o in range(n_ops - 1):  # identical operators: the used ones first
            h.addConstr(u[o] >= u[o + 1])
    h.addConstr(h.qsum(u) <= positions)
    m = [[h.addVariable(lb=0, ub=1, type=integer) for _ in options] for _ in range(n_ops)]
    a: dict[tuple[int, int], highspy.highs_var] = {}
    x: dict[tuple[int, int], highspy.highs_var] = {}
    row = inst.minutes[0] if inst.generic else None
    for o in range(n_ops):
        if m[o]:
            h.addConstr(h.qsum(m[o]) - u[o] <= 0)
        load = []
        for j, op in enumerate(inst.operations):
            tm = (row or inst.minutes[o])[j]
            if tm is None:
                continue
            a[o, j] = h.addVariable(lb=0, ub=1, type=integer)
            x[o, j] = h.addVariable(lb=0, ub=1)
            h.addConstr(x[o, j] - a[o, j] <= 0)
            h.addConstr(x[o, j] - MIN_SHARE * a[o, j] >= 0)
            h.addConstr(a[o, j] - u[o] <= 0)
            if op.machine_type != MANUAL:
                fits = [m[o][g] for g, opt in enumerate(options) if op.machine_type in opt]
                h.addConstr(a[o, j] - h.qsum(fits) <= 0)
            load.append(tm * x[o, j])
        mine = [a[o, j] for j in range(n) if (o, j) in a]
        if mine:
            h.addConstr(h.qsum(mine) <= inst.max_ops)
        if load:
            if cycle is not None:
                h.addConstr(h.qsum(load) - cycle <= 0)
            else:
                assert takt is not None
                h.addConstr(h.qsum(load) - takt * u[o] <= 0)
    for j in range(n):
        xs = [x[o, j] for o in range(n_ops) if (o, j) in x]
        if not xs:
            return None, False, 0.0
        h.addConstr(h.qsum(xs) == 1)
    if start is not None and len(start) <= n_ops:
        _warm_start(h, inst, start, u, m, a, x, options, cycle)
    if cycle is not None:
        h.minimize(cycle)
    else:
        h.minimize(h.qsum(u))
    status = h.getModelStatus()
    info = h.getInfo()
    dual = float(info.mip_dual_bound)
    if info.primal_solution_status != 2:  # no feasible solution
        return None, False, dual
    stations: list[Station] = []
    for o in range(n_ops):
        if h.val(u[o]) < 0.5:
            continue
        st = Station(operator=o)
        for j in range(n):
            if (o, j) not in x:
                continue
            share = h.val(x[o, j])
            if share > TOL:
                st.shares.append((j, share))
                st.ops.add(j)
                st.types.add(inst.operations[j].machine_type)
        if st.shares:
            stations.append(st)
    totals = [0.0] * n
    for st in stations:
        for j, share in st.shares:
            totals[j] += share
    for st in stations:
        st.shares = [(j, share / totals[j]) for j, share in st.shares]
        st.load = sum(share * (inst.minutes[st.operator][j] or 0.0) for j, share in st.shares)
    return stations, status == highspy.HighsModelStatus.kOptimal, dual


def _warm_start(
    h: highspy.Highs,
    inst: Instance,
    start: list[Station],
    u: list[highspy.highs_var],
    m: list[list[highspy.highs_var]],
    a: dict[tuple[int, int], highspy.highs_var],
    x: dict[tuple[int, int], highspy.highs_var],
    options: list[frozenset[str]],
    cycle: highspy.highs_var | None,
) -> None:
    """Hand a plan (from the heuristic) to HiGHS as its first incumbent."""
    values: dict[int, float] = {}
    for k, st in enumerate(start):
        o = k if inst.generic else st.operator
        values[u[o].index] = 1.0
        machines = st.types - {MANUAL}
        for g, opt in enumerate(options):
            if machines and machines <= opt:
                values[m[o][g].index] = 1.0
                break
        for j, share in st.shares:
            if (o, j) not in x:
                return
            values[a[o, j].index] = 1.0
            values[x[o, j].index] = values.get(x[o, j].index, 0.0) + share
    if cycle is not None:
        values[cycle.index] = max((st.load for st in start), default=0.0)
    sol = highspy.HighsSolution()
    sol.col_value = [values.get(i, 0.0) for i in range(h.getNumCol())]
    h.setSolution(sol)
