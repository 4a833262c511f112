"""Slivers of split operations: the definition, the merge pass on hand-built lines, a
line that had one before the pass, and a property: a sliver stays only when no plain
change with the position next to it fixes it without raising the cycle."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seamline.engines.balancing.garment import (
    BalanceProblem,
    LinePlan,
    Operation,
    Status,
    balance_line,
)
from seamline.engines.balancing.garment.check import check_plan
from seamline.engines.balancing.garment.heuristic import Station
from seamline.engines.balancing.garment.instance import (
    build_instance,
    generic_operators,
    operator_minutes,
)
from seamline.engines.balancing.garment.slivers import (
    SLIVER_TOLERANCE,
    is_sliver,
    merge_slivers,
    plan_slivers,
)
from tests.engines.balancing.test_garment_properties import SETTINGS, problems

# three independent operations; the plans below are built by hand
LINE = (Operation("a", 1.0, "SNLS"), Operation("b", 1.0, "SNLS"), Operation("c", 0.9, "SNLS"))
Plan = list[list[tuple[str, float]]]


def merged(plan: Plan, ops: tuple[Operation, ...] = LINE, takt: float | None = None) -> Plan:
    """Run the merge pass on a hand-built plan of generic operators (1 minute per SMV)."""
    problem = BalanceProblem(operations=ops, head_count=len(plan))
    inst = build_instance(problem, generic_operators(problem, len(plan)), generic=True)
    index = {op.key: j for j, op in enumerate(inst.operations)}
    smv = {op.key: op.smv for op in ops}
    stations = []
    for o, shares in enumerate(plan):
        st = Station(operator=o, load=sum(share * smv[k] for k, share in shares))
        for key, share in shares:
            st.shares.append((index[key], share))
            st.ops.add(index[key])
            st.types.add("SNLS")
            if sum(key in [k for k, _ in other] for other in plan) > 1:
                st.split.add(index[key])
        stations.append(st)

    out = merge_slivers(inst, stations, takt)

    keys = [op.key for op in inst.operations]
    return [[(keys[j], round(share, 6)) for j, share in st.shares] for st in out]


def test_a_sliver_is_under_ten_percent_or_under_a_tenth_of_a_minute() -> None:
    assert is_sliver(0.03, 0.06)  # 3 % of a 2-minute operation
    assert is_sliver(0.5, 0.075)  # half of a 0.15-minute operation
    assert not is_sliver(0.10, 0.10)  # exactly at both limits: a proper share
    assert not is_sliver(0.25, 0.3)


def test_three_percent_on_a_position_of_its_own_goes_back_to_its_neighbour() -> None:
    # b split 97/3 and the 3 % alone at a position: b whole at the second position
    # keeps the cycle at 1.0 and frees an operator
    result = merged([[("a", 1.0)], [("b", 0.97)], [("b", 0.03)], [("c", 1.0)]])

    assert result == [[("a", 1.0)], [("b", 1.0)], [("c", 1.0)]]


def test_split_ending_in_a_sliver_beside_other_work_is_made_whole() -> None:
    # b 99.5 / 0.5 %, the sliver sharing the last position with c (0.9): b whole at the
    # second position is exactly the cycle, 1.0
    result = merged([[("a", 1.0)], [("b", 0.995)], [("b", 0.005), ("c", 1.0)]])

    assert result == [[("a", 1.0)], [("b", 1.0)], [("c", 1.0)]]


def test_short_operation_halved_into_two_slivers_is_done_by_one_operator() -> None:
    # d takes 0.15 minutes: split 50/50 both halves are slivers (0.075 minutes each);
    # one operator does it whole, the other position goes
    ops = (*LINE, Operation("d", 0.15, "SNLS"))

    result = merged([[("a", 1.0)], [("d", 0.5)], [("d", 0.5)], [("c", 1.0)]], ops)

    assert result == [[("a", 1.0)], [("d", 1.0)], [("c", 1.0)]]


def test_a_sliver_that_would_cost_more_than_the_tolerance_becomes_a_proper_share() -> None:
    # a + 97 % of b at one position (1.97), 3 % of b alone: b whole there would make
    # 2.0, 1.5 % more than the tolerance allows; so the 3 % grows to a proper share, and
    # b is divided for the shortest cycle: the first position keeps the least that is not
    # a sliver (10 %, 1.1 minutes with a), the second takes 90 %
    assert SLIVER_TOLERANCE < 0.015
    result = merged([[("a", 1.0), ("b", 0.97)], [("b", 0.03)], [("c", 1.0)]])

    assert result == [[("a", 1.0), ("b", 0.1)], [("b", 0.9)], [("c", 1.0)]]


def test_merging_may_cost_a_little_cycle_but_never_goes_above_the_takt() -> None:
    # b takes 1.005 minutes: made whole it raises the cycle from 1.0 to 1.005 (0.5 %)
    ops = (Operation("a", 1.0, "SNLS"), Operation("b", 1.005, "SNLS"), Operation("c", 0.9, "SNLS"))
    plan = [[("a", 1.0)], [("b", 0.97)], [("b", 0.03)], [("c", 1.0)]]

    assert merged(plan, ops) == [[("a", 1.0)], [("b", 1.0)], [("c", 1.0)]]

    # with a takt of 1.0 it may not: the two operators keep b, neither with a sliver
    result = merged(plan, ops, takt=1.0)
    assert len(result) == 4
    b_shares = [share for shares in result for key, share in shares if key == "b"]
    assert len(b_shares) == 2
    assert sum(b_shares) == pytest.approx(1.0)
    assert all(share >= 0.1 and share * 1.005 <= 1.0 + 1e-9 for share in b_shares)


def test_line_whose_exact_plan_split_an_operation_999_to_1_gets_it_whole() -> None:
    # the exact model's plan had op2 split 99.9 / 0.1 % over the last two operators (the
    # cycle is op0's 1.5 minutes either way); now op2 is done by one operator
    ops = (
        Operation("op0", 1.5, "OL4"),
        Operation("op1", 1.0, "SNLS"),
        Operation("op2", 1.2, "OL4", predecessors=("op0",)),
        Operation("op3", 0.4, "SNLS"),
        Operation("op4", 0.5, "OL4", predecessors=("op0", "op1")),
    )
    problem = BalanceProblem(operations=ops, head_count=4)

    plan = balance_line(problem, time_limit_s=1.0)

    assert check_plan(problem, plan) == []
    assert plan_slivers(plan) == []
    assert plan.cycle_time == pytest.approx(1.5)
    assert plan.status is Status.OPTIMAL
    assert [(s.operator, s.share) for s in plan.shares if s.operation == "op2"] == [("G3", 1.0)]


def avoidable(problem: BalanceProblem, plan: LinePlan) -> list[str]:
    """The slivers of a plan that a plain change with the position next to them (doing
    the same operation) would fix without going above the plan's cycle: the sliver goes
    there whole (if its position is at either end of the operation's run or does nothing
    else), or grows to a proper share taken from there (if that one stays proper)."""
    ops = {op.key: op for op in problem.operations}
    people = {o.key: o for o in problem.operators}
    order = [ld.operator for ld in plan.loads]
    minutes = {ld.operator: ld.minutes for ld in plan.loads}
    done = {ld.operator: set(ld.operations) for ld in plan.loads}
    share_of = {(s.operation, s.operator): s.share for s in plan.shares}
    room = plan.cycle_time * (1 - 1e-6)

    def pace(operator: str, key: str) -> float:
        person = people.get(operator)
        if person is None:  # a generic operator at the default pace
            return ops[key].smv / problem.default_efficiency
        t = operator_minutes(person, ops[key])
        assert t is not None
        return t

    found = []
    for sliver in plan_slivers(plan):
        key, here = sliver.operation, order.index(sliver.operator)
        run = sorted(order.index(s.operator) for s in plan.shares if s.operation == key)
        may_go = here in (run[0], run[-1]) or done[sliver.operator] == {key}
        t = pace(sliver.operator, key)
        need = max(0.1, 0.1 / t) - sliver.share
        at = run.index(here)
        for k in (at - 1, at + 1):
            if not 0 <= k < len(run):
                continue
            other = order[run[k]]
            t_other, theirs = pace(other, key), share_of[(key, other)]
            if may_go and minutes[other] + sliver.share * t_other <= room:
                found.append(f"{key}@{sliver.operator} whole to {other}")
            left = theirs - need
            if (
                left >= 0.1
                and left * t_other >= 0.1
                and minutes[sliver.operator] + need * t <= room
            ):
                found.append(f"{key}@{sliver.operator} grows, taking from {other}")
    return found


@st.composite
def crowded_lines(draw: st.DrawFn) -> BalanceProblem:
    """More operators than operations, or about as many: the balance has to split."""
    n = draw(st.integers(min_value=2, max_value=6))
    ops = tuple(
        Operation(
            key=f"op{i}",
            smv=draw(st.sampled_from((0.2, 0.35, 0.5, 0.8, 1.0, 1.2, 1.5, 2.0))),
            machine_type=draw(st.sampled_from(("SNLS", "OL4"))),
            predecessors=(f"op{i - 1}",) if i and draw(st.booleans()) else (),
        )
        for i in range(n)
    )
    return BalanceProblem(
        operations=ops,
        head_count=draw(st.integers(min_value=n - 1, max_value=2 * n)),
        max_operations_per_operator=draw(st.integers(min_value=2, max_value=3)),
    )


@SETTINGS
@given(st.one_of(problems(), crowded_lines()))
def test_no_plan_keeps_a_sliver_that_could_merge_without_raising_the_cycle(
    problem: BalanceProblem,
) -> None:
    for case in (problem, dataclasses.replace(problem, returns_allowed=True)):
        plan = balance_line(case, time_limit_s=0.1)
        assert check_plan(case, plan) == []
        assert avoidable(case, plan) == []
