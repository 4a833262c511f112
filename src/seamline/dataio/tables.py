"""A small table layer: spreadsheets (.xlsx) and CSV files in, rows of strings out; and back.

Reading gives `Row`s of stripped strings keyed by the column's canonical key, whatever the
header said (English or a Simplified Chinese alias). `Cells` parses typed values out of a row
and collects a `RowError` per bad cell instead of stopping at the first one. Row numbers are
the ones the user sees in Excel: the header is row 1, the first data row is row 2.

Writing neutralises spreadsheet formula injection: a text cell that begins with = + - @ or a
tab / carriage return gets a leading single quote; numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a 5 MB upload that unpacks beyond this is a zip bomb
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
EXCEL_EPOCH = dt.date(1899, 12, 30)
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "|"
CHOICE_LANGUAGES = ("en", "zh-hans")


@dataclass(frozen=True)
class RowError:
    """One problem: the row as Excel numbers it (0 = the whole file) and the column's header."""

    row: int
    column: str
    message: str


class TableError(Exception):
    """The file was refused; `errors` name every bad row and field."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = list(errors)


@dataclass(frozen=True)
class Column:
    """A column of a format: canonical key (the English header), aliases, whether required."""

    key: str
    label: StrOrPromise
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass
class Row:
    number: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def is_blank(self, keys: Iterable[str]) -> bool:
        return not any(self.get(key) for key in keys)


@dataclass
class Table:
    rows: list[Row]
    headers: dict[str, str] = field(default_factory=dict)  # key -> the header as written

    def header(self, key: str) -> str:
        return self.headers.get(key, key)


def normalise_header(text: str) -> str:
    text = text.replace("\ufeff", "").strip().strip("*").strip().lower()
    return re.sub(r"[\s\-/]+", "_", text)


# --- reading -------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(repr(value)))
    text = str(value).strip()
    # Our own exports quote dangerous text ('=SUM…); reading them back removes the quote.
    if len(text) > 1 and text[0] == "'" and text[1] in DANGEROUS_STARTS:
        text = text[1:]
    return text


def _xlsx_rows(content: bytes) -> list[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise TableError(
            [RowError(0, "", _("The file is not a readable Excel workbook (.xlsx)."))]
        ) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError([RowError(0, "", _("The workbook is too large to import."))])
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TableError(
            [RowError(0, "", _("The file is not a readable Excel workbook (.xlsx)."))]
        ) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return []
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        [RowError(0, "", _("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8."))]
    )


def _csv_rows(content: bytes) -> list[list[str]]:
    if b"\x00" in content[:4096]:
        raise TableError([RowError(0, "", _("The file is not a CSV text file."))])
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for values in reader:
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        raise TableError(
            [RowError(reader.line_num, "", _("The CSV file is malformed: %s") % exc)]
        ) from exc
    return rows


def raw_rows(filename: str, content: bytes) -> list[list[str]]:
    """Rows of cell texts, recognising the format by the bytes, not only by the name."""
    suffix = PurePath(filename).suffix.lower()
    if content.startswith(XLSX_MAGIC):
        return _xlsx_rows(content)
    if content.startswith(OLE_MAGIC):
        raise TableError(
            [RowError(0, "", _("This is an old .xls workbook; save it as .xlsx or CSV."))]
        )
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise TableError(
            [
                RowError(
                    0,
                    "",
                    _("The file is named %(name)s but is not an Excel workbook.")
                    % {"name": PurePath(filename).name},
                )
            ]
        )
    return _csv_rows(content)


def read_table(filename: str, content: bytes, columns: Sequence[Column]) -> Table:
    """Parse the file and check its headers; raises TableError with every problem found."""
    rows = raw_rows(filename, content)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows or not any(rows[0]):
        raise TableError([RowError(0, "", _("The file is empty."))])
    if len(rows) > MAX_ROWS + 1:
        raise TableError(
            [RowError(0, "", _("The file has more than %(max)s rows.") % {"max": MAX_ROWS})]
        )
    lookup: dict[str, str] = {}
    for column in columns:
        lookup[normalise_header(column.key)] = column.key
        for alias in column.aliases:
            lookup[normalise_header(alias)] = column.key
    errors: list[RowError] = []
    positions: dict[int, str] = {}
    headers: dict[str, str] = {}
    for index, header in enumerate(rows[0]):
        if not header:
            continue
        key = lookup.get(normalise_header(header))
        if key is None:
            errors.append(RowError(1, header, _("Unknown column.")))
        elif key in headers:
            errors.append(RowError(1, header, _("This column appears twice.")))
        else:
            positions[index] = key
            headers[key] = header
    for column in columns:
        if column.required and column.key not in headers:
            errors.append(RowError(1, column.key, _("Required column is missing.")))
    if errors:
        raise TableError(errors)
    data: list[Row] = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(values):
            continue
        for index, value in enumerate(values):
            if value and index not in positions:
                errors.append(RowError(number, "", _("A value stands in a column with no header.")))
                break
        row = Row(number, {key: "" for key in headers})
        for index, key in positions.items():
            if index < len(values):
                row.values[key] = values[index]
        data.append(row)
    if errors:
        raise TableError(errors)
    if not data:
        raise TableError([RowError(0, "", _("The file has headers but no data rows."))])
    return Table(rows=data, headers=headers)


# --- typed cells ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _choice_lookup(choices: type[models.TextChoices], language: str | None) -> dict[str, str]:
    """Code or label (in the UI's language, English or Chinese) -> the stored code."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        for name in CHOICE_LANGUAGES:
            with translation.override(name):
                lookup.setdefault(str(label).casefold(), str(value))
        lookup.setdefault(str(label).casefold(), str(value))  # back in the UI's language
    for value in choices.values:
        lookup[str(value).casefold()] = str(value)  # a code always wins
    return lookup


class Cells:
    """Typed values of one row; every bad cell appends a RowError and gives None."""

    def __init__(self, table: Table, row: Row, errors: list[RowError]) -> None:
        self.table, self.row, self.errors = table, row, errors

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.row.number, self.table.header(key), message))

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.row.get(key)
        if required and not value:
            self.error(key, _("A value is required."))
        elif max_length is not None and len(value) > max_length:
            self.error(
                key,
                _("At most %(max)s characters (this has %(n)s).")
                % {"max": max_length, "n": len(value)},
            )
        return value

    def decimal(
        self,
        key: str,
        *,
        places: int,
        max_digits: int,
        required: bool = False,
        default: Decimal | None = None,
        minimum: Decimal = Decimal("0"),
        positive: bool = False,
    ) -> Decimal | None:
        raw = self.row.get(key).replace(",", "")
        if not raw:
            if required:
                self.error(key, _("A number is required."))
            return default
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.error(key, _("“%(value)s” is not a number.") % {"value": raw})
            return None
        if not value.is_finite():
            self.error(key, _("“%(value)s” is not a number.") % {"value": raw})
            return None
        if positive and value <= 0:
            self.error(key, _("Must be greater than 0."))
            return None
        if value < minimum:
            self.error(key, _("Must be %(min)s or more.") % {"min": minimum})
            return None
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            self.error(
                key,
                _("At most %(places)s decimal places (got %(value)s).")
                % {"places": places, "value": raw},
            )
            return None
        if value != 0 and value.adjusted() >= max_digits - places:
            self.error(key, _("The number %(value)s is too large.") % {"value": raw})
            return None
        return value

    def integer(
        self,
        key: str,
        *,
        required: bool = False,
        default: int | None = None,
        minimum: int = 0,
        maximum: int | None = None,
    ) -> int | None:
        raw = self.row.get(key).replace(",", "")
        if not raw:
            if required:
                self.error(key, _("A whole number is required."))
            return default
        if not re.fullmatch(r"[+-]?\d+(\.0+)?", raw):
            self.error(key, _("“%(value)s” is not a whole number.") % {"value": raw})
            return None
        value = int(Decimal(raw))
        if value < minimum or (maximum is not None and value > maximum):
            message = (
                _("Must be between %(min)s and %(max)s.") % {"min": minimum, "max": maximum}
                if maximum is not None
                else _("Must be %(min)s or more.") % {"min": minimum}
            )
            self.error(key, message)
            return None
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        raw = self.row.get(key)
        if not raw:
            if required:
                self.error(key, _("A date is required."))
            return None
        if re.fullmatch(r"\d{1,6}", raw):  # an Excel serial day number
            return EXCEL_EPOCH + dt.timedelta(days=int(raw))
        for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y-%m-%d %H:%M:%S"):
            try:
                return dt.datetime.strptime(raw, pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
        self.error(key, _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": raw})
        return None

    def choice(
        self, key: str, choices: type[models.TextChoices], *, default: str | None = None
    ) -> str | None:
        raw = self.row.get(key)
        if not raw:
            if default is None:
                self.error(key, _("A value is required."))
            return default
        found = _choice_lookup(choices, translation.get_language()).get(raw.casefold())
        if found is not None:
            return found
        self.error(
            key,
            _("“%(value)s” is not one of: %(codes)s.")
            % {"value": raw, "codes": ", ".join(str(v) for v in choices.values)},
        )
        return None

    def boolean(self, key: str, *, default: bool) -> bool | None:
        raw = self.row.get(key).casefold()
        if not raw:
            return default
        if raw in ("1", "true", "yes", "y", "是", "在职"):
            return True
        if raw in ("0", "false", "no", "n", "否", "离职"):
            return False
        self.error(key, _("Write yes or no (got “%(value)s”).") % {"value": self.row.get(key)})
        return None

    def codes(self, key: str) -> list[str]:
        return [part.strip() for part in self.row.get(key).split(LIST_SEPARATOR) if part.strip()]


# --- writing -------------------------------------------------------------------------------


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(DANGEROUS_STARTS):
        return "'" + value
    return value


def sheet_value(value: Any) -> Any:
    """A value for a written report: numbers stay numbers; text loses what XML cannot
    hold and can never start a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, Decimal | int):
        return value
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return value
    return neutralise(str(value))


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([neutralise(header) for header in headers])
    for row in rows:
        cells = []
        for value in row:
            plain = _plain(value)
            # A date stays a date cell, ISO text would also do but Excel users expect dates.
            cells.append(value if isinstance(value, dt.date) else plain)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in headers])
    for row in rows:
        writer.writerow([_plain(value) for value in row])
    # The BOM makes Excel open the UTF-8 file with Chinese text intact.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

FORMAT_LABELS = {"xlsx": gettext_lazy("Excel (.xlsx)"), "csv": gettext_lazy("CSV")}
