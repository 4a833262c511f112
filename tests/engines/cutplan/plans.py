"""Checks shared by the cut-plan tests."""

from __future__ import annotations

from collections.abc import Mapping

from seamline.engines.cutplan import CutOrder, CutPlan


def assert_valid_plan(plan: CutPlan, order: CutOrder) -> None:
    """Limits respected, cut consistent with the lays and inside every size's band."""
    quantities = dict(zip(order.sizes, order.quantities, strict=True))
    assert plan.n_lays == len(plan.lays)
    for lay in plan.lays:
        assert isinstance(lay.ratio, dict)
        assert list(lay.ratio) == list(order.sizes)
        assert all(isinstance(r, int) and r >= 0 for r in lay.ratio.values())
        assert 1 <= sum(lay.ratio.values()) <= order.max_garments_per_marker
        assert 1 <= lay.plies <= order.max_plies
        if order.even_plies:
            assert lay.plies % 2 == 0
        for size, q in quantities.items():
            if q == 0:
                assert lay.ratio[size] == 0
    assert plan.cut == {s: sum(lay.ratio[s] * lay.plies for lay in plan.lays) for s in quantities}
    for i, size in enumerate(order.sizes):
        lower, upper = order.feasible_band(i)
        assert lower <= plan.cut[size] <= upper, f"{size}: {plan.cut[size]} not in band"
        if not order.even_plies:
            assert (lower, upper) == order.band(i)
    assert plan.overcut_pct == _overcut_pct(plan.cut, quantities)
    assert plan.lower_bound <= plan.n_lays
    assert plan.lay_count_proven_minimal == (plan.lower_bound == plan.n_lays)


def _overcut_pct(cut: Mapping[str, int], quantities: Mapping[str, int]) -> float:
    total = sum(quantities.values())
    over = sum(max(0, cut[s] - q) for s, q in quantities.items())
    return 100.0 * over / total if total else 0.0
