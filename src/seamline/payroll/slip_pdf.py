"""Pay slips as PDF: one A4 page per worker (more only when the lines overflow it), one slip
or a whole period's for printing.

A slip shows the factory, the period and its status (a period not yet approved carries a
"DRAFT – not approved" mark across every page), the worker, then the lines grouped as on
the register: this period's pieces, late pieces and reversals from earlier periods (with
the period they belong to), hours, the minimum-wage top-up, adjustments; then the slip's
subtotals, its total in the factory's currency, and the rounding rule. Chinese text prints
in the CJK font the bundle tickets use.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from seamline.cutting.tickets import _fit, _register_fonts, _text, _width
from seamline.payroll import documents, selectors
from seamline.payroll.choices import LineKind
from seamline.payroll.compute import CARRIED_KINDS
from seamline.payroll.models import PayLine, PayPeriod, PaySlip
from seamline.payroll.rates import guaranteed_pay
from seamline.shopfloor.models import Worker
from seamline.tenancy.context import require_tenant
from seamline.tenancy.models import Organization

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
RIGHT = PAGE_W - MARGIN
# Right edges of the number columns; the label takes what is left of them.
AMOUNT_X = RIGHT
MULTIPLIER_X = RIGHT - 28 * mm
RATE_X = RIGHT - 46 * mm
QUANTITY_X = RIGHT - 66 * mm
LABEL_W = QUANTITY_X - 18 * mm - MARGIN
LINE_H = 4.2 * mm
NOTE_H = 3.6 * mm
BOTTOM = MARGIN + 8 * mm  # above the footer
SUBTOTAL_FIELDS = ("piece_pay", "carried_pay", "time_pay", "topup", "quality", "adjustments")


@dataclass(frozen=True)
class Row:
    label: str
    amount: Decimal
    quantity: str = ""
    rate: str = ""
    multiplier: str = ""
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    headings: tuple[str, str, str]  # over quantity, rate, multiplier
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Paper:
    """What one slip prints."""

    slip: PaySlip
    sections: tuple[Section, ...]


def _piece_row(line: PayLine, note: str = "") -> Row:
    return Row(
        label=selectors.line_label(line),
        amount=line.amount,
        quantity=str(line.pieces),
        rate=documents.number(line.rate),
        multiplier=documents.number(line.multiplier),
        note=note,
    )


def _carried_note(line: PayLine) -> str:
    origin = str(line.origin) if line.origin is not None else _("an earlier period")
    if line.kind == LineKind.LATE:
        return _("Late pieces of %(period)s") % {"period": origin}
    return _("Taken back: paid in %(period)s") % {"period": origin}


def _topup_row(line: PayLine) -> Row:
    minimum = line.rate or Decimal("0")
    guaranteed = guaranteed_pay(minimum, line.minutes)
    return Row(
        label=_(
            "%(hours)s h attended × %(minimum)s minimum = %(guaranteed)s, minus %(earned)s earned"
        )
        % {
            "hours": documents.hours(line.minutes),
            "minimum": documents.money(minimum),
            "guaranteed": documents.money(guaranteed),
            "earned": documents.money(guaranteed - line.amount),
        },
        amount=line.amount,
        quantity=documents.hours(line.minutes),
        rate=documents.number(minimum),
    )


def sections(lines: Iterable[PayLine]) -> tuple[Section, ...]:
    """A slip's lines grouped as they print; empty groups are left out."""
    by_kind: dict[str, list[PayLine]] = {kind: [] for kind in LineKind.values}
    for line in lines:
        # Late pieces and reversals print together, in the order they were computed.
        by_kind[LineKind.LATE if line.kind in CARRIED_KINDS else line.kind].append(line)
    pieces = (_("Pieces"), _("Rate"), _("Grade ×"))
    groups = [
        Section(
            str(LineKind.PIECE.label),
            pieces,
            tuple(_piece_row(line) for line in by_kind[LineKind.PIECE]),
        ),
        Section(
            documents.verbose(PaySlip, "carried_pay"),
            pieces,
            tuple(_piece_row(line, _carried_note(line)) for line in by_kind[LineKind.LATE]),
        ),
        Section(
            str(LineKind.TIME.label),
            (_("Hours"), _("Per hour"), ""),
            tuple(
                Row(
                    label=_("Attended hours"),
                    amount=line.amount,
                    quantity=documents.hours(line.minutes),
                    rate=documents.number(line.rate),
                )
                for line in by_kind[LineKind.TIME]
            ),
        ),
        Section(
            str(LineKind.TOPUP.label),
            (_("Hours"), _("Minimum"), ""),
            tuple(_topup_row(line) for line in by_kind[LineKind.TOPUP]),
        ),
        Section(
            str(LineKind.QUALITY.label),
            (_("Defects"), _("Per defect"), ""),
            tuple(
                Row(
                    label=line.description or str(LineKind.QUALITY.label),
                    amount=line.amount,
                    rate=documents.number(line.rate),
                )
                for line in by_kind[LineKind.QUALITY]
            ),
        ),
        Section(
            documents.verbose(PaySlip, "adjustments"),
            ("", "", ""),
            tuple(
                Row(label=selectors.line_label(line), amount=line.amount)
                for line in by_kind[LineKind.ADJUSTMENT]
            ),
        ),
    ]
    return tuple(group for group in groups if group.rows)


# --- drawing -------------------------------------------------------------------------------


def _right(c: Canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
    _text(c, x - _width(text, size, bold), y, text, size, bold)


class _Writer:
    """Draws slips page by page; a slip whose lines overflow a page goes on with its header."""

    def __init__(self, c: Canvas, organization: Organization, period: PayPeriod) -> None:
        self.c = c
        self.organization = organization
        self.period = period
        self.draft = documents.is_draft(period)
        self.generated = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        self.pages = 0
        self.y = PAGE_H - MARGIN

    # pages

    def page(self, title: str) -> None:
        if self.pages:
            self.c.showPage()
        self.pages += 1
        c = self.c
        if self.draft:
            self._watermark()
        top = PAGE_H - MARGIN
        _text(c, MARGIN, top - 5 * mm, self.organization.name, 14, bold=True)
        _right(c, RIGHT, top - 5 * mm, title, 14, bold=True)
        period = _("Period %(start)s – %(end)s") % {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
        }
        status = _("Status: %(status)s") % {"status": self.period.get_status_display()}
        _text(c, MARGIN, top - 11 * mm, f"{period} · {status}", 9)
        if self.draft:
            c.setFillColorRGB(0.75, 0, 0)
            _right(c, RIGHT, top - 11 * mm, documents.draft_mark(), 10, bold=True)
            c.setFillColorRGB(0, 0, 0)
        c.setFillGray(0.4)
        footer = _("Generated %(at)s · Seamline") % {"at": self.generated}
        _text(c, MARGIN, MARGIN, footer, 7)
        c.setFillGray(0)
        self.y = top - 16 * mm

    def _watermark(self) -> None:
        c, mark = self.c, documents.draft_mark()
        c.saveState()
        c.setFillGray(0.85)
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(40)
        size = min(54.0, PAGE_H * 0.8 / _width(mark, 1, bold=True))
        _text(c, -_width(mark, size, bold=True) / 2, -size / 3, mark, size, bold=True)
        c.restoreState()

    def room(self, height: float, paper: Paper) -> None:
        """Go on on a new page when `height` does not fit under the current line."""
        if self.y - height < BOTTOM:
            self.page(_("Pay slip (continued)"))
            self.worker(paper, brief=True)

    # blocks

    def worker(self, paper: Paper, brief: bool = False) -> None:
        c, slip = self.c, paper.slip
        worker = slip.worker
        line = str(worker.line) if worker.line is not None else "—"
        first = [
            f"{documents.verbose(Worker, 'code')}: {worker.code}",
            f"{documents.verbose(Worker, 'name')}: {worker.name}",
        ]
        second = [
            f"{documents.verbose(Worker, 'line')}: {line}",
            f"{documents.verbose(Worker, 'skill_grade')}: {worker.skill_grade}",
            f"{documents.verbose(PaySlip, 'pieces')}: {slip.pieces}",
            _("Attended: %(hours)s h") % {"hours": documents.hours(slip.attended_minutes)},
        ]
        rows = [(first, 10.0, True)] if brief else [(first, 10.0, True), (second, 9.0, False)]
        height = (len(rows) * 5 + 3) * mm
        c.setLineWidth(0.6)
        c.rect(MARGIN, self.y - height, RIGHT - MARGIN, height)
        y = self.y - 5 * mm
        for parts, size, bold in rows:
            x = MARGIN + 3 * mm
            for part in parts:
                _text(c, x, y, part, size, bold)
                x += max(_width(part, size, bold) + 8 * mm, 38 * mm)
            y -= 5 * mm
        self.y -= height + 4 * mm
        if slip.open_days and not brief:
            explained = PaySlip._meta.get_field("open_days").help_text
            note = f"{documents.verbose(PaySlip, 'open_days')}: {slip.open_days} ({explained})"
            _text(c, MARGIN, self.y, note, 8)
            self.y -= 5 * mm

    def section(self, section: Section, paper: Paper, currency: str) -> None:
        c = self.c
        self.room(6 * mm + LINE_H + NOTE_H, paper)
        _text(c, MARGIN, self.y, section.title, 10, bold=True)
        c.setFillGray(0.35)
        amount = _("Amount (%(currency)s)") % {"currency": currency}
        for x, heading in zip(
            (QUANTITY_X, RATE_X, MULTIPLIER_X, AMOUNT_X), (*section.headings, amount), strict=True
        ):
            if heading:
                _right(c, x, self.y, heading, 7.5)
        c.setFillGray(0)
        c.setLineWidth(0.4)
        c.line(MARGIN, self.y - 1.5 * mm, RIGHT, self.y - 1.5 * mm)
        self.y -= 5.5 * mm
        for row in section.rows:
            self.row(row, paper)
        self.y -= 3 * mm

    def row(self, row: Row, paper: Paper) -> None:
        c = self.c
        label = _fit(row.label, 9, LABEL_W, 2)
        height = LINE_H * len(label) + (NOTE_H if row.note else 0)
        self.room(height, paper)
        y = self.y
        for n, part in enumerate(label):
            _text(c, MARGIN + 2 * mm, y - n * LINE_H, part, 9)
        for x, value in (
            (QUANTITY_X, row.quantity),
            (RATE_X, row.rate),
            (MULTIPLIER_X, row.multiplier),
            (AMOUNT_X, documents.money(row.amount)),
        ):
            if value:
                _right(c, x, y, value, 9)
        if row.note:
            c.setFillGray(0.35)
            _text(c, MARGIN + 5 * mm, y - LINE_H * len(label) + 0.6 * mm, row.note, 7.5)
            c.setFillGray(0)
        self.y -= height

    def subtotals(self, paper: Paper, currency: str) -> None:
        c, slip = self.c, paper.slip
        self.room((len(SUBTOTAL_FIELDS) + 4) * 5 * mm, paper)
        label_x = RIGHT - 80 * mm
        c.setLineWidth(0.8)
        c.line(label_x, self.y, RIGHT, self.y)
        self.y -= 5 * mm
        for name in SUBTOTAL_FIELDS:
            _text(c, label_x, self.y, documents.verbose(PaySlip, name), 9)
            _right(c, RIGHT, self.y, documents.money(getattr(slip, name)), 9)
            self.y -= 5 * mm
        c.line(label_x, self.y + 3 * mm, RIGHT, self.y + 3 * mm)
        self.y -= 1.5 * mm
        _text(c, label_x, self.y, documents.verbose(PaySlip, "total"), 11, bold=True)
        total = f"{documents.money(slip.total)} {currency}"
        _right(c, RIGHT, self.y, total, 11, bold=True)
        self.y -= 8 * mm
        _text(c, MARGIN, self.y, documents.rounding_rule(), 8)
        self.y -= 5 * mm

    def slip(self, paper: Paper) -> None:
        currency = self.organization.currency
        self.page(_("Pay slip"))
        self.worker(paper)
        for section in paper.sections:
            self.section(section, paper, currency)
        if not paper.sections:
            _text(self.c, MARGIN, self.y, _("No pay lines in this period."), 9)
            self.y -= 8 * mm
        self.subtotals(paper, currency)


def render_slips(*, period: PayPeriod, papers: Sequence[Paper]) -> bytes:
    """The PDF of `papers` (slips of `period`), each starting on a page of its own."""
    _register_fonts()
    organization = require_tenant()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=0)
    c.setTitle(_("Pay slips %(period)s") % {"period": str(period)})
    c.setAuthor("Seamline")
    writer = _Writer(c, organization, period)
    for paper in papers:
        writer.slip(paper)
    if not papers:
        writer.page(_("Pay slips"))
        _text(c, MARGIN, writer.y, _("No pay slips in this period."), 10)
    c.showPage()
    c.save()
    return buffer.getvalue()


def render_slip(slip: PaySlip, period: PayPeriod) -> bytes:
    """One worker's slip."""
    paper = Paper(slip, sections(selectors.slip_lines(slip)))
    return render_slips(period=period, papers=[paper])


def render_period_slips(period: PayPeriod) -> bytes:
    """Every slip of the period, by employee number, for printing."""
    grouped = documents.lines_by_slip(period)
    papers = [Paper(slip, sections(grouped.get(slip.pk, ()))) for slip in selectors.slips(period)]
    return render_slips(period=period, papers=papers)
