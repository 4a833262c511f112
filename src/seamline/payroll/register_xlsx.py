"""The payroll register of a period as .xlsx, for the bank and the accountant.

Sheet one: a header (factory, period, status, when it was made), one row per slip and a
totals row. Sheet two, "Lines": every pay line of the period. Amounts are numbers (format
0.00), never text; the totals row holds values, not formulas, so the file says exactly what
the period says. Every text cell that comes from users (names, codes, reasons) goes through
`dataio.tables.sheet_value`, so none of them can start a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from seamline.dataio.tables import sheet_value
from seamline.payroll import documents, selectors
from seamline.payroll.models import PayLine, PayPeriod, PaySlip
from seamline.shopfloor.models import Worker
from seamline.tenancy.context import require_tenant

MONEY = "0.00"
HOURS = "0.00"
COUNT = "0"
RATE = "0.0000"
MULTIPLIER = "0.000"
HOUR = Decimal("0.01")
MONEY_FIELDS = (
    "piece_pay",
    "carried_pay",
    "time_pay",
    "topup",
    "quality",
    "adjustments",
    "total",
)

BOLD = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="DDE4EE")
TOP_RULE = Border(top=Side(style="thin"), bottom=Side(style="double"))


@dataclass(frozen=True)
class Column:
    heading: str
    width: float
    number_format: str | None = None  # None: a text column


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(HOUR)


def _table(
    sheet: Worksheet, first_row: int, columns: Sequence[Column], rows: Sequence[Sequence[Any]]
) -> int:
    """Write the headings at `first_row` and the rows under them; returns the next free row."""
    for n, column in enumerate(columns, start=1):
        cell = sheet.cell(row=first_row, column=n, value=sheet_value(column.heading))
        cell.font, cell.fill = BOLD, HEADING_FILL
        sheet.column_dimensions[get_column_letter(n)].width = column.width
    next_row = first_row + 1
    sheet.freeze_panes = sheet.cell(row=next_row, column=1)
    for row in rows:
        for n, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=next_row, column=n, value=sheet_value(value))
            if column.number_format and value is not None:
                cell.number_format = column.number_format
        next_row += 1
    return next_row


# --- sheet one: one row per slip -----------------------------------------------------------


def _register_columns(currency: str) -> list[Column]:
    return [
        Column(documents.verbose(Worker, "code"), 12),
        Column(documents.verbose(Worker, "name"), 20),
        Column(documents.verbose(Worker, "line"), 16),
        Column(documents.verbose(PaySlip, "pieces"), 9, COUNT),
        Column(_("Attended hours"), 10, HOURS),
        *(
            Column(f"{documents.verbose(PaySlip, name)} ({currency})", 14, MONEY)
            for name in MONEY_FIELDS
        ),
        Column(documents.verbose(Worker, "phone"), 16),
    ]


def _register_row(slip: PaySlip) -> list[Any]:
    worker = slip.worker
    return [
        worker.code,
        worker.name,
        str(worker.line) if worker.line is not None else "",
        slip.pieces,
        _hours(slip.attended_minutes),
        *(getattr(slip, name) for name in MONEY_FIELDS),
        worker.phone,
    ]


def _totals_row(slips: Sequence[PaySlip]) -> list[Any]:
    """Sums as values, so a spreadsheet never recomputes them differently."""
    return [
        _("Total"),
        _("%(n)s workers") % {"n": len(slips)},
        "",
        sum(slip.pieces for slip in slips),
        _hours(sum(slip.attended_minutes for slip in slips)),
        *(sum((getattr(slip, name) for slip in slips), Decimal("0")) for name in MONEY_FIELDS),
        "",
    ]


def _header(sheet: Worksheet, period: PayPeriod, currency: str) -> int:
    """Title, factory, period, status (a period not approved is marked in red), currency and
    when the file was made; returns the row for the table's headings."""
    organization = require_tenant()
    sheet.cell(row=1, column=1, value=sheet_value(_("Payroll register"))).font = Font(
        bold=True, size=14
    )
    generated = f"{timezone.localtime():%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})"
    draft = documents.draft_mark() if documents.is_draft(period) else ""
    facts = [
        (_("Factory"), organization.name, ""),
        (_("Period"), f"{period.start.isoformat()} – {period.end.isoformat()}", ""),
        (_("Status"), period.get_status_display(), draft),
        (_("Currency"), currency, ""),
        (_("Generated at"), generated, ""),
    ]
    for n, (label, value, mark) in enumerate(facts, start=2):
        sheet.cell(row=n, column=1, value=sheet_value(label)).font = BOLD
        sheet.cell(row=n, column=2, value=sheet_value(value))
        if mark:
            sheet.cell(row=n, column=3, value=sheet_value(mark)).font = Font(
                bold=True, color="C00000"
            )
    return len(facts) + 3


def _register_sheet(sheet: Worksheet, period: PayPeriod, currency: str) -> None:
    sheet.title = _("Register")[:31]
    slips = list(selectors.slips(period))
    columns = _register_columns(currency)
    rows = [_register_row(slip) for slip in slips]
    after = _table(sheet, _header(sheet, period, currency), columns, rows)
    for n, (column, value) in enumerate(zip(columns, _totals_row(slips), strict=True), start=1):
        cell = sheet.cell(row=after, column=n, value=sheet_value(value))
        cell.font, cell.border = BOLD, TOP_RULE
        if column.number_format:
            cell.number_format = column.number_format
    totals = selectors.totals(period)
    if not totals.reconciles:
        sheet.cell(
            row=after + 2,
            column=1,
            value=sheet_value(
                _(
                    "The lines (%(lines)s) and the slips (%(slips)s) do not add up to the period's "
                    "total (%(period)s): compute the period again."
                )
                % {"lines": totals.lines, "slips": totals.slips, "period": totals.period}
            ),
        ).font = Font(bold=True, color="C00000")
    sheet.cell(row=after + 3, column=1, value=sheet_value(documents.rounding_rule()))


# --- sheet two: every line -----------------------------------------------------------------


def _line_columns() -> list[Column]:
    return [
        Column(documents.verbose(Worker, "code"), 12),
        Column(documents.verbose(PayLine, "kind"), 16),
        Column(_("Style"), 12),
        Column(_("Operation"), 24),
        Column(_("Order"), 12),
        Column(_("From period"), 24),
        Column(documents.verbose(PayLine, "pieces"), 9, COUNT),
        Column(documents.verbose(PayLine, "minutes"), 9, COUNT),
        Column(documents.verbose(PayLine, "rate"), 10, RATE),
        Column(documents.verbose(PayLine, "multiplier"), 10, MULTIPLIER),
        Column(documents.verbose(PayLine, "amount"), 12, MONEY),
        Column(documents.verbose(PayLine, "description"), 40),
    ]


def _line_row(line: PayLine) -> list[Any]:
    operation, adjustment = line.operation, line.adjustment
    return [
        line.worker.code,
        adjustment.get_kind_display() if adjustment is not None else line.get_kind_display(),
        operation.style.code if operation is not None else "",
        f"{operation.sequence} {operation.name}" if operation is not None else "",
        line.order.number if line.order is not None else "",
        str(line.origin) if line.origin is not None else "",
        line.pieces,
        line.minutes,
        line.rate,
        line.multiplier,
        line.amount,
        line.description,
    ]


def _lines_sheet(sheet: Worksheet, period: PayPeriod) -> None:
    columns = _line_columns()
    rows = [_line_row(line) for line in documents.period_lines(period)]
    _table(sheet, 1, columns, rows)
    sheet.auto_filter.ref = sheet.dimensions


def render_register(period: PayPeriod) -> bytes:
    """The register of `period` as an .xlsx file."""
    currency = require_tenant().currency
    workbook = openpyxl.Workbook()
    _register_sheet(workbook.active, period, currency)
    _lines_sheet(workbook.create_sheet(pgettext("pay lines sheet", "Lines")[:31]), period)
    workbook.properties.creator = "Seamline"
    workbook.properties.title = _("Payroll register %(period)s") % {"period": str(period)}
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
