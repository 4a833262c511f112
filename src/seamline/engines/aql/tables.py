"""The product's own copy of ISO 2859-1 Table 1 and Table 2-A, read from package data.

The CSV files live in ``seamline/engines/aql/data/`` and are read with
:mod:`importlib.resources`, so they load from a source checkout and from an installed
wheel alike. Lines starting with ``#`` are comments. Both tables are checked for shape
and consistency when they are first loaded; a broken data file raises ``ValueError``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

LEVELS: tuple[str, ...] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")
"""Inspection levels: special S-1..S-4 and general I, II, III (II is the usual one)."""

CODE_LETTERS: tuple[str, ...] = tuple("ABCDEFGHJKLMNPQR")
"""Sample size code letters as printed (no I, O)."""

AQL_LABELS: tuple[str, ...] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65",
    "100", "150", "250", "400", "650", "1000",
)  # fmt: skip
"""The 26 AQL columns of Table 2-A, spelled as printed."""

AQL_VALUES: tuple[Decimal, ...] = tuple(Decimal(label) for label in AQL_LABELS)

CODE_LETTER_FILE = "code_letters.csv"
TABLE_2A_FILE = "single_normal_table_2a.csv"

Arrow = Literal["UP", "DOWN"]


@dataclass(frozen=True, slots=True)
class LotRange:
    """One row of Table 1: a lot-size range and its code letter per inspection level."""

    lot_from: int
    lot_to: int | None  # None = "and over"
    letters: tuple[tuple[str, str], ...]  # (level, code letter) in LEVELS order

    def letter(self, level: str) -> str:
        return dict(self.letters)[level]

    def contains(self, lot_size: int) -> bool:
        return lot_size >= self.lot_from and (self.lot_to is None or lot_size <= self.lot_to)


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed cell of Table 2-A: either an Ac/Re pair or an arrow."""

    accept: int | None = None
    reject: int | None = None
    arrow: Arrow | None = None

    @property
    def printed(self) -> str:
        """The cell as printed in the data file: ``"Ac/Re"``, ``"UP"`` or ``"DOWN"``."""
        if self.arrow is not None:
            return self.arrow
        return f"{self.accept}/{self.reject}"


@dataclass(frozen=True, slots=True)
class Table2A:
    """Table 2-A as printed: per code letter its sample size and one cell per AQL."""

    sample_sizes: tuple[tuple[str, int], ...]  # (code letter, n) in CODE_LETTERS order
    cells: tuple[tuple[Cell, ...], ...]  # [row index][AQL index]

    def sample_size(self, letter: str) -> int:
        return dict(self.sample_sizes)[letter]

    def cell(self, letter: str, aql_label: str) -> Cell:
        return self.cells[CODE_LETTERS.index(letter)][AQL_LABELS.index(aql_label)]


def _data_text(name: str) -> str:
    return resources.files("seamline.engines.aql").joinpath("data", name).read_text("utf-8")


def _rows(name: str) -> list[list[str]]:
    lines = [line for line in _data_text(name).splitlines() if not line.startswith("#")]
    return [[field.strip() for field in row] for row in csv.reader(io.StringIO("\n".join(lines)))]


def _int(text: str, what: str) -> int:
    if not text.isdigit():
        raise ValueError(f"AQL data: {what} must be a whole number, got {text!r}")
    return int(text)


@cache
def code_letter_table() -> tuple[LotRange, ...]:
    """Table 1, validated: contiguous lot ranges from 2 up, the last one open-ended."""
    header, *body = _rows(CODE_LETTER_FILE)
    if header != ["lot_from", "lot_to", *LEVELS]:
        raise ValueError(f"AQL data: unexpected header in {CODE_LETTER_FILE}: {header}")
    table: list[LotRange] = []
    expected_from = 2
    for number, row in enumerate(body, start=1):
        if len(row) != len(header):
            raise ValueError(f"AQL data: {CODE_LETTER_FILE} row {number} has {len(row)} fields")
        lot_from = _int(row[0], "lot_from")
        lot_to = _int(row[1], "lot_to") if row[1] else None
        if lot_from != expected_from or (lot_to is not None and lot_to < lot_from):
            raise ValueError(f"AQL data: {CODE_LETTER_FILE} row {number} breaks the lot ranges")
        if lot_to is None and number != len(body):
            raise ValueError(f"AQL data: only the last row of {CODE_LETTER_FILE} may be open")
        letters = tuple(zip(LEVELS, row[2:], strict=True))
        for _, letter in letters:
            if letter not in CODE_LETTERS:
                raise ValueError(f"AQL data: unknown code letter {letter!r} in {CODE_LETTER_FILE}")
        table.append(LotRange(lot_from, lot_to, letters))
        expected_from = (lot_to or 0) + 1
    if not table or table[-1].lot_to is not None:
        raise ValueError(f"AQL data: the last row of {CODE_LETTER_FILE} must be open-ended")
    return tuple(table)


def _cell(text: str) -> Cell:
    if text in ("UP", "DOWN"):
        return Cell(arrow="UP" if text == "UP" else "DOWN")
    accept, sep, reject = text.partition("/")
    if not sep:
        raise ValueError(f"AQL data: bad Table 2-A cell {text!r}")
    ac, re = _int(accept, "Ac"), _int(reject, "Re")
    if re != ac + 1:
        raise ValueError(f"AQL data: single sampling needs Re = Ac + 1, got {text!r}")
    return Cell(accept=ac, reject=re)


@cache
def table_2a() -> Table2A:
    """Table 2-A, validated: rows A..R with rising sample sizes, every arrow resolvable."""
    header, *body = _rows(TABLE_2A_FILE)
    if header != ["code_letter", "sample_size", *AQL_LABELS]:
        raise ValueError(f"AQL data: unexpected header in {TABLE_2A_FILE}: {header}")
    if [row[0] for row in body] != list(CODE_LETTERS):
        raise ValueError(f"AQL data: {TABLE_2A_FILE} must have rows {''.join(CODE_LETTERS)}")
    sizes: list[tuple[str, int]] = []
    cells: list[tuple[Cell, ...]] = []
    for row in body:
        if len(row) != len(header):
            raise ValueError(f"AQL data: {TABLE_2A_FILE} row {row[0]} has {len(row)} fields")
        n = _int(row[1], "sample_size")
        if sizes and n <= sizes[-1][1]:
            raise ValueError(f"AQL data: sample sizes must rise, row {row[0]}")
        sizes.append((row[0], n))
        cells.append(tuple(_cell(text) for text in row[2:]))
    table = Table2A(tuple(sizes), tuple(cells))
    for letter in CODE_LETTERS:
        for aql_label in AQL_LABELS:
            resolve_arrow(table, letter, aql_label)  # raises if an arrow runs off the table
    return table


def resolve_arrow(table: Table2A, letter: str, aql_label: str) -> tuple[str, int, int]:
    """Follow the printed arrows from (letter, AQL) to the first Ac/Re cell in that column.

    ``DOWN`` goes to the first plan below the arrow, ``UP`` to the first plan above; the
    walk keeps its direction across further arrows of the same kind. Returns the code
    letter of the plan, its acceptance number and its rejection number.
    """
    column = AQL_LABELS.index(aql_label)
    row = CODE_LETTERS.index(letter)
    start = table.cells[row][column]
    step = 1 if start.arrow == "DOWN" else -1
    while 0 <= row < len(CODE_LETTERS):
        cell = table.cells[row][column]
        if cell.accept is not None and cell.reject is not None:
            return CODE_LETTERS[row], cell.accept, cell.reject
        if cell.arrow != start.arrow:
            raise ValueError(f"AQL data: arrows point at each other in column {aql_label}")
        row += step
    raise ValueError(f"AQL data: the arrow at {letter}/{aql_label} runs off Table 2-A")
