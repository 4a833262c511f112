"""Bad inputs raise ValueError with a message that says what to give instead."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seamline.engines.aql import (
    code_letter,
    inspection_plan,
    sampling_plan,
    table_plan,
    verdict,
)


@pytest.mark.parametrize("lot_size", [0, 1, -5])
def test_lot_size_below_two(lot_size: int) -> None:
    with pytest.raises(ValueError, match="lot size must be at least 2 units"):
        code_letter(lot_size, "II")


@pytest.mark.parametrize("lot_size", [2.0, "100", None, True])
def test_lot_size_not_a_whole_number(lot_size: object) -> None:
    with pytest.raises(ValueError, match="lot size must be a whole number"):
        sampling_plan(lot_size, "II", "2.5")  # type: ignore[arg-type]


@pytest.mark.parametrize("level", ["IV", "S-5", "", "general", None, 2])
def test_unknown_level(level: object) -> None:
    with pytest.raises(ValueError, match=r"unknown inspection level .*use one of S-1, .*III"):
        code_letter(100, level)  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "expected"), [("ii", "II"), (" III ", "III"), ("s2", "S-2")])
def test_level_spellings(given: str, expected: str) -> None:
    assert sampling_plan(1000, given, "2.5").level == expected


@pytest.mark.parametrize("aql", ["3.0", "0.5", 2, Decimal("7"), "2000", "-2.5"])
def test_aql_not_standard(aql: object) -> None:
    with pytest.raises(ValueError, match=r"not one of the 26 standard AQL values.*0\.010"):
        sampling_plan(1000, "II", aql)  # type: ignore[arg-type]


@pytest.mark.parametrize("aql", ["", "abc", "2,5", "nan", float("inf"), None, True, [2.5]])
def test_aql_not_a_number(aql: object) -> None:
    with pytest.raises(ValueError, match="AQL must be a number"):
        sampling_plan(1000, "II", aql)  # type: ignore[arg-type]


def test_major_and_minor_need_a_standard_aql() -> None:
    with pytest.raises(ValueError, match="AQL must be a number"):
        inspection_plan(1000, "II", None, None, "4.0")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="standard AQL"):
        inspection_plan(1000, "II", None, "2.5", "0")
    with pytest.raises(ValueError, match="standard AQL"):
        inspection_plan(1000, "II", "0.3", "2.5", "4.0")


def test_unknown_code_letter() -> None:
    with pytest.raises(ValueError, match="unknown sample size code letter 'I'"):
        table_plan("I", "2.5")


@pytest.mark.parametrize(("defects", "message"), [(-1, "negative"), (1.0, "whole number")])
def test_bad_defect_count(defects: object, message: str) -> None:
    plan = sampling_plan(1000, "II", "2.5")
    with pytest.raises(ValueError, match=message):
        verdict(plan, defects)  # type: ignore[arg-type]
