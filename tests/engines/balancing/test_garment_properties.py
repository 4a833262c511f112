"""Property tests of the garment line balance on small random bulletins: every plan
passes the independent checker, its bound never exceeds its objective, and the shares of
each operation sum to 1."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seamline.engines.balancing.garment import (
    BalanceProblem,
    Operation,
    Operator,
    Status,
    balance_line,
)
from seamline.engines.balancing.garment.check import check_plan

MACHINES = ("SNLS", "DNLS", "OL4", "MANUAL")
LONG_S = 2.0
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw: st.DrawFn) -> BalanceProblem:
    n = draw(st.integers(min_value=1, max_value=8))
    ops: list[Operation] = []
    for i in range(n):
        earlier = [o.key for o in ops]
        preds = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        ops.append(
            Operation(
                key=f"op{i}",
                smv=draw(st.floats(min_value=0.1, max_value=2.0)),
                machine_type=draw(st.sampled_from(MACHINES)),
                grade=draw(st.integers(min_value=1, max_value=3)),
                predecessors=tuple(preds),
            )
        )
    operators: list[Operator] = []
    if draw(st.booleans()):
        for i in range(draw(st.integers(min_value=1, max_value=6))):
            machines = draw(
                st.one_of(
                    st.just(frozenset()), st.frozensets(st.sampled_from(MACHINES), min_size=2)
                )
            )
            paces = draw(
                st.lists(
                    st.tuples(
                        st.sampled_from([o.key for o in ops] + list(MACHINES)),
                        st.floats(min_value=0.6, max_value=1.1),
                    ),
                    max_size=3,
                )
            )
            operators.append(
                Operator(
                    key=f"w{i}",
                    grade=draw(st.integers(min_value=2, max_value=5)),
                    efficiency=tuple(paces),
                    default_efficiency=draw(st.floats(min_value=0.6, max_value=1.1)),
                    machines=machines,
                )
            )
    target = draw(st.one_of(st.none(), st.floats(min_value=10, max_value=120)))
    head_count = draw(st.integers(min_value=1, max_value=8)) if target is None else None
    if target is not None and draw(st.booleans()):
        head_count = draw(st.integers(min_value=1, max_value=8))
    compatible = draw(st.sampled_from(((), (frozenset({"SNLS", "DNLS"}),))))
    return BalanceProblem(
        operations=tuple(ops),
        operators=tuple(operators),
        target_per_hour=target,
        head_count=head_count,
        compatible=compatible,
        max_operations_per_operator=draw(st.integers(min_value=1, max_value=4)),
        default_efficiency=draw(st.floats(min_value=0.7, max_value=1.0)),
    )


@SETTINGS
@given(problems())
def test_every_plan_passes_the_checker(problem: BalanceProblem) -> None:
    plan = balance_line(problem, time_limit_s=0.1)
    assert check_plan(problem, plan) == []


@SETTINGS
@given(problems())
def test_bound_never_exceeds_the_objective_and_shares_sum_to_one(problem: BalanceProblem) -> None:
    plan = balance_line(problem, time_limit_s=0.1)
    if plan.status is Status.INFEASIBLE:
        return
    if problem.target_per_hour is None:
        assert plan.lower_bound <= plan.cycle_time + 1e-9
    else:
        assert plan.lower_bound <= plan.operators_needed
        assert plan.cycle_time <= plan.takt * (1 + 1e-9)
    totals: dict[str, float] = {}
    for share in plan.shares:
        totals[share.operation] = totals.get(share.operation, 0.0) + share.share
    assert set(totals) == {op.key for op in problem.operations}
    assert all(abs(total - 1.0) <= 1e-9 for total in totals.values())
    assert plan.output_per_hour == 60 / plan.cycle_time


@SETTINGS
@given(problems())
def test_returns_mode_plans_pass_the_checker_with_a_valid_bound(problem: BalanceProblem) -> None:
    problem = dataclasses.replace(problem, returns_allowed=True)
    plan = balance_line(problem, time_limit_s=0.1)
    assert check_plan(problem, plan) == []
    if plan.status is Status.INFEASIBLE:
        return
    if problem.target_per_hour is None:
        assert plan.lower_bound <= plan.cycle_time + 1e-9
    else:
        assert plan.lower_bound <= plan.operators_needed
        assert plan.cycle_time <= plan.takt * (1 + 1e-9)
    totals: dict[str, float] = {}
    for share in plan.shares:
        totals[share.operation] = totals.get(share.operation, 0.0) + share.share
    assert set(totals) == {op.key for op in problem.operations}
    assert all(abs(total - 1.0) <= 1e-9 for total in totals.values())
    assert 0 <= plan.returns <= sum(len(op.predecessors) for op in problem.operations)


@SETTINGS
@given(problems())
def test_returns_mode_finds_a_plan_whenever_the_strict_line_does(
    problem: BalanceProblem,
) -> None:
    """A strict plan is a returns-mode plan (with the same count of operators): returns
    mode finds one too, with a cycle no longer (head count) or no more operators
    (target)."""
    # Budgets far beyond what these small lines need, so that both runs finish their search
    # and a loaded machine cannot make one stop earlier than the other.
    strict = balance_line(problem, time_limit_s=LONG_S)
    plan = balance_line(dataclasses.replace(problem, returns_allowed=True), time_limit_s=2 * LONG_S)
    if not strict.shares:
        return
    assert plan.shares
    if strict.status is Status.INFEASIBLE:
        return
    assert plan.status is not Status.INFEASIBLE
    if problem.target_per_hour is None:
        # to the solvers' tolerance: the exact model's shares are good to about 1e-6
        assert plan.cycle_time <= strict.cycle_time * (1 + 1e-5)
    else:
        assert plan.operators_needed <= strict.operators_needed
