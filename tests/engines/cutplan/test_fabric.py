"""Hand-checked cut orders against fabric, known markers and input validation.

Most cases use a garment of 1,000,000 mm² on fabric 1,000 mm wide at 50 % efficiency:
an estimated 2,000 mm of marker per garment.
"""

from __future__ import annotations

from typing import Any

import pytest

from seamline.engines.cutplan import FabricLay, plan_cut_order
from tests.engines.cutplan.fabric_plans import assert_valid_fabric_plan

GARMENT = 1_000_000.0


def _args(quantities: dict[str, dict[str, int]], **overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "quantities": quantities,
        "garment_area": {"S": GARMENT, "M": GARMENT},
        "fabric_width": 1000.0,
        "efficiency": 0.5,
        "max_plies": 50,
        "max_marker_length": 4000.0,
        "overcut_pct": 0,
        "cost_per_lay": 100.0,
        "fabric_cost_per_m": 10.0,
        "end_allowance": 10.0,
        "time_limit_s": 2,
    }
    args.update(overrides)
    return args


def _plan(args: dict[str, Any]) -> Any:
    plan = plan_cut_order(**args)
    assert_valid_fabric_plan(plan, args)
    return plan


def test_one_full_lay_cuts_the_order_exactly() -> None:
    args = _args({"black": {"M": 100}})

    plan = _plan(args)

    (colour,) = plan.colours
    assert colour.lays == (
        FabricLay(
            ratio={"M": 2}, plies=50, marker_length=4000.0, estimated=True, fabric_length=200_500.0
        ),
    )
    assert colour.cut == {"M": 100}
    assert colour.overcut_pct == 0.0
    assert plan.n_lays == 1
    assert plan.fabric_length == 200_500.0
    assert plan.cost == pytest.approx(200.5 * 10 + 100)
    assert plan.lower_bound_length == 200_000.0
    assert plan.length_ratio == pytest.approx(1.0025)
    assert plan.markers == ((("M", 2),),)
    assert plan.within_allowance
    assert plan.status == "optimal"


def test_over_cut_allowance_buys_one_lay_less() -> None:
    # 101 garments at 2 per marker: exact needs two lays (2 x 50 + 1 x 1); one lay of
    # 51 plies over-cuts one garment (4 m of fabric = 40) but saves a lay (100).
    exact = _plan(_args({"black": {"M": 101}}, max_plies=60, overcut_pct=0))
    loose = _plan(_args({"black": {"M": 101}}, max_plies=60, overcut_pct=3))

    assert exact.n_lays == 2
    assert exact.colours[0].cut == {"M": 101}
    assert [lay.plies for lay in loose.colours[0].lays] == [51]
    assert loose.colours[0].cut == {"M": 102}
    assert loose.colours[0].overcut_pct == pytest.approx(100 / 101)
    assert loose.within_allowance
    assert loose.cost < exact.cost


def test_over_cut_is_not_used_when_a_lay_is_cheap() -> None:
    args = _args({"black": {"M": 101}}, max_plies=60, overcut_pct=3, cost_per_lay=5.0)

    plan = _plan(args)

    assert plan.colours[0].cut == {"M": 101}
    assert plan.n_lays == 2


def test_colours_share_a_ratio_when_it_costs_the_same() -> None:
    # White alone could be cut as S1 M1 x 60 or S2 M2 x 30 (the same fabric without end
    # allowance, one lay each); black needs S2 M2 x 50: white reuses that marker.
    args = _args(
        {"black": {"S": 100, "M": 100}, "white": {"S": 60, "M": 60}},
        max_plies=60,
        max_marker_length=8000.0,
        end_allowance=0.0,
    )

    plan = _plan(args)

    black, white = plan.colours
    assert [(lay.ratio, lay.plies) for lay in black.lays] == [({"S": 2, "M": 2}, 50)]
    assert [(lay.ratio, lay.plies) for lay in white.lays] == [({"S": 2, "M": 2}, 30)]
    assert plan.markers == ((("M", 2), ("S", 2)),)


def test_a_shorter_nested_marker_is_used_at_its_length() -> None:
    args = _args({"black": {"M": 100}}, known_markers={(("M", 2),): 3500.0})

    plan = _plan(args)

    (lay,) = plan.colours[0].lays
    assert (lay.ratio, lay.plies) == ({"M": 2}, 50)
    assert lay.marker_length == 3500.0
    assert not lay.estimated
    assert lay.fabric_length == 50 * 3510.0
    assert plan.fabric_length < plan.lower_bound_length


def test_a_longer_nested_marker_is_costed_at_its_length() -> None:
    # Estimated, M2 would need 4,000 mm; nested it takes 4,500 mm: 25 m more fabric
    # (250) than two lays of M1 (one more lay: 100).
    args = _args(
        {"black": {"M": 100}}, max_marker_length=5000.0, known_markers={(("M", 2),): 4500.0}
    )

    plan = _plan(args)

    assert [(lay.ratio, lay.plies) for lay in plan.colours[0].lays] == [
        ({"M": 1}, 50),
        ({"M": 1}, 50),
    ]
    assert plan.fabric_length == 2 * 50 * 2010.0


def test_a_nested_marker_longer_than_the_table_is_not_used() -> None:
    args = _args(
        {"black": {"M": 100}}, max_marker_length=4200.0, known_markers={(("M", 2),): 4300.0}
    )

    plan = _plan(args)

    assert all(lay.ratio == {"M": 1} for lay in plan.colours[0].lays)
    assert plan.n_lays == 2


def test_a_nested_marker_holds_more_than_the_estimate_allows() -> None:
    # Estimated, three garments need 6,000 mm, over the 5,800 mm table; nested they fit.
    args = _args(
        {"black": {"M": 150}}, max_marker_length=5800.0, known_markers={(("M", 3),): 5500.0}
    )

    plan = _plan(args)

    (lay,) = plan.colours[0].lays
    assert (lay.ratio, lay.plies, lay.marker_length) == ({"M": 3}, 50, 5500.0)


def test_least_over_cut_when_the_allowance_cannot_be_met() -> None:
    # One M alone nests to 3,000 mm, over the 2,500 mm table; M with an S fits (2,500
    # mm estimated). Black ordered no S, so every M brings an S along.
    args = _args(
        {"black": {"M": 10}},
        garment_area={"S": 250_000.0, "M": GARMENT},
        max_marker_length=2500.0,
        overcut_pct=3,
        known_markers={(("M", 1),): 3000.0},
    )

    plan = _plan(args)

    (colour,) = plan.colours
    assert colour.cut == {"M": 10, "S": 10}
    assert colour.ordered == {"M": 10}
    assert colour.overcut_pct == 100.0
    assert not colour.within_allowance
    assert not plan.within_allowance
    assert plan.status == "feasible"


def test_sizes_not_ordered_are_not_cut() -> None:
    args = _args({"black": {"S": 0, "M": 40}, "white": {}})

    plan = _plan(args)

    black, white = plan.colours
    assert black.cut == {"S": 0, "M": 40}
    assert all("S" not in lay.ratio for lay in black.lays)
    assert white.lays == ()
    assert white.fabric_length == 0.0


def test_empty_order_needs_nothing() -> None:
    plan = _plan(_args({}))

    assert plan.colours == ()
    assert plan.n_lays == 0
    assert plan.cost == 0.0
    assert plan.status == "optimal"


def test_same_input_same_plan() -> None:
    args = _args(
        {"black": {"S": 137, "M": 251}, "white": {"S": 61, "M": 89}},
        max_plies=40,
        max_marker_length=9000.0,
        overcut_pct=2,
        time_limit_s=1,
    )

    first = plan_cut_order(**args)
    second = plan_cut_order(**args)

    assert first.colours == second.colours
    assert first.cost == second.cost


def test_time_limit_is_respected() -> None:
    sizes = ("XS", "S", "M", "L", "XL", "2XL", "3XL")
    areas = {s: 800_000.0 * 1.05**i for i, s in enumerate(sizes)}
    quantities = {
        colour: {s: q + k for s, q in zip(sizes, (97, 263, 451, 503, 389, 211, 83), strict=True)}
        for k, colour in enumerate(("black", "white", "navy", "grey"))
    }
    args = _args(
        quantities,
        garment_area=areas,
        fabric_width=1600.0,
        efficiency=0.8,
        max_plies=90,
        max_marker_length=10_000.0,
        overcut_pct=3,
        cost_per_lay=150.0,
        fabric_cost_per_m=25.0,
        end_allowance=30.0,
        time_limit_s=1.5,
    )

    plan = _plan(args)

    assert plan.runtime < 2.5
    assert plan.within_allowance


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quantities": {"black": {"XL": 5}}}, "black: size 'XL' has no garment area"),
        ({"quantities": {"black": {"M": -1}}}, "black, size M: the quantity"),
        ({"quantities": {"black": {"M": 2.5}}}, "black, size M: the quantity"),
        ({"quantities": {"black": {"M": True}}}, "black, size M: the quantity"),
        ({"quantities": {"": {"M": 1}}}, "colour"),
        ({"quantities": {"black": [("M", 1)]}}, "black: quantities must be a mapping"),
        ({"garment_area": {"M": 0.0}}, "garment_area of size M"),
        ({"garment_area": {}}, "garment_area"),
        ({"fabric_width": -1.0}, "fabric_width"),
        ({"max_plies": 0}, "max_plies"),
        ({"max_plies": 2.5}, "max_plies"),
        ({"max_marker_length": 0.0}, "max_marker_length"),
        ({"overcut_pct": -1}, "overcut_pct"),
        ({"overcut_pct": 100}, "overcut_pct"),
        ({"cost_per_lay": -5.0}, "cost_per_lay"),
        ({"fabric_cost_per_m": float("nan")}, "fabric_cost_per_m"),
        ({"end_allowance": -1.0}, "end_allowance"),
        ({"efficiency": 1.5}, "efficiency"),
        ({"efficiency": 0.0}, "efficiency"),
        ({"max_marker_length": 1500.0}, "size M: one garment needs 2000 mm"),
        ({"known_markers": {(("XL", 2),): 3000.0}}, "size 'XL' has no garment area"),
        ({"known_markers": {(("M", -2),): 3000.0}}, "garments of size M"),
        ({"known_markers": {(("M", 2),): 0.0}}, "length of marker"),
        ({"known_markers": {(("M", 1), ("M", 1)): 3000.0}}, "appears twice"),
        ({"time_limit_s": 0}, "time_limit_s"),
    ],
)
def test_rejects_bad_input(overrides: dict[str, Any], message: str) -> None:
    args = _args({"black": {"M": 10}})
    args.update(overrides)

    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        plan_cut_order(**args)
