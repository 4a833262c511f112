"""The package data loads through importlib.resources and is checked when loaded."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

import pytest

from seamline.engines.aql import tables
from seamline.engines.aql.tables import CODE_LETTER_FILE, TABLE_2A_FILE


def test_data_files_are_package_resources() -> None:
    data = resources.files("seamline.engines.aql").joinpath("data")
    for name in (CODE_LETTER_FILE, TABLE_2A_FILE):
        text = data.joinpath(name).read_text("utf-8")
        assert "\r" not in text
        assert text.startswith("# ")


def test_tables_have_the_printed_shape() -> None:
    assert len(tables.code_letter_table()) == 15
    grid = tables.table_2a()
    assert [n for _, n in grid.sample_sizes] == [
        2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000,
    ]  # fmt: skip
    assert len(grid.cells) == 16
    assert all(len(row) == 26 for row in grid.cells)


@pytest.fixture
def patched_data(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Replace a data file's text; the loaders' caches are cleared before and after."""
    original = tables._data_text
    replaced: dict[str, str] = {}
    monkeypatch.setattr(tables, "_data_text", lambda name: replaced.get(name) or original(name))
    tables.code_letter_table.cache_clear()
    tables.table_2a.cache_clear()
    yield replaced
    tables.code_letter_table.cache_clear()
    tables.table_2a.cache_clear()


def _edit(name: str, old: str, new: str) -> str:
    text = tables._data_text(name)
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("\n9,15,", "\n10,15,", "breaks the lot ranges"),
        ("\n500001,,D", "\n500001,999999,D", "must be open-ended"),
        ("2,8,A,A,A,A,A,A,B", "2,8,A,A,A,A,A,A,I", "unknown code letter"),
        ("2,8,A,A,A,A,A,A,B", "2,8,A,A,A,A,A,A", "has 8 fields"),
    ],
)
def test_broken_code_letter_file_is_refused(
    patched_data: dict[str, str], old: str, new: str, message: str
) -> None:
    patched_data[CODE_LETTER_FILE] = _edit(CODE_LETTER_FILE, old, new)
    with pytest.raises(ValueError, match=message):
        tables.code_letter_table()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("A,2,DOWN", "A,2,UP", "runs off Table 2-A"),
        ("DOWN,0/1,DOWN,DOWN,1/2", "DOWN,DOWN,DOWN,DOWN,1/2", "arrows point at each other"),
        ("A,2,", "A,4,", "sample sizes must rise"),
        ("30/31\n", "30/32\n", "Re = Ac"),
        ("7/8", "7-8", "bad Table 2-A cell"),
        ("R,2000,UP,UP,", "R,2000,UP,", "has 27 fields"),
        ("\nJ,80,", "\nI,80,", "must have rows"),
    ],
)
def test_broken_table_2a_file_is_refused(
    patched_data: dict[str, str], old: str, new: str, message: str
) -> None:
    patched_data[TABLE_2A_FILE] = _edit(TABLE_2A_FILE, old, new)
    with pytest.raises(ValueError, match=message):
        tables.table_2a()
