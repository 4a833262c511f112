"""Property tests: every plan the engine returns keeps every rule, on random instances."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from seamline.engines.allocation import (
    AllocationProblem,
    Bid,
    Factory,
    Mode,
    OrderLine,
    Reason,
    allocate,
)
from seamline.engines.allocation.check import violations

CODES = ("knits", "wovens", "denim")


@st.composite
def problems(draw: st.DrawFn) -> AllocationProblem:
    periods = draw(st.integers(1, 4))
    codes = st.frozensets(st.sampled_from(CODES), max_size=3)
    factories = tuple(
        Factory(
            key=f"F{k}",
            capabilities=draw(codes),
            capacity=tuple(
                draw(st.lists(st.integers(0, 2_000), min_size=periods, max_size=periods))
            ),
            cost_per_minute=draw(st.floats(0.01, 0.5)),
            min_batch=draw(st.sampled_from((0, 0, 10, 50))),
            lateness_risk=draw(st.floats(0.0, 1.0)),
        )
        for k in range(draw(st.integers(1, 6)))
    )
    lines = tuple(
        OrderLine(
            key=f"L{i}",
            quantity=draw(st.integers(0, 300)),
            smv=draw(st.floats(0.5, 30.0)),
            due_period=draw(st.integers(-1, periods + 1)),
            required=draw(st.frozensets(st.sampled_from(CODES), max_size=2)),
            min_batch=draw(st.sampled_from((0, 0, 20, 80))),
        )
        for i in range(draw(st.integers(1, 5)))
    )
    bids = tuple(
        Bid(
            factory=draw(st.sampled_from(factories)).key,
            line=draw(st.sampled_from(lines)).key,
            quantity=draw(st.integers(0, 200)),
            price=draw(st.floats(0.0, 10.0)),
            ready_period=draw(st.integers(0, periods + 1)),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return AllocationProblem(
        factories,
        lines,
        bids,
        mode=draw(st.sampled_from(Mode)),
        lateness_penalty=draw(st.floats(0.0, 2.0)),
    )


@settings(max_examples=50, deadline=None)
@given(problems())
def test_every_plan_keeps_every_rule(problem: AllocationProblem) -> None:
    result = allocate(problem, time_limit_s=2)

    assert violations(problem, result) == []
    assert result.bound <= result.objective + 1e-6 * max(1.0, result.objective)
    for line in problem.lines:
        placed = sum(a.quantity for a in result.assignments if a.line == line.key)
        assert placed + result.unplaced.get(line.key, 0) == line.quantity
    assert [e.factory for e in result.explanations] == [f.key for f in problem.factories]


@settings(max_examples=50, deadline=None)
@given(problems())
def test_reasons_are_true_of_the_plan(problem: AllocationProblem) -> None:
    result = allocate(problem, time_limit_s=2)

    lines = {line.key: line for line in problem.lines}
    for factory, e in zip(problem.factories, result.explanations, strict=True):
        got = [a for a in result.assignments if a.factory == factory.key]
        assert e.quantity == sum(a.quantity for a in got)
        if Reason.MISSING_CAPABILITY in e.reasons:
            assert e.missing
            assert any(not lines[m].required <= factory.capabilities for m in lines)
        if Reason.BID in e.reasons:
            assert any(a.bid for a in got)
        if {Reason.LOWEST_COST, Reason.CAPACITY_FULL, Reason.FAIR_SHARE} & set(e.reasons):
            assert got
        if {Reason.COSTLIER, Reason.HIGH_RISK, Reason.NO_CAPACITY_BEFORE_DUE} & set(e.reasons):
            assert not got
        assert 0.0 <= e.utilisation <= 1.0 + 1e-9
