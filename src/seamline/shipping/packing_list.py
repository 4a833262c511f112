"""The packing list of a shipment, as Excel and as PDF (landscape A4, Chinese-capable).

Header: shipment no., customer, ship date, carrier, tracking no., destination, the orders
and their customer POs. One row per range of consecutive cartons of one order with the same
contents, weights and measurement ("1-12"): style, colour, pieces per size in size columns,
pieces per carton, cartons, total pieces, N.W./G.W. per carton and in all, measurement and
CBM. Totals: cartons, pieces, N.W., G.W., CBM.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

# The CJK-aware text helpers of the bundle tickets (private there; payroll's slips use them too).
from seamline.cutting.tickets import _fit, _register_fonts, _text, _width
from seamline.dataio.tables import sheet_value
from seamline.orders.models import Order
from seamline.shipping.models import Carton, Shipment

CBM_PLACES = Decimal("0.001")
KG_PLACES = Decimal("0.01")
CM3_PER_M3 = Decimal(1_000_000)


@dataclass
class Range:
    """Consecutive cartons of one order with identical contents, weights and measurement."""

    order: Order
    first: int
    last: int
    style: str
    colour: str
    sizes: dict[int, int]  # size id -> pieces per carton
    net_kg: Decimal
    gross_kg: Decimal
    dims: tuple[int, int, int]
    cartons: int = 1

    @property
    def numbers(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    @property
    def per_carton(self) -> int:
        return sum(self.sizes.values())

    @property
    def pieces(self) -> int:
        return self.per_carton * self.cartons

    @property
    def net_total(self) -> Decimal:
        return (self.net_kg * self.cartons).quantize(KG_PLACES)

    @property
    def gross_total(self) -> Decimal:
        return (self.gross_kg * self.cartons).quantize(KG_PLACES)

    @property
    def measurement(self) -> str:
        return " x ".join(str(d) for d in self.dims) if all(self.dims) else ""

    @property
    def cbm(self) -> Decimal:
        length, width, height = self.dims
        volume = Decimal(length * width * height * self.cartons) / CM3_PER_M3
        return volume.quantize(CBM_PLACES)


@dataclass
class PackingList:
    shipment: Shipment
    orders: list[Order]
    sizes: list[tuple[int, str]]  # size id, code: the size columns, in grid order
    ranges: list[Range] = field(default_factory=list)

    @property
    def cartons(self) -> int:
        return sum(r.cartons for r in self.ranges)

    @property
    def pieces(self) -> int:
        return sum(r.pieces for r in self.ranges)

    @property
    def net_kg(self) -> Decimal:
        return sum((r.net_total for r in self.ranges), Decimal("0.00"))

    @property
    def gross_kg(self) -> Decimal:
        return sum((r.gross_total for r in self.ranges), Decimal("0.00"))

    @property
    def cbm(self) -> Decimal:
        return sum((r.cbm for r in self.ranges), Decimal("0.000"))

    def size_total(self, size_id: int) -> int:
        return sum(r.sizes.get(size_id, 0) * r.cartons for r in self.ranges)


def packing_list(shipment: Shipment) -> PackingList:
    """The shipment's cartons grouped into ranges, by order number and carton number."""
    cartons = list(
        Carton.objects.filter(shipment=shipment)
        .select_related("order", "order__customer")
        .prefetch_related("lines__style", "lines__colour", "lines__size")
        .order_by("order__number", "number")
    )
    sizes: dict[int, tuple[int, int, str]] = {}
    orders: dict[int, Order] = {}
    ranges: list[Range] = []
    for carton in cartons:
        orders.setdefault(carton.order_id, carton.order)
        lines = list(carton.lines.all())
        for line in lines:
            sizes[line.size_id] = (line.size.grid_id, line.size.position, line.size.code)
        current = Range(
            order=carton.order,
            first=carton.number,
            last=carton.number,
            style=", ".join(sorted({line.style.code for line in lines})),
            colour=", ".join(sorted({line.colour.name or line.colour.code for line in lines})),
            sizes={line.size_id: line.quantity for line in lines},
            net_kg=carton.net_kg,
            gross_kg=carton.gross_kg,
            dims=(carton.length_cm, carton.width_cm, carton.height_cm),
        )
        previous = ranges[-1] if ranges else None
        if (
            previous is not None
            and previous.order.pk == current.order.pk
            and previous.last + 1 == current.first
            and (previous.style, previous.colour, previous.sizes)
            == (current.style, current.colour, current.sizes)
            and (previous.net_kg, previous.gross_kg, previous.dims)
            == (current.net_kg, current.gross_kg, current.dims)
        ):
            previous.last = current.first
            previous.cartons += 1
        else:
            ranges.append(current)
    columns = [(pk, code) for pk, (_g, _p, code) in sorted(sizes.items(), key=lambda i: i[1])]
    return PackingList(shipment, list(orders.values()), columns, ranges)


def _header(plist: PackingList) -> list[tuple[str, str]]:
    shipment = plist.shipment
    return [
        (_("Shipment no."), shipment.number),
        (_("Customer"), shipment.customer.name),
        (_("Ship date"), shipment.ship_date.isoformat()),
        (_("Carrier"), shipment.carrier),
        (_("Tracking no."), shipment.tracking_number),
        (_("Destination"), shipment.destination),
        (_("Orders"), ", ".join(order.number for order in plist.orders)),
        (
            _("Customer POs"),
            ", ".join(order.customer_po for order in plist.orders if order.customer_po),
        ),
    ]


def _headings(plist: PackingList) -> list[str]:
    return [
        _("Carton no."),
        _("Order no."),
        _("Style"),
        _("Colour"),
        *[code for _pk, code in plist.sizes],
        _("Pcs / carton"),
        _("Cartons"),
        _("Pieces"),
        _("N.W. / carton (kg)"),
        _("G.W. / carton (kg)"),
        _("N.W. (kg)"),
        _("G.W. (kg)"),
        _("Measurement (cm)"),
        _("CBM"),
    ]


def _row(plist: PackingList, r: Range) -> list[Any]:
    return [
        r.numbers,
        r.order.number,
        r.style,
        r.colour,
        *[r.sizes.get(pk) for pk, _code in plist.sizes],
        r.per_carton,
        r.cartons,
        r.pieces,
        r.net_kg,
        r.gross_kg,
        r.net_total,
        r.gross_total,
        r.measurement,
        r.cbm,
    ]


def _totals(plist: PackingList) -> list[Any]:
    return [
        _("Total"),
        None,
        None,
        None,
        *[plist.size_total(pk) for pk, _code in plist.sizes],
        None,
        plist.cartons,
        plist.pieces,
        None,
        None,
        plist.net_kg,
        plist.gross_kg,
        None,
        plist.cbm,
    ]


# --- Excel ---------------------------------------------------------------------------------

BOLD = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="DDE4EE")
TOP_RULE = Border(top=Side(style="thin"), bottom=Side(style="double"))


def _format(value: Any) -> str | None:
    if isinstance(value, Decimal):
        places = -int(value.as_tuple().exponent)
        return "#,##0." + "0" * places if places > 0 else "#,##0"
    if isinstance(value, int):
        return "#,##0"
    return None


def render_xlsx(plist: PackingList) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Packing list")[:31]
    sheet.cell(row=1, column=1, value=sheet_value(_("Packing list"))).font = Font(
        bold=True, size=14
    )
    row = 3
    for key, value in _header(plist):
        sheet.cell(row=row, column=1, value=sheet_value(key)).font = BOLD
        sheet.cell(row=row, column=2, value=sheet_value(value))
        row += 1
    row += 1
    headings = _headings(plist)
    for n, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=row, column=n, value=sheet_value(heading))
        cell.font, cell.fill = BOLD, HEADING_FILL
        sheet.column_dimensions[get_column_letter(n)].width = max(8, min(24, len(heading) + 2))
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for values in [*(_row(plist, r) for r in plist.ranges)]:
        row += 1
        for n, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=n, value=sheet_value(value))
            if (number_format := _format(value)) is not None:
                cell.number_format = number_format
    row += 1
    for n, value in enumerate(_totals(plist), start=1):
        cell = sheet.cell(row=row, column=n, value=sheet_value(value))
        cell.font, cell.border = BOLD, TOP_RULE
        if (number_format := _format(value)) is not None:
            cell.number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- PDF -----------------------------------------------------------------------------------

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 12 * mm
ROW_H = 5.5 * mm
FONT = 7.5


def _widths(plist: PackingList) -> list[float]:
    fixed = [16, 22, 22, 22]  # carton no., order, style, colour (mm)
    after = [14, 12, 14, 16, 16, 16, 16, 22, 14]
    size_w = 10
    total = sum(fixed) + sum(after) + size_w * len(plist.sizes)
    scale = (PAGE_W - 2 * MARGIN) / (total * mm)  # fill the page's width
    return [w * mm * scale for w in [*fixed, *[size_w] * len(plist.sizes), *after]]


def _print(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,}"
    return str(value)


def _table_row(
    c: Canvas, y: float, values: Sequence[Any], widths: Sequence[float], bold: bool = False
) -> None:
    x = MARGIN
    for value, width in zip(values, widths, strict=True):
        text = _print(value)
        lines = _fit(text, FONT, width - 1.5 * mm, 1, bold) if text else ()
        shown = lines[0] if lines else ""
        if isinstance(value, int | Decimal):
            _text(c, x + width - 1 * mm - _width(shown, FONT, bold), y, shown, FONT, bold)
        else:
            _text(c, x + 1 * mm, y, shown, FONT, bold)
        x += width


def _headings_row(c: Canvas, y: float, headings: Sequence[str], widths: Sequence[float]) -> None:
    """Headings in up to two lines; those of the number columns flush right."""
    x = MARGIN
    for n, (heading, width) in enumerate(zip(headings, widths, strict=True)):
        for k, part in enumerate(_fit(heading, FONT, width - 1.5 * mm, 2, True)):
            line_y = y - k * 3.2 * mm
            if n >= 4 and n != len(headings) - 2:  # the measurement reads as text
                _text(c, x + width - 1 * mm - _width(part, FONT, True), line_y, part, FONT, True)
            else:
                _text(c, x + 1 * mm, line_y, part, FONT, True)
        x += width


def render_pdf(plist: PackingList) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), pageCompression=0)
    c.setTitle(_("Packing list") + " " + plist.shipment.number)
    widths = _widths(plist)
    headings = _headings(plist)
    page = 1

    def start_page() -> float:
        y = PAGE_H - MARGIN - 4 * mm
        _text(c, MARGIN, y, _("Packing list"), 14, bold=True)
        footer = _("Page %(page)d") % {"page": page}
        _text(c, PAGE_W - MARGIN - _width(footer, 8), MARGIN - 4 * mm, footer, 8)
        y -= 7 * mm
        header = _header(plist)
        half = (len(header) + 1) // 2
        for n, (key, value) in enumerate(header):
            col_x = MARGIN + (0 if n < half else (PAGE_W - 2 * MARGIN) / 2)
            row_y = y - (n % half) * 4.8 * mm
            _text(c, col_x, row_y, key, 8.5)
            for part in _fit(value or "—", 9, (PAGE_W - 2 * MARGIN) / 2 - 36 * mm, 1, True):
                _text(c, col_x + 32 * mm, row_y, part, 9, bold=True)
        y -= half * 4.8 * mm + 3 * mm
        c.setLineWidth(0.5)
        c.line(MARGIN, y + ROW_H - 1.5 * mm, PAGE_W - MARGIN, y + ROW_H - 1.5 * mm)
        _headings_row(c, y, headings, widths)
        y -= ROW_H * 0.7
        c.line(MARGIN, y - 1.8 * mm, PAGE_W - MARGIN, y - 1.8 * mm)
        return y - ROW_H

    y = start_page()
    for r in plist.ranges:
        if y < MARGIN + 2 * ROW_H:
            c.showPage()
            page += 1
            y = start_page()
        _table_row(c, y, _row(plist, r), widths)
        y -= ROW_H
    c.line(MARGIN, y + ROW_H - 1.8 * mm, PAGE_W - MARGIN, y + ROW_H - 1.8 * mm)
    _table_row(c, y, _totals(plist), widths, bold=True)
    c.showPage()
    c.save()
    return buffer.getvalue()
