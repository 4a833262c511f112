"""The CP-SAT model of one colour: at most ``slots`` lays, least fabric and lay cost.

Each lay slot holds a ratio (garments per size), a ply count and their products (the
garments it cuts per size). With an estimated marker length the fabric of a lay is
linear in those products (garment area / (width x efficiency)) plus the end allowance
per ply, so the cost is linear; a known nested marker is recognised by a flag per slot
that holds exactly when the slot's ratio equals the marker's, and corrects the length
to the nested one. Ratios already used by other colours carry the same flag and a
bonus of one objective unit per lay: the tie-break towards reusing marker paper.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from seamline.engines.cutplan.fabric_data import FabricOrder, Ratio
from seamline.engines.cutplan.fabric_greedy import RawLay

AREA_SCALE = 100  # mm² -> integer units of 0.01 mm²
OBJECTIVE_UNITS = 10**9  # the reference plan's cost maps to about this many units


class Outcome(enum.Enum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"  # no plan in that many lays
    UNKNOWN = "unknown"  # nothing found in time


@dataclass(frozen=True, slots=True)
class ColourRun:
    outcome: Outcome
    lays: tuple[RawLay, ...]
    work: float  # the solver's deterministic time used


@dataclass(frozen=True, slots=True)
class _Special:
    ratio: Ratio
    allowed: bool  # False: a known marker too long for the table
    correction: float  # nested length - estimated length, mm (0 when not known)
    bonus: int  # objective units saved per lay (reuse tie-break)


def solve_colour(
    order: FabricOrder,
    c: int,
    *,
    slots: int,
    reference_cost: float,
    hint: Sequence[RawLay] = (),
    preferred: Sequence[Ratio] = (),
    max_overcut: int | None = None,
    minimise_overcut: bool = False,
    fixed: Sequence[RawLay] = (),
    work_limit: float,
    time_limit_s: float,
    seed: int = 0,
) -> ColourRun:
    """Least-cost lays for colour ``c`` in at most ``slots`` lays.

    Every size is cut at least as ordered and the over-cut (summed over sizes) is at
    most ``max_overcut`` (default: the colour's allowance). With ``minimise_overcut``
    the over-cut itself is minimised instead of the cost. The ``fixed`` lays stay as
    they are (their cut counts, their cost does not): the model re-plans the rest, the
    neighbourhood of a large-neighbourhood search. ``reference_cost`` (money,
    e.g. the greedy plan's) sets the objective's integer scale. The search stops after
    ``work_limit`` units of the solver's deterministic time (repeatable) or
    ``time_limit_s`` seconds, whichever comes first; one worker, fixed seed.
    """
    n = order.n_sizes
    ordered = order.demand[c]
    allowed = order.allowance(c) if max_overcut is None else max_overcut
    done = [sum(r[i] * p for r, p in fixed) for i in range(n)]
    demand = [max(0, q - d) for q, d in zip(ordered, done, strict=True)]
    limit = sum(ordered) + allowed - sum(done) - sum(demand)
    if limit < 0:
        return ColourRun(Outcome.INFEASIBLE, (), 0.0)
    cap = math.floor(order.max_marker_length * order.area_per_mm * AREA_SCALE + 1e-6)
    areas = [round(a * AREA_SCALE) for a in order.areas]
    # sizes the colour did not order are cut only when a plan must over-cut anyway
    spare = [
        q + limit if o or max_overcut is not None else 0
        for q, o in zip(demand, ordered, strict=True)
    ]
    specials = _specials(order, spare, preferred)
    top = [
        min(x, max([cap // areas[i]] + [s.ratio[i] for s in specials])) for i, x in enumerate(spare)
    ]
    most = max(
        [sum(min(t, cap // areas[i]) for i, t in enumerate(top))]
        + [sum(s.ratio) for s in specials if s.allowed]
    )
    scale = OBJECTIVE_UNITS / reference_cost if reference_cost > 0 else 1.0
    money_per_mm = order.fabric_cost_per_m / 1000 * scale

    m = cp_model.CpModel()
    used = [m.new_bool_var(f"used{k}") for k in range(slots)]
    plies = [m.new_int_var(0, order.max_plies, f"p{k}") for k in range(slots)]
    ratio = [[m.new_int_var(0, top[i], f"r{k}_{i}") for i in range(n)] for k in range(slots)]
    cut = [
        [m.new_int_var(0, demand[i] + limit, f"x{k}_{i}") for i in range(n)] for k in range(slots)
    ]
    terms: list[cp_model.LinearExprT] = []
    for k in range(slots):
        m.add(plies[k] >= used[k])
        m.add(plies[k] <= order.max_plies * used[k])
        m.add(sum(ratio[k]) >= used[k])
        m.add(sum(ratio[k]) <= most * used[k])
        for i in range(n):
            m.add_multiplication_equality(cut[k][i], [ratio[k][i], plies[k]])
        relief = []
        for j, special in enumerate(specials):
            flag = _equal_flag(m, ratio[k], special.ratio, f"{k}_{j}")
            if not special.allowed:
                m.add(flag == 0)
                continue
            own_area = sum(g * a for g, a in zip(special.ratio, areas, strict=True))
            if own_area > cap:
                relief.append((own_area - cap) * flag)
            if special.correction:
                p_if = m.new_int_var(0, order.max_plies, f"pk{k}_{j}")
                m.add(p_if == plies[k]).only_enforce_if(flag)
                m.add(p_if == 0).only_enforce_if(~flag)
                terms.append(round(special.correction * money_per_mm) * p_if)
            if special.bonus:
                terms.append(-special.bonus * flag)
        m.add(sum(a * r for a, r in zip(areas, ratio[k], strict=True)) <= cap + sum(relief))
    for k in range(slots - 1):
        m.add(used[k] >= used[k + 1])
        m.add(plies[k] >= plies[k + 1])
    totals = []
    for i, q in enumerate(demand):
        total = m.new_int_var(q, q + limit, f"cut{i}")
        m.add(total == sum(cut[k][i] for k in range(slots)))
        totals.append(total)
    over = sum(totals) - sum(demand)
    m.add(over <= limit)

    if minimise_overcut:
        m.minimize(over)
    else:
        per_garment = [a / order.area_per_mm * money_per_mm for a in order.areas]
        terms.extend(round(w) * t for w, t in zip(per_garment, totals, strict=True))
        terms.append(round(order.end_allowance * money_per_mm) * sum(plies))
        terms.append(round(order.cost_per_lay * scale) * sum(used))
        m.minimize(sum(terms))

    for k, (r_vals, p) in enumerate(sorted(hint, key=lambda lay: (-lay[1], lay[0]))[:slots]):
        m.add_hint(used[k], 1)
        m.add_hint(plies[k], p)
        for i, v in enumerate(r_vals):
            m.add_hint(ratio[k][i], v)
            m.add_hint(cut[k][i], v * p)
    for k in range(len(hint), slots):
        m.add_hint(used[k], 0)
        m.add_hint(plies[k], 0)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit_s)
    solver.parameters.max_deterministic_time = max(0.01, work_limit)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(m)
    if status == cp_model.INFEASIBLE:
        return ColourRun(Outcome.INFEASIBLE, (), solver.deterministic_time)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ColourRun(Outcome.UNKNOWN, (), solver.deterministic_time)
    lays = tuple(
        (tuple(int(solver.value(r)) for r in ratio[k]), int(solver.value(plies[k])))
        for k in range(slots)
        if solver.value(used[k])
    )
    outcome = Outcome.OPTIMAL if status == cp_model.OPTIMAL else Outcome.FEASIBLE
    return ColourRun(outcome, lays, solver.deterministic_time)


def _specials(
    order: FabricOrder, spare: Sequence[int], preferred: Sequence[Ratio]
) -> list[_Special]:
    """Known markers and reused ratios this colour could cut (no size beyond ``spare``,
    its order plus the over-cut allowed)."""
    out: dict[Ratio, _Special] = {}
    reuse = set(preferred)
    for r in sorted(set(order.known) | reuse):
        if any(g > x for g, x in zip(r, spare, strict=True)):
            continue
        if r in order.known:
            length = order.known[r]
            out[r] = _Special(
                r,
                length <= order.max_marker_length + 1e-9,
                length - order.estimate(r),
                1 if r in reuse else 0,
            )
        elif order.fits(r):
            out[r] = _Special(r, True, 0.0, 1)
    return list(out.values())


def _equal_flag(
    m: cp_model.CpModel, ratio: Sequence[cp_model.IntVar], target: Ratio, name: str
) -> cp_model.IntVar:
    """A flag that holds exactly when ``ratio`` equals ``target`` size by size."""
    flag = m.new_bool_var(f"is{name}")
    differs = []
    for i, (var, value) in enumerate(zip(ratio, target, strict=True)):
        m.add(var == value).only_enforce_if(flag)
        d = m.new_bool_var(f"d{name}_{i}")
        m.add(var != value).only_enforce_if(d)
        differs.append(d)
    m.add_bool_or([flag, *differs])
    return flag
