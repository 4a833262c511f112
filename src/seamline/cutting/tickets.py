"""Bundle tickets as PDF: a header per bundle and a tear-off coupon per operation.

Each coupon carries a QR code of its coupon code ("1234-40": bundle 1234, operation 40 of
the style's bulletin) and the code as text, so a worker can scan it or type it. A4 sheets
hold several bundles a page with dashed cut lines; thermal labels (60 x 40 mm) are one
header label per bundle followed by one label per coupon. Copies after the first are marked
"REPRINT n" on every header and coupon.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from seamline.catalog.models import Operation
from seamline.cutting import selectors, services
from seamline.cutting.choices import TicketFormat
from seamline.cutting.coupons import coupon_code
from seamline.cutting.models import Bundle, Lay, TicketPrint

CJK_FONT = "STSong-Light"
THERMAL = (60 * mm, 40 * mm)

_registered = False


def _register_fonts() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        _registered = True


def _latin(ch: str) -> bool:
    """Whether Helvetica (WinAnsi encoding) has the character."""
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _runs(text: str, bold: bool) -> list[tuple[str, str]]:
    """`text` as (font, part) runs: Latin in Helvetica, the rest (Chinese) in the CJK font."""
    latin = "Helvetica-Bold" if bold else "Helvetica"
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = latin if _latin(ch) else CJK_FONT
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def _width(text: str, size: float, bold: bool = False) -> float:
    return sum(pdfmetrics.stringWidth(part, font, size) for font, part in _runs(text, bold))


def _text(c: Canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
    for font, part in _runs(text, bold):
        c.setFont(font, size)
        c.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, font, size)


@functools.lru_cache(maxsize=512)
def _fit(text: str, size: float, width: float, lines: int, bold: bool = False) -> tuple[str, ...]:
    """`text` broken into at most `lines` lines of `width`; the last one cut with "…"."""
    out: list[str] = []
    rest = text.strip()
    while rest and len(out) < lines:
        if _width(rest, size, bold) <= width:
            out.append(rest)
            return tuple(out)
        cut = len(rest)
        while cut > 1 and _width(rest[:cut], size, bold) > width:
            cut -= 1
        space = rest.rfind(" ", 0, cut)
        if space > 0 and len(out) < lines - 1:
            cut = space
        if len(out) == lines - 1:
            cut = max(1, cut - 1)
            out.append(rest[:cut].rstrip() + "…")
            return tuple(out)
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].strip()
    return tuple(out)


def _qr(c: Canvas, value: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(value, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


@dataclass(frozen=True)
class Ticket:
    """What one bundle's ticket shows."""

    bundle: Bundle
    order: str
    style: str
    colour: str
    size: str
    reprint: str  # "" on the first copy

    def header_lines(self) -> list[str]:
        b = self.bundle
        return [
            _("Order %(order)s · Style %(style)s") % {"order": self.order, "style": self.style},
            _("Colour %(colour)s · Size %(size)s · Qty %(qty)s")
            % {"colour": self.colour, "size": self.size, "qty": b.quantity},
            _("Plies %(ply_from)s–%(ply_to)s · Shade %(shade)s")
            % {"ply_from": b.ply_from, "ply_to": b.ply_to, "shade": b.shade or "—"},
        ]

    def title(self) -> str:
        return _("Bundle %(number)s") % {"number": self.bundle.number}


def _tickets(lay: Lay, bundles: Sequence[Bundle], copy: int) -> list[Ticket]:
    plan = lay.cut_plan
    reprint = _("REPRINT %(copy)d") % {"copy": copy} if copy > 1 else ""
    return [
        Ticket(
            bundle=bundle,
            order=plan.order.number,
            style=f"{plan.style.code} {plan.style.name}",
            colour=str(lay.colour),
            size=bundle.size.code,
            reprint=reprint,
        )
        for bundle in bundles
    ]


# --- A4 sheets -------------------------------------------------------------------------

MARGIN = 10 * mm
HEADER_H = 20 * mm
COUPON_W = 47.5 * mm
COUPON_H = 24 * mm
BLOCK_GAP = 5 * mm


class _Sheet:
    def __init__(self, c: Canvas) -> None:
        self.c = c
        self.width, self.height = A4
        self.y = self.height - MARGIN
        self.per_row = int((self.width - 2 * MARGIN) // COUPON_W)

    def new_page(self) -> None:
        self.c.showPage()
        self.y = self.height - MARGIN

    def header(self, ticket: Ticket, continued: bool = False) -> None:
        c, x, top = self.c, MARGIN, self.y
        c.setDash()
        c.setLineWidth(1)
        c.rect(x, top - HEADER_H, self.width - 2 * MARGIN, HEADER_H)
        title = ticket.title() + (" " + _("(continued)") if continued else "")
        _text(c, x + 3 * mm, top - 6 * mm, title, 12, bold=True)
        if ticket.reprint:
            _text(c, self.width - MARGIN - 40 * mm, top - 6 * mm, ticket.reprint, 12, bold=True)
        for n, line in enumerate(ticket.header_lines()):
            _text(c, x + 3 * mm, top - (10.5 + 4 * n) * mm, line, 9)
        self.y = top - HEADER_H

    def coupon(self, ticket: Ticket, op: Operation, x: float, top: float) -> None:
        c = self.c
        c.setDash(3, 2)
        c.setLineWidth(0.5)
        c.rect(x, top - COUPON_H, COUPON_W, COUPON_H)
        c.setDash()
        code = coupon_code(ticket.bundle.number, op.sequence)
        _qr(c, code, x + 1 * mm, top - COUPON_H + 2 * mm, 20 * mm)
        tx, width = x + 22 * mm, COUPON_W - 23 * mm
        _text(c, tx, top - 5 * mm, code, 10, bold=True)
        ty = top - 9 * mm
        for line in _fit(f"{op.sequence} {op.name}", 7, width, 2):
            _text(c, tx, ty, line, 7)
            ty -= 3 * mm
        pieces = _("%(qty)s pcs · %(size)s") % {"qty": ticket.bundle.quantity, "size": ticket.size}
        _text(c, tx, top - 17 * mm, pieces, 7)
        if ticket.reprint:
            _text(c, tx, top - 21 * mm, ticket.reprint, 7, bold=True)

    def bundle(self, ticket: Ticket, operations: Sequence[Operation]) -> None:
        rows = [operations[i : i + self.per_row] for i in range(0, len(operations), self.per_row)]
        first_row = COUPON_H if rows else 0
        if self.y - HEADER_H - first_row < MARGIN:
            self.new_page()
        self.header(ticket)
        for row in rows:
            if self.y - COUPON_H < MARGIN:
                self.new_page()
                self.header(ticket, continued=True)
            for n, op in enumerate(row):
                self.coupon(ticket, op, MARGIN + n * COUPON_W, self.y)
            self.y -= COUPON_H
        self.y -= BLOCK_GAP


def _a4(c: Canvas, tickets: Sequence[Ticket], operations: Sequence[Operation]) -> None:
    sheet = _Sheet(c)
    for ticket in tickets:
        sheet.bundle(ticket, operations)


# --- thermal labels --------------------------------------------------------------------


def _thermal(c: Canvas, tickets: Sequence[Ticket], operations: Sequence[Operation]) -> None:
    width, height = THERMAL
    pad = 2.5 * mm
    first = True
    for ticket in tickets:
        if not first:
            c.showPage()
        first = False
        _text(c, pad, height - 7 * mm, ticket.title(), 13, bold=True)
        y = height - 12 * mm
        for line in ticket.header_lines():
            for part in _fit(line, 7.5, width - 2 * pad, 2):
                _text(c, pad, y, part, 7.5)
                y -= 3.6 * mm
        if ticket.reprint:
            _text(c, pad, pad, ticket.reprint, 9, bold=True)
        for op in operations:
            c.showPage()
            code = coupon_code(ticket.bundle.number, op.sequence)
            _qr(c, code, 1 * mm, 5 * mm, 30 * mm)
            tx, text_w = 32 * mm, width - 32 * mm - pad
            _text(c, tx, height - 7 * mm, code, 11, bold=True)
            ty = height - 12 * mm
            for line in _fit(f"{op.sequence} {op.name}", 7.5, text_w, 3):
                _text(c, tx, ty, line, 7.5)
                ty -= 3.3 * mm
            pieces = _("%(qty)s pcs · %(size)s") % {
                "qty": ticket.bundle.quantity,
                "size": ticket.size,
            }
            _text(c, tx, 9 * mm, pieces, 7.5)
            if ticket.reprint:
                _text(c, tx, pad, ticket.reprint, 8, bold=True)


def render_tickets(
    *,
    lay: Lay,
    bundles: Sequence[Bundle],
    operations: Sequence[Operation],
    format: str,
    copy: int = 1,
) -> bytes:
    """The PDF of `bundles` (cut from `lay`) with a coupon per operation, in `format`."""
    _register_fonts()
    buffer = io.BytesIO()
    pagesize = THERMAL if format == TicketFormat.THERMAL else A4
    c = Canvas(buffer, pagesize=pagesize, pageCompression=0)
    c.setTitle(_("Bundle tickets of %(lay)s") % {"lay": lay})
    c.setAuthor("Seamline")
    tickets = _tickets(lay, bundles, copy)
    if format == TicketFormat.THERMAL:
        _thermal(c, tickets, operations)
    else:
        _a4(c, tickets, operations)
    c.showPage()
    c.save()
    return buffer.getvalue()


@transaction.atomic
def tickets_print(*, lay: Lay, format: str, by: object) -> tuple[TicketPrint, bytes]:
    """Log a printing of the lay's tickets and make the PDF; nothing is logged if it fails."""
    printed = services.ticket_print_record(lay=lay, format=format, by=by)
    pdf = render_tickets(
        lay=lay,
        bundles=list(selectors.bundle_list(lay_id=lay.pk)),
        operations=selectors.style_bulletin(style_id=lay.cut_plan.style_id),
        format=format,
        copy=printed.copy,
    )
    return printed, pdf
