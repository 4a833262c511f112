"""The garment line balance on small lines whose optimum is worked out by hand."""

from __future__ import annotations

import pytest

from seamline.engines.balancing.garment import (
    BalanceProblem,
    LinePlan,
    Operation,
    Operator,
    Status,
    balance_line,
)
from seamline.engines.balancing.garment.check import check_plan
from seamline.engines.balancing.garment.generate import jeans_problem


def solve(problem: BalanceProblem, time_limit_s: float = 1.0) -> LinePlan:
    plan = balance_line(problem, time_limit_s=time_limit_s)
    assert check_plan(problem, plan) == []
    return plan


def shares_of(plan: LinePlan, operation: str) -> list[tuple[str, float]]:
    return [(s.operator, round(s.share, 6)) for s in plan.shares if s.operation == operation]


def test_head_count_splits_one_operation_to_reach_the_work_bound() -> None:
    # 3.5 minutes of work on 2 operators: 1.75 each, only if one operation is split
    ops = (
        Operation("a", 1.5, "SNLS"),
        Operation("b", 0.5, "SNLS"),
        Operation("c", 1.0, "SNLS"),
        Operation("d", 0.5, "SNLS"),
    )
    plan = solve(BalanceProblem(operations=ops, head_count=2))
    assert plan.cycle_time == pytest.approx(1.75)
    assert plan.status is Status.OPTIMAL
    assert plan.lower_bound == pytest.approx(1.75)
    assert plan.output_per_hour == pytest.approx(60 / 1.75)
    assert plan.balance_efficiency == pytest.approx(1.0)
    assert plan.operators_needed == 2
    split = [k for k in "abcd" if len(shares_of(plan, k)) == 2]
    assert len(split) == 1
    assert sum(s for _, s in shares_of(plan, split[0])) == pytest.approx(1.0)
    assert [ld.load for ld in plan.loads] == [pytest.approx(1.0), pytest.approx(1.0)]


def test_chain_cannot_split_across_a_shared_position() -> None:
    # a -> b -> c -> d (1, 1, 1, 0.5) on 2 operators: splitting b or c would put the
    # split operation and its predecessor at one position, so the best is a+b | c+d = 2.0
    ops = (
        Operation("a", 1.0, "SNLS"),
        Operation("b", 1.0, "SNLS", predecessors=("a",)),
        Operation("c", 1.0, "SNLS", predecessors=("b",)),
        Operation("d", 0.5, "SNLS", predecessors=("c",)),
    )
    plan = solve(BalanceProblem(operations=ops, head_count=2))
    assert plan.cycle_time == pytest.approx(2.0)
    assert [ld.operations for ld in plan.loads] == [("a", "b"), ("c", "d")]
    assert plan.bottleneck == plan.loads[0].operator
    assert plan.status is Status.OPTIMAL  # proven by the exact model, not the work bound
    assert plan.lower_bound == pytest.approx(2.0)


def test_target_gives_the_fewest_generic_operators() -> None:
    ops = tuple(Operation(k, 0.5, "SNLS") for k in "abcd")
    plan = solve(BalanceProblem(operations=ops, target_per_hour=60))  # takt 1 minute
    assert plan.takt == pytest.approx(1.0)
    assert plan.operators_needed == 2
    assert plan.status is Status.OPTIMAL
    assert plan.lower_bound == 2
    assert all(ld.minutes <= 1.0 + 1e-9 for ld in plan.loads)
    assert [ld.operator for ld in plan.loads] == ["G1", "G2"]


def test_operation_longer_than_takt_goes_to_parallel_stations() -> None:
    ops = (
        Operation("a", 0.4, "SNLS"),
        Operation("b", 2.0, "OL4", predecessors=("a",)),
        Operation("c", 0.4, "SNLS", predecessors=("b",)),
    )
    plan = solve(BalanceProblem(operations=ops, target_per_hour=60), time_limit_s=0.2)
    b = shares_of(plan, "b")
    assert len(b) == 2
    assert [s for _, s in b] == [pytest.approx(0.5), pytest.approx(0.5)]
    assert plan.operators_needed == 4  # a | b | b | c: machines differ, so no mixing
    # the simple bounds see 1 SNLS + 2 OL4 operators; the exact model proves 4
    assert plan.lower_bound == 4
    assert plan.status is Status.OPTIMAL


def test_default_efficiency_lengthens_minutes() -> None:
    ops = (Operation("a", 0.8, "SNLS"),)
    plan = solve(BalanceProblem(operations=ops, head_count=1, default_efficiency=0.8))
    assert plan.cycle_time == pytest.approx(1.0)
    assert plan.balance_efficiency == pytest.approx(0.8)  # standard 0.8 over 1.0 worked


def test_different_machines_need_different_operators() -> None:
    ops = (Operation("a", 0.5, "SNLS"), Operation("b", 0.5, "OL4"))
    assert balance_line(BalanceProblem(operations=ops, head_count=1)).status is Status.INFEASIBLE
    plan = solve(BalanceProblem(operations=ops, head_count=2))
    assert plan.cycle_time == pytest.approx(0.5)
    assert {ld.machine_type for ld in plan.loads} == {"SNLS", "OL4"}


def test_compatible_machines_and_hand_work_may_be_mixed() -> None:
    ops = (Operation("a", 0.5, "SNLS"), Operation("b", 0.5, "DNLS"), Operation("c", 0.2, "MANUAL"))
    plan = solve(
        BalanceProblem(operations=ops, head_count=1, compatible=(frozenset({"SNLS", "DNLS"}),))
    )
    assert plan.operators_needed == 1
    assert plan.cycle_time == pytest.approx(1.2)
    assert plan.status is Status.OPTIMAL


def test_operations_per_operator_are_limited() -> None:
    ops = tuple(Operation(k, 0.1, "SNLS") for k in "abcde")
    plan = solve(BalanceProblem(operations=ops, target_per_hour=6, max_operations_per_operator=2))
    assert plan.operators_needed == 3
    assert plan.status is Status.OPTIMAL
    assert max(len(ld.operations) for ld in plan.loads) <= 2
    too_few = BalanceProblem(operations=ops, head_count=2, max_operations_per_operator=2)
    assert balance_line(too_few).status is Status.INFEASIBLE


def test_grade_and_machines_decide_who_may_do_an_operation() -> None:
    ops = (Operation("hem", 0.6, "FL", grade=4), Operation("trim", 0.3, "MANUAL"))
    people = (
        Operator("junior", grade=2, machines=frozenset({"FL", "MANUAL"})),
        Operator("senior", grade=4, machines=frozenset({"FL"})),
    )
    plan = solve(BalanceProblem(operations=ops, operators=people, head_count=2))
    assert shares_of(plan, "hem") == [("senior", 1.0)]
    assert shares_of(plan, "trim") == [("junior", 1.0)]
    nobody = BalanceProblem(operations=ops, operators=people[:1], head_count=2)
    plan = balance_line(nobody)
    assert plan.status is Status.INFEASIBLE
    assert plan.shares == ()


def test_measured_pace_by_operation_wins_over_machine_and_default() -> None:
    ops = (Operation("a", 0.6, "SNLS"), Operation("b", 0.6, "SNLS"))
    ana = Operator(
        "ana", efficiency=(("a", 1.2), ("SNLS", 0.6)), default_efficiency=0.9, machines=frozenset()
    )
    plan = solve(BalanceProblem(operations=ops, operators=(ana,), head_count=1))
    minutes = {s.operation: s.minutes for s in plan.shares}
    assert minutes == {"a": pytest.approx(0.5), "b": pytest.approx(1.0)}
    assert plan.cycle_time == pytest.approx(1.5)


def test_fastest_worker_is_placed() -> None:
    ops = (Operation("a", 1.0, "SNLS"),)
    people = (Operator("slow", default_efficiency=0.6), Operator("fast", default_efficiency=1.0))
    plan = solve(BalanceProblem(operations=ops, operators=people, head_count=1))
    assert [ld.operator for ld in plan.loads] == ["fast"]
    assert plan.status is Status.OPTIMAL


def test_unreachable_target_with_real_workers_is_infeasible_but_shows_the_best() -> None:
    ops = (Operation("a", 1.0, "SNLS"), Operation("b", 1.0, "SNLS", predecessors=("a",)))
    people = (Operator("w1"), Operator("w2"))
    plan = solve(BalanceProblem(operations=ops, operators=people, target_per_hour=120))
    assert plan.status is Status.INFEASIBLE
    assert plan.takt == pytest.approx(0.5)
    assert plan.cycle_time == pytest.approx(1.0)
    assert [ld.load for ld in plan.loads] == [pytest.approx(2.0), pytest.approx(2.0)]


def test_head_count_caps_the_real_workers_used() -> None:
    ops = tuple(Operation(k, 0.5, "SNLS") for k in "abcd")
    people = tuple(Operator(f"w{i}") for i in range(6))
    plan = solve(BalanceProblem(operations=ops, operators=people, head_count=2))
    assert plan.operators_needed == 2
    assert plan.cycle_time == pytest.approx(1.0)


def test_rejects_a_problem_without_target_or_head_count() -> None:
    with pytest.raises(ValueError, match="target_per_hour or head_count"):
        balance_line(BalanceProblem(operations=(Operation("a", 1.0, "SNLS"),)))


@pytest.mark.parametrize(
    ("ops", "message"),
    [
        ((Operation("a", 1.0, "SNLS", predecessors=("zz",)),), "unknown predecessor"),
        (
            (
                Operation("a", 1.0, "SNLS", predecessors=("b",)),
                Operation("b", 1.0, "SNLS", predecessors=("a",)),
            ),
            "cycle",
        ),
    ],
)
def test_rejects_unknown_or_cyclic_precedence(ops: tuple[Operation, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        balance_line(BalanceProblem(operations=ops, head_count=2))


def test_empty_bulletin_is_an_empty_plan() -> None:
    plan = balance_line(BalanceProblem(operations=(), head_count=3))
    assert plan.shares == ()
    assert plan.operators_needed == 0


@pytest.mark.parametrize("mode", ["target", "head_count"])
def test_jeans_bulletin_gives_a_valid_plan(mode: str) -> None:
    problem = (
        jeans_problem(1, target_per_hour=20)
        if mode == "target"
        else jeans_problem(1, head_count=40)
    )
    assert len(problem.operations) == 60
    assert len(problem.operators) == 40
    plan = solve(problem, time_limit_s=1.0)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert plan.operators_needed <= 40
    assert plan.lower_bound <= (plan.operators_needed if mode == "target" else plan.cycle_time)


def test_checker_catches_a_broken_precedence() -> None:
    ops = (Operation("a", 1.0, "SNLS"), Operation("b", 1.0, "OL4", predecessors=("a",)))
    problem = BalanceProblem(operations=ops, head_count=2)
    plan = balance_line(problem)
    swapped = LinePlan(
        **{**{f: getattr(plan, f) for f in plan.__slots__}, "loads": plan.loads[::-1]}
    )
    assert any("precedence" in e for e in check_plan(problem, swapped))


# --- returns mode: the bundle may go back upstream to an operator on the same machine ------

ALTERNATING = (
    Operation("1", 1.0, "SNLS"),
    Operation("2", 1.0, "OL4", predecessors=("1",)),
    Operation("3", 1.0, "SNLS", predecessors=("2",)),
    Operation("4", 1.0, "OL4", predecessors=("3",)),
)


def test_alternating_machines_need_returns_on_two_operators() -> None:
    # strictly in line order each change of machine needs a new position: 4 > 2 operators
    strict = solve(BalanceProblem(operations=ALTERNATING, head_count=2))
    assert strict.status is Status.INFEASIBLE
    assert strict.shares == ()
    assert strict.returns == 0
    # with returns: the SNLS operator sews 1 and 3, the overlocker 2 and 4; in line order
    # (by earliest operation) SNLS at 1, OL4 at 2; 1->2 and 3->4 go forward, 2->3 goes
    # back from position 2 to position 1: one return
    problem = BalanceProblem(operations=ALTERNATING, head_count=2, returns_allowed=True)
    plan = solve(problem)
    assert plan.status is Status.OPTIMAL
    assert plan.cycle_time == pytest.approx(2.0)
    assert plan.lower_bound == pytest.approx(2.0)
    assert [(ld.operator, ld.operations) for ld in plan.loads] == [
        ("G1", ("1", "3")),
        ("G2", ("2", "4")),
    ]
    assert plan.returns == 1


def test_returns_mode_for_a_target_uses_one_operator_per_machine() -> None:
    problem = BalanceProblem(operations=ALTERNATING, target_per_hour=30, returns_allowed=True)
    plan = solve(problem)
    assert plan.operators_needed == 2
    assert plan.status is Status.OPTIMAL
    assert plan.returns == 1
    strict = solve(BalanceProblem(operations=ALTERNATING, target_per_hour=30))
    assert strict.operators_needed == 4
    assert strict.returns == 0


def test_returns_mode_keeps_the_machine_grade_and_operation_rules() -> None:
    ops = (*ALTERNATING, Operation("5", 0.5, "MANUAL", grade=4, predecessors=("4",)))
    crew = (
        Operator("snls", grade=5, machines=frozenset({"SNLS", "MANUAL"})),
        Operator("ol", grade=2, machines=frozenset({"OL4"})),
    )
    problem = BalanceProblem(operations=ops, operators=crew, head_count=2, returns_allowed=True)
    plan = solve(problem)
    assert {s.operation for s in plan.shares if s.operator == "ol"} == {"2", "4"}
    assert plan.cycle_time == pytest.approx(2.5)
    too_few_ops = BalanceProblem(
        operations=ALTERNATING, head_count=1, max_operations_per_operator=2, returns_allowed=True
    )
    assert solve(too_few_ops).status is Status.INFEASIBLE


def test_checker_counts_returns_exactly() -> None:
    problem = BalanceProblem(operations=ALTERNATING, head_count=2, returns_allowed=True)
    plan = balance_line(problem)
    wrong = LinePlan(**{**{f: getattr(plan, f) for f in plan.__slots__}, "returns": 0})
    assert any("returns" in e for e in check_plan(problem, wrong))
    # the other order of the two positions: 1->2 and 3->4 go back, 2->3 forward
    swapped = LinePlan(
        **{**{f: getattr(plan, f) for f in plan.__slots__}, "loads": plan.loads[::-1]}
    )
    assert any("returns 1 != 2" in e for e in check_plan(problem, swapped))
    assert not any("precedence" in e for e in check_plan(problem, swapped))


@pytest.mark.parametrize("mode", ["head_count", "target"])
def test_returns_mode_on_a_jeans_line_beats_or_matches_the_strict_line(mode: str) -> None:
    problem = (
        jeans_problem(2, target_per_hour=18)
        if mode == "target"
        else jeans_problem(2, head_count=40)
    )
    strict = solve(problem, time_limit_s=1.0)
    problem = BalanceProblem(
        **{**{f: getattr(problem, f) for f in problem.__slots__}, "returns_allowed": True}
    )
    plan = solve(problem, time_limit_s=1.0)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    if mode == "target":
        assert plan.lower_bound <= plan.operators_needed <= strict.operators_needed
    else:
        assert plan.lower_bound <= plan.cycle_time <= strict.cycle_time
    assert plan.returns > 0
