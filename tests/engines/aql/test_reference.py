"""The product's copy of ISO 2859-1 Table 1 and Table 2-A, checked cell by cell against
the reference tables in ``<repo>/../shared/benchmarks/aql`` (or $SEAMLINE_BENCHMARKS_DIR)."""

from __future__ import annotations

from pathlib import Path

from seamline.engines.aql import AQL_LABELS, CODE_LETTERS, LEVELS, code_letter, table_plan
from seamline.engines.aql.tables import code_letter_table, table_2a
from tests.engines.aql.conftest import read_reference


def test_code_letters_match_reference_for_every_row_and_level(aql_reference: Path) -> None:
    rows = read_reference(aql_reference, "sample_size_code_letters_table1.csv")
    ours = code_letter_table()
    assert len(rows) == len(ours) == 15

    checked = 0
    for ref, mine in zip(rows, ours, strict=True):
        lot_min = int(ref["lot_min"])
        lot_max = int(ref["lot_max"]) if ref["lot_max"] else None
        assert (mine.lot_from, mine.lot_to) == (lot_min, lot_max)
        probes = [lot_min, lot_max] if lot_max is not None else [lot_min, lot_min * 10]
        for level in LEVELS:
            assert mine.letter(level) == ref[level], (lot_min, level)
            for lot in probes:
                assert code_letter(lot, level) == ref[level], (lot, level)
            checked += 1
    assert checked == 15 * 7


def test_printed_grid_matches_reference_grid(aql_reference: Path) -> None:
    rows = read_reference(aql_reference, "single_normal_master_table_2A_grid.csv")
    ours = table_2a()
    assert [row["code_letter"] for row in rows] == list(CODE_LETTERS)

    checked = 0
    for ref in rows:
        letter = ref["code_letter"]
        assert ours.sample_size(letter) == int(ref["sample_size"]), letter
        assert set(ref) == {"code_letter", "sample_size", *AQL_LABELS}
        for aql in AQL_LABELS:
            assert ours.cell(letter, aql).printed == ref[aql], (letter, aql)
            checked += 1
    assert checked == 416


def test_all_416_cells_and_resolved_plans_match_reference(aql_reference: Path) -> None:
    rows = read_reference(aql_reference, "single_normal_master_table_2A.csv")
    assert len(rows) == 416
    assert {(row["code_letter"], row["aql"]) for row in rows} == {
        (letter, aql) for letter in CODE_LETTERS for aql in AQL_LABELS
    }

    mismatches = []
    for ref in rows:
        plan = table_plan(ref["code_letter"], ref["aql"])
        got = (
            table_2a().sample_size(plan.code_letter),
            plan.table_cell,
            plan.plan_code_letter,
            plan.plan_sample_size,
            plan.accept,
            plan.reject,
        )
        want = (
            int(ref["sample_size"]),
            ref["table_cell"],
            ref["plan_code_letter"],
            int(ref["plan_sample_size"]),
            int(ref["ac"]),
            int(ref["re"]),
        )
        if got != want:
            mismatches.append((ref["code_letter"], ref["aql"], got, want))
    assert mismatches == []
