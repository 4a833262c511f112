"""Sampling plans, arrows, 100 % inspection and verdicts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seamline.engines.aql import (
    AQL_LABELS,
    CODE_LETTERS,
    LEVELS,
    code_letter,
    combined_verdict,
    inspection_plan,
    sampling_plan,
    table_plan,
    verdict,
)


@pytest.mark.parametrize("lot_size", [1201, 2000, 3200])
def test_garment_qc_spot_checks_level_ii(lot_size: int) -> None:
    assert code_letter(lot_size, "II") == "K"
    expected = {"2.5": (7, 8), "4.0": (10, 11), "1.5": (5, 6)}
    for aql, (ac, re) in expected.items():
        plan = sampling_plan(lot_size, "II", aql)
        assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("K", 125, ac, re)
        assert plan.table_code_letter == "K"
        assert plan.followed_arrow is None
        assert not plan.inspect_all


def test_lot_range_boundaries() -> None:
    assert code_letter(1200, "II") == "J"
    assert code_letter(1201, "II") == "K"
    assert code_letter(3200, "II") == "K"
    assert code_letter(3201, "II") == "L"
    assert code_letter(2, "III") == "B"
    assert code_letter(10_000_000, "II") == "Q"
    assert code_letter(10_000_000, "III") == "R"


def test_down_arrow_takes_first_plan_below_with_its_sample_size() -> None:
    # Level II, lot 281-500 -> H (n = 50); AQL 0.65 is DOWN -> J, n = 80, 1/2.
    plan = sampling_plan(400, "II", "0.65")
    assert plan.table_code_letter == "H"
    assert plan.followed_arrow == "down"
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("J", 80, 1, 2)
    assert plan.plan_sample_size == 80


def test_down_arrow_passes_further_arrows() -> None:
    # Row A at AQL 10 is DOWN, row B too: the first plan below is C, n = 5, 1/2.
    cell = table_plan("A", "10")
    assert (cell.table_cell, cell.plan_code_letter, cell.plan_sample_size) == ("DOWN", "C", 5)
    assert (cell.accept, cell.reject) == (1, 2)
    assert cell.followed_arrow == "down"


def test_up_arrow_takes_first_plan_above_with_its_sample_size() -> None:
    # Level II, lot 1201-3200 -> K (n = 125); AQL 0.15 is UP -> J, n = 80, 0/1.
    plan = sampling_plan(2000, "II", "0.15")
    assert plan.table_code_letter == "K"
    assert plan.followed_arrow == "up"
    assert (plan.code_letter, plan.sample_size, plan.accept, plan.reject) == ("J", 80, 0, 1)


def test_up_arrow_passes_further_arrows() -> None:
    # Row R at AQL 0.015 is UP, row Q too: the first plan above is P, n = 800, 0/1.
    cell = table_plan("R", "0.015")
    assert (cell.table_cell, cell.plan_code_letter, cell.plan_sample_size) == ("UP", "P", 800)
    assert (cell.accept, cell.reject) == (0, 1)
    assert cell.followed_arrow == "up"
    # Large AQLs on large code letters go up too: K at AQL 25 -> J (UP) -> H, n = 50, 21/22.
    big = table_plan("K", "25")
    assert (big.plan_code_letter, big.plan_sample_size, big.accept, big.reject) == (
        "H",
        50,
        21,
        22,
    )


def test_every_cell_resolves_to_a_plan_in_the_arrow_direction() -> None:
    for letter in CODE_LETTERS:
        for aql in AQL_LABELS:
            cell = table_plan(letter, aql)
            row, plan_row = CODE_LETTERS.index(letter), CODE_LETTERS.index(cell.plan_code_letter)
            assert cell.reject == cell.accept + 1
            if cell.followed_arrow == "down":
                assert plan_row > row
            elif cell.followed_arrow == "up":
                assert plan_row < row
            else:
                assert plan_row == row
                assert cell.table_cell == f"{cell.accept}/{cell.reject}"


def test_tiny_lot_is_inspected_in_full() -> None:
    # Lot 5, level II -> A (n = 2); AQL 1.0 is DOWN -> E, n = 13 > 5: inspect all 5.
    plan = sampling_plan(5, "II", "1.0")
    assert plan.table_code_letter == "A"
    assert plan.code_letter == "E"
    assert plan.plan_sample_size == 13
    assert plan.inspect_all
    assert plan.sample_size == 5
    # The plan's Ac/Re still apply, to the defects found in the whole lot.
    assert (plan.accept, plan.reject) == (0, 1)
    assert verdict(plan, 0) == "accept"
    assert verdict(plan, 1) == "reject"


def test_sample_equal_to_lot_is_inspected_in_full() -> None:
    plan = sampling_plan(2, "II", "6.5")  # A, n = 2, 0/1
    assert (plan.code_letter, plan.plan_sample_size, plan.sample_size) == ("A", 2, 2)
    assert plan.inspect_all
    plan = sampling_plan(8, "III", "4.0")  # B, n = 3, 0/1: a real sample
    assert (plan.code_letter, plan.sample_size, plan.inspect_all) == ("B", 3, False)
    plan = sampling_plan(8, "III", "6.5")  # B is UP -> A, n = 2: the sample shrinks
    assert (plan.table_code_letter, plan.code_letter, plan.sample_size) == ("B", "A", 2)
    assert (plan.followed_arrow, plan.inspect_all) == ("up", False)


def test_full_inspection_keeps_the_plan_acceptance_numbers() -> None:
    # Lot 20, level II -> C (n = 5); AQL 0.65 is DOWN -> F, n = 20 = lot: all 20, 0/1.
    plan = sampling_plan(20, "II", "0.65")
    assert (plan.code_letter, plan.plan_sample_size, plan.sample_size) == ("F", 20, 20)
    assert plan.inspect_all
    assert (plan.accept, plan.reject) == (0, 1)
    # AQL 25 on row C is 3/4, n = 5 < 20: a normal sample.
    plan = sampling_plan(20, "II", 25)
    assert (plan.sample_size, plan.accept, plan.reject, plan.inspect_all) == (5, 3, 4, False)


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_gives_a_plan(level: str) -> None:
    plan = sampling_plan(5000, level, "2.5")
    assert plan.level == level
    assert plan.reject == plan.accept + 1
    assert 2 <= plan.sample_size <= 5000


def test_aql_spellings_give_the_same_plan() -> None:
    base = sampling_plan(2000, "II", "2.5")
    for aql in ("2.50", " 2.5 ", Decimal("2.5"), Decimal("2.50"), 2.5):
        assert sampling_plan(2000, "II", aql) == base
    assert sampling_plan(2000, "II", 10) == sampling_plan(2000, "II", "10.0")
    assert sampling_plan(2000, "II", "0.01").aql == Decimal("0.010")


def test_verdict_boundaries() -> None:
    plan = sampling_plan(2000, "II", "2.5")  # 7/8
    assert verdict(plan, 0) == "accept"
    assert verdict(plan, plan.accept) == "accept"
    assert verdict(plan, plan.reject) == "reject"
    assert verdict(plan, 125) == "reject"


def test_inspection_plan_with_zero_tolerance_for_critical() -> None:
    for critical in (None, "0", 0, Decimal("0"), "0.0"):
        plan = inspection_plan(2000, "II", critical, "2.5", "4.0")
        assert plan.critical.zero_tolerance
        assert plan.critical.aql is None
        assert (plan.critical.accept, plan.critical.reject) == (0, 1)
        assert plan.critical.sample_size == 125
        assert (plan.major.accept, plan.major.reject) == (7, 8)
        assert (plan.minor.accept, plan.minor.reject) == (10, 11)
        assert plan.sample_size == 125


def test_inspection_plan_with_a_critical_aql() -> None:
    plan = inspection_plan(2000, "II", "0.065", "1.0", "2.5")
    assert not plan.critical.zero_tolerance
    assert plan.critical.followed_arrow == "down"
    assert (plan.critical.code_letter, plan.critical.sample_size) == ("L", 200)
    assert (plan.major.sample_size, plan.major.accept) == (125, 3)
    assert plan.sample_size == 200


def test_combined_verdict_rejects_when_any_class_rejects() -> None:
    plan = inspection_plan(2000, "II", None, "2.5", "4.0")  # 0/1, 7/8, 10/11

    passed = combined_verdict(plan, critical=0, major=7, minor=10)
    assert (passed.critical, passed.major, passed.minor) == ("accept", "accept", "accept")
    assert passed.verdict == "accept"

    assert combined_verdict(plan, critical=1, major=0, minor=0).verdict == "reject"
    assert combined_verdict(plan, critical=0, major=8, minor=0).verdict == "reject"
    minor = plan.verdict(critical=0, major=0, minor=11)
    assert (minor.critical, minor.major, minor.minor, minor.verdict) == (
        "accept",
        "accept",
        "reject",
        "reject",
    )


def test_plans_are_frozen() -> None:
    plan = sampling_plan(2000, "II", "2.5")
    with pytest.raises(AttributeError):
        plan.accept = 99  # type: ignore[misc]
