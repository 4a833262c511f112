"""Property tests on random small cut orders against fabric."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seamline.engines.cutplan import FabricOrder, plan_cut_order
from seamline.engines.cutplan.fabric_greedy import greedy_cut, plan_cost
from tests.engines.cutplan.fabric_plans import assert_valid_fabric_plan

SIZES = ("S", "M", "L", "XL")
COLOURS = ("black", "white", "navy")
WIDTH = 1500.0


@st.composite
def cut_orders(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(min_value=1, max_value=4))
    sizes = SIZES[:n]
    areas = {s: float(draw(st.integers(min_value=300_000, max_value=1_000_000))) for s in sizes}
    quantities = {
        colour: {s: draw(st.integers(min_value=0, max_value=60)) for s in sizes}
        for colour in COLOURS[: draw(st.integers(min_value=1, max_value=3))]
    }
    longest = max(areas.values()) / (WIDTH * 0.8) * 1.1  # a nested marker may be longer
    table = float(draw(st.integers(min_value=int(longest) + 1, max_value=6000)))
    known: dict[tuple[tuple[str, int], ...], float] = {}
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        garments = {s: draw(st.integers(min_value=0, max_value=3)) for s in sizes}
        key = tuple(sorted((s, g) for s, g in garments.items() if g))
        if key:
            estimate = sum(g * areas[s] for s, g in key) / (WIDTH * 0.8)
            known[key] = round(estimate * draw(st.sampled_from([0.85, 0.95, 1.1])), 1)
    return {
        "quantities": quantities,
        "garment_area": areas,
        "fabric_width": WIDTH,
        "max_plies": draw(st.integers(min_value=1, max_value=20)),
        "max_marker_length": table,
        "overcut_pct": draw(st.sampled_from([0, 2.5, 5, 10])),
        "cost_per_lay": float(draw(st.sampled_from([0, 20, 150]))),
        "fabric_cost_per_m": float(draw(st.sampled_from([0, 12, 30]))),
        "end_allowance": float(draw(st.sampled_from([0, 20]))),
        "known_markers": known,
        "time_limit_s": 1,
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=cut_orders())
def test_plan_covers_the_order_within_the_limits(args: dict[str, Any]) -> None:
    plan = plan_cut_order(**args)

    assert_valid_fabric_plan(plan, args)
    assert plan.runtime < 3


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=cut_orders())
def test_plan_costs_no_more_than_the_cutting_masters_greedy(args: dict[str, Any]) -> None:
    order = FabricOrder.build(
        args["quantities"],
        **{k: v for k, v in args.items() if k not in {"quantities", "time_limit_s"}},
    )
    greedy = [greedy_cut(order, order.demand[c]) for c in range(len(order.colours))]

    plan = plan_cut_order(**args)

    if all(lays is not None for lays in greedy):
        assert plan.within_allowance
        reference = sum(plan_cost(order, lays or []) for lays in greedy)
        assert plan.cost <= reference * (1 + 1e-9) + 1e-9
