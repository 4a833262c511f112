"""An independent checker of a :class:`LinePlan` against its :class:`BalanceProblem`.

It shares no code with the solver but the minutes rule (:func:`operator_minutes`, the
data contract) and the machine rule, restated here. Positions are the order of
``plan.loads`` (1 = the start of the line). When the problem allows returns, precedences
may go back upstream: they are not checked, only counted (``plan.returns`` must match).
"""

from __future__ import annotations

from seamline.engines.balancing.garment.data import BalanceProblem, Operator
from seamline.engines.balancing.garment.instance import (
    GENERIC_GRADE,
    GENERIC_PREFIX,
    operator_minutes,
)
from seamline.engines.balancing.garment.result import LinePlan, Status

TOL = 1e-6
HAND_WORK = "MANUAL"


def check_plan(problem: BalanceProblem, plan: LinePlan) -> list[str]:
    """Every rule the plan breaks, in words (empty: the plan is valid)."""
    errors: list[str] = []
    if plan.status is Status.INFEASIBLE and not plan.shares:
        return errors
    ops = {op.key: op for op in problem.operations}
    if problem.operators:
        people = {o.key: o for o in problem.operators}
    else:
        people = {
            ld.operator: Operator(
                key=ld.operator, grade=GENERIC_GRADE, default_efficiency=problem.default_efficiency
            )
            for ld in plan.loads
            if ld.operator.startswith(GENERIC_PREFIX)
        }
    position = {ld.operator: i for i, ld in enumerate(plan.loads)}
    if len(position) != len(plan.loads):
        errors.append("an operator appears twice in the loads")

    positions: dict[str, list[int]] = {k: [] for k in ops}
    share_sum: dict[str, float] = {k: 0.0 for k in ops}
    minutes: dict[str, float] = {k: 0.0 for k in position}
    ops_of: dict[str, set[str]] = {k: set() for k in position}
    for sh in plan.shares:
        op = ops.get(sh.operation)
        person = people.get(sh.operator)
        if op is None or person is None or sh.operator not in position:
            errors.append(f"share {sh.operation}/{sh.operator}: unknown operation or operator")
            continue
        if not 0 < sh.share <= 1 + TOL:
            errors.append(f"share {sh.operation}/{sh.operator}: share {sh.share} out of (0, 1]")
        t = operator_minutes(person, op)
        if t is None:
            errors.append(f"{sh.operator} may not do {sh.operation} (grade or machine)")
            continue
        if abs(sh.share * t - sh.minutes) > TOL:
            errors.append(
                f"share {sh.operation}/{sh.operator}: minutes {sh.minutes} != {sh.share * t}"
            )
        share_sum[sh.operation] += sh.share
        positions[sh.operation].append(position[sh.operator])
        minutes[sh.operator] += sh.share * t
        ops_of[sh.operator].add(sh.operation)

    for key, total in share_sum.items():
        if abs(total - 1.0) > 1e-9:
            errors.append(f"operation {key}: shares sum to {total}")
    for key, pos in positions.items():
        if pos and sorted(pos) != list(range(min(pos), max(pos) + 1)):
            errors.append(f"operation {key}: positions {sorted(pos)} not contiguous")

    for ld in plan.loads:
        done = ops_of.get(ld.operator, set())
        if len(done) > problem.max_operations_per_operator:
            errors.append(f"{ld.operator}: {len(done)} operations, over the limit")
        machines = {ops[k].machine_type for k in done} - {HAND_WORK}
        if len(machines) > 1 and not any(machines <= g for g in problem.compatible):
            errors.append(f"{ld.operator}: incompatible machines {sorted(machines)}")
        if abs(minutes.get(ld.operator, 0.0) - ld.minutes) > TOL:
            errors.append(f"{ld.operator}: load minutes {ld.minutes} != {minutes.get(ld.operator)}")
        if plan.takt > 0 and abs(ld.minutes / plan.takt - ld.load) > TOL:
            errors.append(f"{ld.operator}: load {ld.load} != minutes / takt")

    returns = 0
    for op in problem.operations:
        for p in op.predecessors:
            pi, pj = positions.get(p, []), positions.get(op.key, [])
            if not pi or not pj:
                continue
            if min(pj) < max(pi):
                returns += 1
            if problem.returns_allowed:
                continue  # the bundle may go back upstream: only counted
            if max(pi) > min(pj):
                errors.append(f"precedence {p} -> {op.key} broken")
            elif max(pi) == min(pj) and not (len(pi) == 1 and len(pj) == 1):
                errors.append(f"precedence {p} -> {op.key}: shared position with a split")

    if problem.returns_allowed and plan.returns != returns:
        errors.append(f"returns {plan.returns} != {returns} trips of the bundle back upstream")
    if not problem.returns_allowed and plan.returns != 0:
        errors.append(f"returns {plan.returns} in a line without returns")

    cycle = max(minutes.values(), default=0.0)
    if abs(cycle - plan.cycle_time) > TOL:
        errors.append(f"cycle_time {plan.cycle_time} != bottleneck minutes {cycle}")
    if plan.loads and minutes.get(plan.bottleneck, -1.0) < cycle - TOL:
        errors.append(f"bottleneck {plan.bottleneck} is not the most loaded")
    if plan.operators_needed != len(plan.loads):
        errors.append("operators_needed != number of operators in the plan")
    if problem.head_count is not None and len(plan.loads) > problem.head_count:
        errors.append("more operators than the head count")
    if problem.target_per_hour is not None:
        takt = 60.0 / problem.target_per_hour
        if abs(plan.takt - takt) > TOL:
            errors.append(f"takt {plan.takt} != {takt}")
        if plan.status is not Status.INFEASIBLE and cycle > takt * (1 + 1e-9) + 1e-9:
            errors.append(f"cycle {cycle} over the takt {takt}")
        if plan.status is not Status.INFEASIBLE and plan.lower_bound > len(plan.loads) + TOL:
            errors.append("lower bound above the operators used")
    elif plan.lower_bound > plan.cycle_time + 1e-9:
        errors.append("lower bound above the cycle time")
    return errors
