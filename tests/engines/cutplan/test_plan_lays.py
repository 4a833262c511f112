"""Hand-checked cut plans and input validation."""

from __future__ import annotations

from typing import Any

import pytest

from seamline.engines.cutplan import CutOrder, Lay, Status, plan_lays, solve
from tests.engines.cutplan.plans import assert_valid_plan


def _order(quantities: dict[str, int], **kwargs: Any) -> CutOrder:
    return CutOrder.build(quantities, **kwargs)


def test_one_lay_cuts_a_balanced_order_exactly() -> None:
    quantities = {"S": 100, "M": 200, "L": 200, "XL": 100}

    plan = plan_lays(quantities, max_plies=100, max_garments_per_marker=6, tolerance_pct=0)

    assert plan.lays == (Lay(ratio={"S": 1, "M": 2, "L": 2, "XL": 1}, plies=100),)
    assert plan.n_lays == 1
    assert plan.cut == quantities
    assert plan.overcut_pct == 0.0
    assert plan.lay_count_proven_minimal
    assert plan.status is Status.OPTIMAL
    assert plan.objective == plan.bound == 1


def test_prime_quantity_above_the_ply_limit_needs_two_lays() -> None:
    # 101 is prime and above 100 plies: no single marker x plies cuts it exactly.
    order = _order({"S": 101}, max_plies=100, max_garments_per_marker=2)

    plan = solve(order, time_limit_s=5)

    assert plan.n_lays == 2
    assert plan.lower_bound == 2
    assert plan.lay_count_proven_minimal
    assert plan.cut == {"S": 101}
    assert_valid_plan(plan, order)


def test_tolerance_allows_fewer_lays_without_over_cut() -> None:
    # Without tolerance 101 pieces at one garment per marker need two lays; 1 % allows
    # cutting 100..102, and the least over-cut choice is one lay of 100 plies.
    exact = plan_lays({"S": 101}, max_plies=100, max_garments_per_marker=1, tolerance_pct=0)
    loose = plan_lays({"S": 101}, max_plies=100, max_garments_per_marker=1, tolerance_pct=1)

    assert exact.n_lays == 2
    assert loose.lays == (Lay(ratio={"S": 1}, plies=100),)
    assert loose.cut == {"S": 100}
    assert loose.overcut_pct == 0.0
    assert loose.shortfall == 1
    assert loose.lay_count_proven_minimal


def test_over_cut_is_minimised_for_the_lay_count() -> None:
    # 2 % of 250 allows 245..255; two full lays of 2 x 60 plies cut 240, too few, so
    # three lays are needed and the cut can be exact.
    order = _order({"M": 250}, max_plies=60, max_garments_per_marker=2, tolerance_pct=2)

    plan = solve(order, time_limit_s=5)

    assert plan.n_lays == 3
    assert plan.cut == {"M": 250}
    assert plan.overcut_pct == 0.0
    assert plan.status is Status.OPTIMAL


def test_even_plies_only() -> None:
    order = _order({"A": 60, "B": 60}, max_plies=50, max_garments_per_marker=2, even_plies=True)

    plan = solve(order, time_limit_s=5)

    assert plan.n_lays == 2
    assert plan.lay_count_proven_minimal
    assert all(lay.plies % 2 == 0 for lay in plan.lays)
    assert plan.cut == {"A": 60, "B": 60}
    assert_valid_plan(plan, order)


def test_even_plies_round_an_odd_quantity_up_to_the_next_pair() -> None:
    plan = plan_lays(
        {"S": 7}, max_plies=10, max_garments_per_marker=1, tolerance_pct=0, even_plies=True
    )

    assert plan.lays == (Lay(ratio={"S": 1}, plies=8),)
    assert plan.cut == {"S": 8}
    assert plan.overcut_pct == pytest.approx(100 / 7)


def test_even_plies_cut_below_an_odd_quantity_when_the_tolerance_allows() -> None:
    # 5 % of 41 allows 39..43: the even cuts 40 and 42; 40 over-cuts nothing.
    plan = plan_lays(
        {"S": 41}, max_plies=50, max_garments_per_marker=1, tolerance_pct=5, even_plies=True
    )

    assert plan.cut == {"S": 40}
    assert plan.overcut_pct == 0.0


def test_zero_quantity_sizes_are_never_cut() -> None:
    order = _order({"S": 0, "M": 50, "L": 0}, max_plies=50, max_garments_per_marker=2)

    plan = solve(order, time_limit_s=5)

    assert plan.lays == (Lay(ratio={"S": 0, "M": 1, "L": 0}, plies=50),)
    assert plan.cut == {"S": 0, "M": 50, "L": 0}
    assert_valid_plan(plan, order)


@pytest.mark.parametrize("quantities", [{"S": 0, "M": 0}, {}])
def test_empty_order_needs_no_lays(quantities: dict[str, int]) -> None:
    plan = plan_lays(quantities, max_plies=10, max_garments_per_marker=4, tolerance_pct=2)

    assert plan.lays == ()
    assert plan.n_lays == 0
    assert plan.cut == dict.fromkeys(quantities, 0)
    assert plan.overcut_pct == 0.0
    assert plan.lay_count_proven_minimal
    assert plan.status is Status.OPTIMAL


def test_band_rounds_inwards() -> None:
    order = _order({"S": 100, "M": 3}, max_plies=10, max_garments_per_marker=2, tolerance_pct=2.5)

    assert order.band(0) == (98, 102)  # 97.5 -> 98, 102.5 -> 102
    assert order.band(1) == (3, 3)  # 2.925 -> 3, 3.075 -> 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"quantities": {"S": -1}}, "quantity"),
        ({"quantities": {"S": 2.5}}, "quantity"),
        ({"quantities": {"S": True}}, "quantity"),
        ({"quantities": {"": 3}}, "size"),
        ({"quantities": [("S", 3)]}, "mapping"),
        ({"max_plies": 0}, "max_plies"),
        ({"max_plies": 1, "even_plies": True}, "even_plies"),
        ({"max_garments_per_marker": 0}, "max_garments_per_marker"),
        ({"tolerance_pct": -1}, "tolerance_pct"),
        ({"tolerance_pct": 100}, "tolerance_pct"),
        ({"tolerance_pct": float("nan")}, "tolerance_pct"),
        ({"time_limit_s": 0}, "time_limit_s"),
    ],
)
def test_rejects_bad_input(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {
        "quantities": {"S": 10},
        "max_plies": 10,
        "max_garments_per_marker": 2,
        "tolerance_pct": 0,
    }
    args.update(kwargs)

    with pytest.raises(ValueError, match=message):
        plan_lays(**args)


def test_a_tiny_time_limit_still_returns_a_valid_plan() -> None:
    order = _order(
        {"S": 297, "M": 565, "L": 877, "XL": 807, "2XL": 813, "3XL": 443, "4XL": 256},
        max_plies=98,
        max_garments_per_marker=5,
    )

    plan = solve(order, time_limit_s=0.05)

    assert_valid_plan(plan, order)
    assert plan.n_lays >= plan.lower_bound >= 9
    assert plan.runtime < 2
