"""Carton labels as PDF: one A6 label (105 x 148 mm) per carton, or four to an A4 sheet.

A label shows the customer, PO, order no., style, colour, the pieces per size, the carton's
"n of N", weights and measurement, and a Code128 barcode of the carton code.

Carton code: the order number, a hyphen and the carton number in four digits
("SO-00012-0007"). Order numbers are unique in a factory and carton numbers unique in an
order, so the code is unique in the factory. An order number that Code128 cannot carry
(not printable ASCII, or too long for a label) gives way to "CTN" and the carton's id in nine
digits, unique in the database.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

# The CJK-aware text helpers of the bundle tickets (private there; payroll's slips use them too).
from seamline.cutting.tickets import _fit, _register_fonts, _text, _width
from seamline.orders.models import Order
from seamline.shipping.models import Carton, CartonLine

LABEL_W, LABEL_H = A6
PAD = 6 * mm
CODE_MAX = 24  # characters of an order-number code that still scan well on A6


def carton_code(carton: Carton, order: Order) -> str:
    """The carton's barcode value, unique in the factory (see the module's text)."""
    code = f"{order.number}-{carton.number:04d}"
    if len(code) <= CODE_MAX and all(32 < ord(ch) < 127 for ch in code):
        return code
    return f"CTN{carton.pk:09d}"


@dataclass(frozen=True)
class Label:
    code: str
    customer: str
    po: str
    order: str
    style: str
    colour: str
    sizes: str  # "S 2 · M 4 · L 4"
    pieces: int
    number: int
    of: int
    net_kg: str
    gross_kg: str
    measurement: str


def _weights(value: object) -> str:
    return f"{value} kg"


def carton_labels(order: Order, cartons: Sequence[Carton], total: int) -> list[Label]:
    """The labels of `cartons` (with their lines prefetched) of `order`, which has `total`."""
    labels = []
    for carton in cartons:
        lines: list[CartonLine] = sorted(carton.lines.all(), key=lambda li: li.size.position)
        styles = sorted({f"{li.style.code} {li.style.name}".strip() for li in lines})
        colours = sorted({li.colour.name or li.colour.code for li in lines})
        measurement = (
            f"{carton.length_cm} x {carton.width_cm} x {carton.height_cm} cm"
            if carton.length_cm and carton.width_cm and carton.height_cm
            else ""
        )
        labels.append(
            Label(
                code=carton_code(carton, order),
                customer=order.customer.name,
                po=order.customer_po,
                order=order.number,
                style=", ".join(styles),
                colour=", ".join(colours),
                sizes=" · ".join(f"{li.size.code} {li.quantity}" for li in lines),
                pieces=sum(li.quantity for li in lines),
                number=carton.number,
                of=total,
                net_kg=_weights(carton.net_kg),
                gross_kg=_weights(carton.gross_kg),
                measurement=measurement,
            )
        )
    return labels


def _draw(c: Canvas, label: Label, x0: float, y0: float) -> None:
    """One label with its lower left corner at (x0, y0)."""
    width = LABEL_W - 2 * PAD
    c.setLineWidth(0.6)
    c.rect(x0 + 3 * mm, y0 + 3 * mm, LABEL_W - 6 * mm, LABEL_H - 6 * mm)
    x = x0 + PAD
    y = y0 + LABEL_H - PAD - 6 * mm
    for line in _fit(label.customer, 14, width, 2, True):
        _text(c, x, y, line, 14, bold=True)
        y -= 6 * mm
    y -= 1 * mm
    rows = [
        (_("PO"), label.po or "—"),
        (_("Order no."), label.order),
        (_("Style"), label.style),
        (_("Colour"), label.colour),
        (_("Sizes"), label.sizes),
        (_("Pieces"), str(label.pieces)),
        (_("N.W."), label.net_kg),
        (_("G.W."), label.gross_kg),
    ]
    if label.measurement:
        rows.append((_("Measurement"), label.measurement))
    key_w = 24 * mm
    for key, value in rows:
        _text(c, x, y, key, 8.5)
        parts = _fit(value, 10, width - key_w, 2, True)
        for n, part in enumerate(parts):
            _text(c, x + key_w, y - n * 4.6 * mm, part, 10, bold=True)
        y -= (4.6 * len(parts) + 1.4) * mm
    carton_text = _("Carton %(number)d of %(total)d") % {"number": label.number, "total": label.of}
    y -= 3 * mm
    _text(c, x0 + (LABEL_W - _width(carton_text, 16, True)) / 2, y, carton_text, 16, True)
    barcode = Code128(label.code, barHeight=18 * mm, barWidth=0.3 * mm, quiet=False)
    bar_w = min(float(barcode.width), width)
    if barcode.width > width:
        barcode = Code128(
            label.code, barHeight=18 * mm, barWidth=0.3 * mm * width / barcode.width, quiet=False
        )
    barcode.drawOn(c, x0 + (LABEL_W - bar_w) / 2, y0 + PAD + 7 * mm)
    _text(c, x0 + (LABEL_W - _width(label.code, 11)) / 2, y0 + PAD + 1.5 * mm, label.code, 11)


def render_labels(labels: Sequence[Label], *, sheet: bool = False) -> bytes:
    """The labels as PDF: one A6 page each, or (`sheet`) four to an A4 page."""
    _register_fonts()
    buffer = io.BytesIO()
    page = A4 if sheet else A6
    c = Canvas(buffer, pagesize=page, pageCompression=0)
    c.setTitle(_("Carton labels"))
    if not labels:
        _text(c, PAD, page[1] - 2 * PAD, _("No cartons to label."), 11)
        c.showPage()
    per_page = 4 if sheet else 1
    for start in range(0, len(labels), per_page):
        for n, label in enumerate(labels[start : start + per_page]):
            if sheet:
                x0 = (n % 2) * LABEL_W
                y0 = A4[1] - (n // 2 + 1) * (A4[1] / 2)
            else:
                x0, y0 = 0.0, 0.0
            _draw(c, label, x0, y0)
        c.showPage()
    c.save()
    return buffer.getvalue()
