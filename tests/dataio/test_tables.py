"""The table layer: formats recognised by content, headers checked, cells typed and neutralised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from seamline.catalog.choices import MaterialKind
from seamline.dataio.tables import (
    Cells,
    Column,
    RowError,
    TableError,
    neutralise,
    read_table,
    write_csv,
    write_xlsx,
)
from tests.dataio.files import csv_bytes, read_csv, read_xlsx, xlsx

COLUMNS = (
    Column("code", "Code", ("编码",), required=True),
    Column("name", "Name", ("名称",), required=True),
    Column("price", "Price"),
)


def _errors(filename: str, content: bytes) -> list[RowError]:
    with pytest.raises(TableError) as caught:
        read_table(filename, content, COLUMNS)
    return caught.value.errors


def test_reads_xlsx_rows_keyed_by_header_with_excel_row_numbers() -> None:
    content = xlsx(
        ["Code", "Name", "Price"], [["A1", "Alpha", 1.5], [None, None, None], ["B2", "Beta", 3]]
    )

    table = read_table("in.xlsx", content, COLUMNS)

    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"code": "A1", "name": "Alpha", "price": "1.5"}),
        (4, {"code": "B2", "name": "Beta", "price": "3"}),
    ]


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("gb18030", False)]
)
def test_reads_csv_in_utf8_with_or_without_bom_and_gb18030(encoding: str, bom: bool) -> None:
    content = csv_bytes(["编码", "名称"], [["X1", "棉汗布"]], encoding=encoding, bom=bom)

    table = read_table("in.csv", content, COLUMNS)

    assert table.rows[0].values == {"code": "X1", "name": "棉汗布"}
    assert table.header("code") == "编码"


def test_an_xlsx_named_csv_is_still_read_as_a_workbook() -> None:
    table = read_table("in.csv", xlsx(["code", "name"], [["A", "B"]]), COLUMNS)

    assert table.rows[0].values == {"code": "A", "name": "B"}


def test_non_xlsx_bytes_named_xlsx_is_one_clear_error() -> None:
    assert _errors("styles.xlsx", b"code,name\nA,B\n") == [
        RowError(0, "", "The file is named styles.xlsx but is not an Excel workbook.")
    ]


def test_a_broken_zip_named_xlsx_is_one_clear_error() -> None:
    assert _errors("in.xlsx", b"PK\x03\x04garbage") == [
        RowError(0, "", "The file is not a readable Excel workbook (.xlsx).")
    ]


@pytest.mark.parametrize(
    ("filename", "content"),
    [("in.csv", b""), ("in.csv", b"\xef\xbb\xbf\r\n\r\n"), ("in.xlsx", xlsx([]))],
)
def test_an_empty_file_or_sheet_is_one_clear_error(filename: str, content: bytes) -> None:
    assert _errors(filename, content) == [RowError(0, "", "The file is empty.")]


def test_headers_without_rows_is_one_clear_error() -> None:
    assert _errors("in.csv", csv_bytes(["code", "name"])) == [
        RowError(0, "", "The file has headers but no data rows.")
    ]


def test_missing_unknown_and_repeated_headers_are_all_reported() -> None:
    content = csv_bytes(["Code", "colour", "CODE"], [["A", "red", "B"]])

    assert _errors("in.csv", content) == [
        RowError(1, "colour", "Unknown column."),
        RowError(1, "CODE", "This column appears twice."),
        RowError(1, "name", "Required column is missing."),
    ]


def test_typed_cells_name_row_and_column_of_each_bad_value() -> None:
    headers = ["code", "name", "price"]
    table = read_table(
        "in.csv",
        csv_bytes(headers, [["A", "x", "abc"], ["B", "x", "1.23456"], ["C", "x", "-2"]]),
        COLUMNS,
    )
    errors: list[RowError] = []

    values = [
        Cells(table, row, errors).decimal("price", places=4, max_digits=12) for row in table.rows
    ]

    assert values == [None, None, None]
    assert errors == [
        RowError(2, "price", "“abc” is not a number."),
        RowError(3, "price", "At most 4 decimal places (got 1.23456)."),
        RowError(4, "price", "Must be 0 or more."),
    ]


def test_typed_cells_parse_good_values() -> None:
    columns = (Column("n", "n"), Column("d", "d"), Column("s", "s"), Column("k", "k"))
    table = read_table(
        "in.xlsx",
        xlsx(["n", "d", "s", "k"], [[12, dt.datetime(2027, 3, 1), "46082", "Fabric"]]),
        columns,
    )
    errors: list[RowError] = []
    cells = Cells(table, table.rows[0], errors)

    assert cells.integer("n", minimum=1) == 12
    assert cells.date("d") == dt.date(2027, 3, 1)
    assert cells.date("s") == dt.date(2026, 3, 1)  # an Excel serial day number
    assert cells.choice("k", MaterialKind) == "fabric"  # by label
    assert cells.decimal("n", places=2, max_digits=4) == Decimal("12")
    assert errors == []


def test_integer_date_and_choice_errors() -> None:
    columns = (Column("n", "n"), Column("d", "d"), Column("k", "k"))
    table = read_table(
        "in.csv", csv_bytes(["n", "d", "k"], [["2.5", "31/02/2027", "silk"]]), columns
    )
    errors: list[RowError] = []
    cells = Cells(table, table.rows[0], errors)

    assert (cells.integer("n"), cells.date("d"), cells.choice("k", MaterialKind)) == (None,) * 3
    assert errors == [
        RowError(2, "n", "“2.5” is not a whole number."),
        RowError(2, "d", "“31/02/2027” is not a date; write it as YYYY-MM-DD."),
        RowError(2, "k", "“silk” is not one of: fabric, lining, trim, thread, label, packaging."),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (-1, -1),
        (Decimal("-2.5"), Decimal("-2.5")),
    ],
)
def test_neutralise_quotes_formula_like_text_only(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_writers_neutralise_text_and_keep_numbers() -> None:
    rows = [["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", 7, Decimal("-1.5")]]
    headers = ["a", "b", "c", "d", "e", "f"]

    assert read_xlsx(write_xlsx(headers, rows, title="t"))[1] == [
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        7,
        -1.5,
    ]
    assert read_csv(write_csv(headers, rows))[1] == [
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "7",
        "-1.5",
    ]


def test_a_value_under_no_header_is_reported() -> None:
    content = csv_bytes(["code", "name"], [["A", "B"], ["C", "D", "stray"]])

    assert _errors("in.csv", content) == [
        RowError(3, "", "A value stands in a column with no header.")
    ]


def test_a_workbook_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from seamline.dataio import tables

    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 100)

    assert _errors("in.xlsx", xlsx(["code", "name"], [["A", "B"]])) == [
        RowError(0, "", "The workbook is too large to import.")
    ]
