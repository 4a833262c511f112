"""The demo bulletins read like an industrial engineer's: size, SMV, machines, precedence."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seamline.catalog.choices import MachineType, Section
from seamline.demo.data.bulletin import Bulletin, check_bulletin, op, piece_rate
from seamline.demo.data.bulletins import BULLETINS

# (operations, total SMV) ranges published for each garment.
RANGES = {
    "tshirt": ((8, 12), (Decimal("4.5"), Decimal("6.5"))),
    "shirt": ((35, 45), (Decimal("18"), Decimal("25"))),
    "jeans": ((45, 60), (Decimal("13"), Decimal("20"))),
}


@pytest.mark.parametrize("key", sorted(RANGES))
def test_bulletin_has_the_published_number_of_operations_and_total_smv(key: str) -> None:
    bulletin = BULLETINS[key]
    (fewest, most), (low, high) = RANGES[key]

    assert fewest <= len(bulletin.rows) <= most
    assert low <= bulletin.total_smv <= high


@pytest.mark.parametrize("key", sorted(RANGES))
def test_bulletin_rows_use_known_codes_and_plausible_values(key: str) -> None:
    bulletin = BULLETINS[key]
    check_bulletin(bulletin)
    names = [row.name for row in bulletin.rows]

    assert len(set(names)) == len(names)
    for row in bulletin.rows:
        assert row.section in Section.values
        assert row.machine in MachineType.values
        assert Decimal("0.05") <= row.smv <= Decimal("1.5"), row
        assert 1 <= row.grade <= 5


def _ancestors(bulletin: Bulletin, no: int) -> set[int]:
    after = {row.no: set(row.after) for row in bulletin.rows}
    seen: set[int] = set()
    todo = list(after[no])
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(after[current])
    return seen


@pytest.mark.parametrize("key", sorted(RANGES))
def test_precedence_runs_from_parts_to_assembly_to_finishing(key: str) -> None:
    bulletin = BULLETINS[key]
    sections = {row.no: row.section for row in bulletin.rows}
    last = bulletin.rows[-1]

    # Every operation leads to the last one: nothing is sewn for nothing.
    assert _ancestors(bulletin, last.no) == {row.no for row in bulletin.rows} - {last.no}
    assert last.section == Section.FINISHING
    for row in bulletin.rows:
        for before in row.after:
            # Finishing never comes before sewing; preparation never waits for sewing.
            assert not (
                sections[before] == Section.FINISHING and row.section != Section.FINISHING
            ), (row.no, before)
            assert not (
                row.section == Section.PREPARATION and sections[before] != Section.PREPARATION
            ), (row.no, before)


@pytest.mark.parametrize("key", ["shirt", "jeans"])
def test_woven_parts_are_made_before_assembly(key: str) -> None:
    # (A T-shirt's neckband goes on after the shoulders are joined; woven parts do not wait.)
    bulletin = BULLETINS[key]
    sections = {row.no: row.section for row in bulletin.rows}
    parts = {Section.COLLAR, Section.CUFF, Section.POCKET, Section.FRONT, Section.BACK}
    for row in bulletin.rows:
        if row.section in parts:
            assert all(sections[b] != Section.ASSEMBLY for b in row.after), row.no


def test_check_bulletin_rejects_a_predecessor_that_comes_later() -> None:
    broken = Bulletin(
        key="broken",
        garment="x",
        rows=(op(1, "Hem bottom", Section.ASSEMBLY, MachineType.FL, "0.5", 2, after=[2]),),
    )

    with pytest.raises(ValueError, match="cannot follow 2"):
        check_bulletin(broken)


def test_piece_rate_is_smv_times_rate_per_minute_to_four_places() -> None:
    assert piece_rate(Decimal("0.86"), Decimal("0.55")) == Decimal("0.4730")
    assert piece_rate(Decimal("0.333"), Decimal("0.58")) == Decimal("0.1931")
