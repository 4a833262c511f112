"""Property tests on random small orders: limits, bands and bounds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seamline.engines.cutplan import CutOrder, greedy_lays, solve, targets
from tests.engines.cutplan.plans import assert_valid_plan

SIZES = ("S", "M", "L", "XL")


@st.composite
def orders(draw: st.DrawFn) -> CutOrder:
    n = draw(st.integers(min_value=1, max_value=4))
    quantities = draw(st.lists(st.integers(min_value=0, max_value=80), min_size=n, max_size=n))
    even = draw(st.booleans())
    return CutOrder(
        SIZES[:n],
        tuple(quantities),
        max_plies=draw(st.integers(min_value=2 if even else 1, max_value=15)),
        max_garments_per_marker=draw(st.integers(min_value=1, max_value=4)),
        tolerance_pct=draw(st.sampled_from([0, 1, 2.5, 5, 10])),
        even_plies=even,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=orders())
def test_plan_respects_limits_and_bands(order: CutOrder) -> None:
    plan = solve(order, time_limit_s=2, workers=1)

    assert_valid_plan(plan, order)
    assert plan.n_lays <= len(greedy_lays(order, targets(order)))


@settings(max_examples=60, deadline=None)
@given(order=orders())
def test_greedy_cuts_the_targets_exactly(order: CutOrder) -> None:
    target = targets(order)

    lays = greedy_lays(order, target)

    for i, (lower, upper) in enumerate(order.feasible_band(j) for j in range(order.n_sizes)):
        assert lower <= target[i] <= upper
        assert sum(r[i] * p for r, p in lays) == target[i]
    for ratio, plies in lays:
        assert 1 <= sum(ratio) <= order.max_garments_per_marker
        assert 1 <= plies <= order.max_plies
        assert plies % order.ply_step == 0
