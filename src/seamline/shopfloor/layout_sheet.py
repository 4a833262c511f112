"""A line layout's printable sheet: A4 landscape, the line, style, target and figures, then one
row per operator position (worker, operations with shares, machine, minutes, load). Worker
and operation names in Chinese print in the CJK font (the house helpers of cutting.tickets).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from seamline.cutting.tickets import _fit, _register_fonts, _text, _width
from seamline.shopfloor.balancing import layout_positions
from seamline.shopfloor.models import LineLayout

MARGIN = 12 * mm
ROW_SIZE = 8.5
LINE_HEIGHT = 4.2 * mm
# Columns: (title, x offset from the margin, width).
COLUMNS = (
    (0, 14 * mm),  # operator no.
    (14 * mm, 50 * mm),  # worker
    (64 * mm, 120 * mm),  # operations
    (184 * mm, 28 * mm),  # machine
    (212 * mm, 30 * mm),  # minutes
    (242 * mm, 30 * mm),  # load
)


def _figure(value: Decimal, places: str = "0.001") -> str:
    return str(value.quantize(Decimal(places)))


def layout_sheet_pdf(layout: LineLayout) -> bytes:
    _register_fonts()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(width, height))
    c.setTitle(_("Line layout %(name)s") % {"name": layout.name or layout.pk})
    positions = layout_positions(layout)

    def header() -> float:
        y = height - MARGIN - 6 * mm
        _text(
            c,
            MARGIN,
            y,
            _("Line layout · line %(line)s · style %(style)s")
            % {
                "line": f"{layout.line.code} {layout.line.name}",
                "style": f"{layout.style.code} {layout.style.name}",
            },
            14,
            bold=True,
        )
        y -= 7 * mm
        target = (
            _("Target %(target)s per hour") % {"target": layout.target_per_hour}
            if layout.target_per_hour
            else _("%(count)s operators asked for") % {"count": layout.head_count}
        )
        facts = " · ".join(
            [
                target,
                _("Takt %(takt)s min") % {"takt": _figure(layout.takt)},
                _("Cycle %(cycle)s min") % {"cycle": _figure(layout.cycle_time)},
                _("Output %(output)s per hour") % {"output": layout.output_per_hour},
                _("Balance efficiency %(eff)s")
                % {"eff": f"{(layout.balance_efficiency * 100).quantize(Decimal('0.1'))} %"},
                _("Operators %(count)s") % {"count": layout.operators},
            ]
        )
        _text(c, MARGIN, y, facts, 10)
        y -= 5 * mm
        status = _("Saved as the line's layout") if layout.is_active else _("Draft")
        printed = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        _text(c, MARGIN, y, f"{status} · {_('printed')} {printed}", 8)
        y -= 8 * mm
        titles = (
            _("Op. no."),
            _("Worker"),
            _("Operations (share)"),
            _("Machine"),
            _("Minutes"),
            _("Load"),
        )
        for (x, _w), title in zip(COLUMNS, titles, strict=True):
            _text(c, MARGIN + x, y, title, 9, bold=True)
        c.line(MARGIN, y - 1.5 * mm, width - MARGIN, y - 1.5 * mm)
        return y - 6 * mm

    y = header()
    for position in positions:
        operations = ", ".join(
            f"{s.operation.sequence} {s.operation.name}"
            + ("" if s.share == 1 else f" ({(s.share * 100).quantize(Decimal('0.1'))} %)")
            for s in position.shares
        )
        lines = _fit(operations, ROW_SIZE, COLUMNS[2][1] - 2 * mm, 3)
        row_height = max(1, len(lines)) * LINE_HEIGHT + 1.5 * mm
        if y - row_height < MARGIN:
            c.showPage()
            y = header()
        worker = f"{position.worker.code} {position.worker.name}" if position.worker else "—"
        cells = (
            str(position.slot) + (" *" if position.is_bottleneck else ""),
            _fit(worker, ROW_SIZE, COLUMNS[1][1] - 2 * mm, 1)[0] if worker else "",
            "",
            " / ".join(position.machines),
            _figure(position.minutes),
            f"{position.load_percent} %",
        )
        for (x, _w), cell in zip(COLUMNS, cells, strict=True):
            if cell:
                _text(c, MARGIN + x, y, cell, ROW_SIZE, bold=position.is_bottleneck and x == 0)
        for n, text in enumerate(lines):
            _text(c, MARGIN + COLUMNS[2][0], y - n * LINE_HEIGHT, text, ROW_SIZE)
        y -= row_height
        c.setDash(1, 2)
        c.line(MARGIN, y + 3 * mm, width - MARGIN, y + 3 * mm)
        c.setDash()
    note = _("* the bottleneck")
    _text(c, width - MARGIN - _width(note, 8), MARGIN / 2, note, 8)
    c.showPage()
    c.save()
    return buffer.getvalue()
