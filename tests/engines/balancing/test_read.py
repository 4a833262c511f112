from __future__ import annotations

from pathlib import Path

import pytest

from seamline.engines.balancing import LineData, parse_in2, read_in2


def test_parses_in2_with_crlf_notes_after_the_end_marker_and_ctrl_z() -> None:
    text = "3\r\n5\r\n7\r\n2\r\n1,2\r\n1,3\r\n-1,-1\r\n\r\nBemerkung: \x84nderung\r\n\x1a"

    data = parse_in2(text)

    assert data.task_times == (5, 7, 2)
    assert data.precedences == ((1, 2), (1, 3))


def test_rejects_missing_end_marker() -> None:
    with pytest.raises(ValueError, match="end marker"):
        parse_in2("2\n1\n1\n1,2\n")


def test_rejects_cycle_and_bad_task_numbers() -> None:
    with pytest.raises(ValueError, match="cycle"):
        LineData.build([1, 1], [(1, 2), (2, 1)])
    with pytest.raises(ValueError, match="outside"):
        LineData.build([1, 1], [(1, 3)])
    with pytest.raises(ValueError, match="non-negative"):
        LineData.build([1, -1], [])


def test_reads_scholl_bowman8(scholl_dir: Path) -> None:
    data = read_in2(scholl_dir / "BOWMAN8.IN2")

    assert data.task_times == (11, 17, 9, 5, 8, 12, 10, 3)
    assert data.precedences == ((1, 2), (2, 3), (2, 4), (3, 5), (3, 6), (4, 6), (5, 7), (6, 8))


def test_reads_every_scholl_file(scholl_dir: Path) -> None:
    files = sorted(scholl_dir.glob("*.IN2"))

    sizes = {f.stem: read_in2(f).n_tasks for f in files}

    assert len(sizes) == 25
    assert sizes["ARC111"] == 111
    assert sizes["SCHOLL"] == 297
