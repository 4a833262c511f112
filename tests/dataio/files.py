"""Build test spreadsheets in memory (no binary fixtures in the repository)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import openpyxl


def xlsx(headers: Sequence[str], rows: Sequence[Sequence[Any]] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]] = (),
    *,
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row)
    text = ("\ufeff" if bom else "") + buffer.getvalue()
    return text.encode(encoding)


def read_xlsx(content: bytes) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def make(fmt: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> tuple[str, bytes]:
    """(filename, content) for `fmt` "xlsx" or "csv"."""
    if fmt == "xlsx":
        return "data.xlsx", xlsx(headers, rows)
    return "data.csv", csv_bytes(headers, rows)
