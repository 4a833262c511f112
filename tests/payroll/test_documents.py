"""Pay slips as PDF and the payroll register as .xlsx, downloaded over HTTP.

September 2025 (approved; minimum wage 20.00 an hour):
  A 张三    op 10, 50 pcs x 0.12 = 6.00; 4 h attended: top-up 80.00 - 6.00 = 74.00  -> 80.00
  B =HYPERLINK(...)  op 30, 20 pcs x 0.14 = 2.80; bonus 5.00 "=1+1 extra"       ->  7.80
  C (hourly 25.00) 8 h                                                   = 200.00 -> 200.00
                                                                          total   287.80
October (draft): A late op 30 of 25 September 20 x 0.14 = 2.80, op 20 10 x 0.13 = 1.30 -> 4.10
                 B reversal of op 30 paid in September -20 x 0.14                    -> -2.80
                                                                          total     1.30
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.payroll import services, slip_pdf
from seamline.payroll.models import PayLine, PayPeriod, PaySlip
from seamline.shopfloor.choices import PayType
from seamline.shopfloor.corrections import scan_reverse
from seamline.shopfloor.models import Attendance, Scan, Worker
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.shopfloor.factories import WorkerFactory

D = Decimal
CHINESE = "张三"
FORMULA = '=HYPERLINK("http://evil.example","pay")'
SEPTEMBER = dt.date(2025, 9, 1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def scan(cut: CutOrder, bundle: int, op: int, worker: Worker, day: dt.date) -> Scan:
    cid = f"doc-{cut.bundles[bundle].number}-{op}-{worker.code}"
    bundle_no = cut.bundles[bundle].number
    (result,) = record_scans([ScanInput(cid, bundle_no, op, worker.code, at(day))])
    assert result.status == "credited", result
    return Scan.objects.get(client_id=cid)


@dataclass
class Pay:
    a: Worker
    b: Worker
    c: Worker
    a_user: User
    september: PayPeriod
    october: PayPeriod

    def slip(self, worker: Worker, period: PayPeriod) -> PaySlip:
        return PaySlip.objects.get(worker=worker, period=period)


@pytest.fixture
def pay(in_tenant_a: Organization, member: Callable[..., User]) -> Pay:
    cut = cut_order(operations=3, plies=30, ratios=(1, 2), bundle_size=20)
    a, b = cut.workers
    a_user = member(in_tenant_a, Role.WORKER)
    a.name, a.phone, a.user = CHINESE, "13800138000", a_user
    a.save()
    b.name = FORMULA
    b.save()
    c = WorkerFactory(line=cut.line, pay_type=PayType.HOURLY, hourly_rate=D("25.00"))
    services.settings_update(by=None, minimum_hourly_wage=D("20.00"))

    september = services.period_open(by=None, day=dt.date(2025, 9, 10))
    for bundle in (0, 1, 2):
        scan(cut, bundle, 10, a, dt.date(2025, 9, 3))
    paid_to_b = scan(cut, 0, 30, b, dt.date(2025, 9, 5))
    for worker, hours in ((a, 4), (c, 8)):
        Attendance.objects.create(
            worker=worker,
            day=dt.date(2025, 9, 3),
            clock_in=at(dt.date(2025, 9, 3), 8),
            clock_out=at(dt.date(2025, 9, 3), 8 + hours),
        )
    services.adjustment_add(
        period=september, worker=b, kind="bonus", amount=D("5.00"), reason="=1+1 extra", by=None
    )
    services.period_review(period=september, by=None)
    assert services.period_approve(period=september, by=None).approved

    scan(cut, 2, 30, a, dt.date(2025, 9, 25))
    scan_reverse(scan=paid_to_b, reason="bundle was A's", by=None)
    october = services.period_open(by=None)
    scan(cut, 1, 20, a, dt.date(2025, 10, 2))
    services.period_recompute(period=october)
    september.refresh_from_db()
    october.refresh_from_db()
    assert (september.total, october.total) == (D("287.80"), D("1.30"))
    return Pay(a, b, c, a_user, september, october)


def pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    if code[:1].isdigit():
        return bytes([int(code, 8)])
    return {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(code, code)


def strings(pdf: bytes) -> list[bytes]:
    """The strings the PDF shows, unescaped (its pages are written uncompressed)."""
    shown = re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", pdf, flags=re.S)
    return [re.sub(rb"\\([0-7]{1,3}|.)", _unescape, raw, flags=re.S) for raw in shown]


def text(pdf: bytes) -> str:
    """The Latin text of the PDF, one shown string a line (Helvetica writes cp1252)."""
    return "\n".join(part.decode("cp1252", errors="replace") for part in strings(pdf))


def shows_chinese(pdf: bytes, words: str) -> bool:
    """The CJK font writes UTF-16BE."""
    return words.encode("utf-16-be") in strings(pdf)


def get(client: Client, name: str, pk: int) -> Any:
    return client.get(reverse(f"payroll:{name}", args=[pk]))


def download(client: Client, name: str, pk: int, filename: str) -> bytes:
    response = get(client, name, pk)
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    content: bytes = response.content
    return content


# --- the PDF slip --------------------------------------------------------------------------


def test_a_slip_prints_on_one_page_with_its_lines_and_subtotals(owner_a: Client, pay: Pay) -> None:
    slip = pay.slip(pay.a, pay.september)

    pdf = download(owner_a, "slip_pdf", slip.pk, f"payslip-2025-09-01-{pay.a.code}.pdf")

    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == 1
    shown = text(pdf)
    for expected in (
        "Factory A",
        "Period 2025-09-01 – 2025-09-30 · Status: Approved",
        f"Employee no.: {pay.a.code}",
        f"Line: {pay.a.line}",
        "Skill grade: 2",
        "Pieces: 50",
        "Attended: 4:00 h",
        "4:00 h attended × 20.00 minimum = 80.00, minus 6.00 earned",
        "74.00",
        "80.00 CNY",
        "Each line is rounded half-up to the cent; the total is the sum of the lines.",
    ):
        assert expected in shown, expected
    piece = PayLine.objects.get(slip=slip, kind="piece")
    assert piece.operation is not None
    assert piece.order is not None
    label = f"{piece.operation.style.code} · 10 Op 10 · {piece.order.number}"
    lines = shown.split("\n")
    at = lines.index(label)
    assert lines[at : at + 5] == [label, "50", "0.12", "1.00", "6.00"]
    assert shows_chinese(pdf, CHINESE)
    assert "DRAFT" not in shown


def test_a_periods_slips_print_a_page_each(owner_a: Client, pay: Pay) -> None:
    pdf = download(
        owner_a, "period_slips_pdf", pay.september.pk, "payslips-2025-09-01-2025-09-30.pdf"
    )

    assert pdf.startswith(b"%PDF")
    assert pages(pdf) == PaySlip.objects.filter(period=pay.september).count() == 3
    shown = text(pdf)
    assert shown.count("Pay slip\n") == 3
    assert [line for line in shown.split("\n") if line.endswith(" CNY")] == [
        "80.00 CNY",
        "7.80 CNY",
        "200.00 CNY",
    ]
    assert FORMULA in shown
    assert "Bonus: =1+1 extra" in shown


def test_a_draft_period_is_marked_and_carried_lines_name_their_period(
    owner_a: Client, pay: Pay
) -> None:
    name = "payslips-2025-10-01-2025-10-31.pdf"
    pdf = download(owner_a, "period_slips_pdf", pay.october.pk, name)

    assert pages(pdf) == 2
    shown = text(pdf)
    # Across the page and beside the status, on each page.
    assert shown.count("DRAFT – not approved") == 4
    assert "Late pieces of 2025-09-01 – 2025-09-30" in shown
    assert "Taken back: paid in 2025-09-01 – 2025-09-30" in shown
    assert "-20" in shown.split("\n")
    assert "-2.80 CNY" in shown
    assert "4.10 CNY" in shown


def test_a_reviewed_period_is_still_marked_draft(owner_a: Client, pay: Pay) -> None:
    services.period_review(period=pay.october, by=None)

    pdf = download(
        owner_a,
        "slip_pdf",
        pay.slip(pay.a, pay.october).pk,
        f"payslip-2025-10-01-{pay.a.code}.pdf",
    )

    assert "Status: Reviewed" in text(pdf)
    assert "DRAFT – not approved" in text(pdf)


def test_a_slip_too_long_for_a_page_goes_on_under_its_header(pay: Pay) -> None:
    slip = pay.slip(pay.a, pay.september)
    rows = tuple(slip_pdf.Row(label=f"line {n}", amount=D("1.00")) for n in range(90))
    paper = slip_pdf.Paper(slip, (slip_pdf.Section("Pieces", ("", "", ""), rows),))

    pdf = slip_pdf.render_slips(period=pay.september, papers=[paper, paper])

    assert pages(pdf) == 4
    shown = text(pdf)
    assert shown.count("Pay slip (continued)") == 2
    assert shown.count("line 89") == 2
    assert shown.count(f"Employee no.: {pay.a.code}") == 4


# --- the Excel register --------------------------------------------------------------------


def register(client: Client, period: PayPeriod) -> openpyxl.Workbook:
    name = f"payroll-register-{period.start.isoformat()}-{period.end.isoformat()}.xlsx"
    return openpyxl.load_workbook(io.BytesIO(download(client, "register_xlsx", period.pk, name)))


def table(sheet: Any, first: str) -> tuple[list[Any], list[list[Any]]]:
    """The headings row (the one starting with `first`) and the rows under it."""
    rows = [list(row) for row in sheet.iter_rows()]
    start = next(n for n, row in enumerate(rows) if row[0].value == first)
    return [cell.value for cell in rows[start]], rows[start + 1 :]


def test_register_totals_are_values_equal_to_the_period_and_to_the_rows(
    owner_a: Client, pay: Pay
) -> None:
    book = register(owner_a, pay.september)

    sheet = book.worksheets[0]
    header = {row[0].value: row[1].value for row in sheet.iter_rows(max_row=6) if row[1].value}
    assert header["Factory"] == "Factory A"
    assert header["Period"] == "2025-09-01 – 2025-09-30"
    assert header["Status"] == "Approved"
    assert header["Currency"] == "CNY"
    factory_day = timezone.localdate(timezone=ZoneInfo(settings.DEFAULT_TENANT_TIME_ZONE))
    assert header["Generated at"].startswith(factory_day.isoformat())
    headings, rows = table(sheet, "Employee no.")
    total_at = headings.index("Total (CNY)")
    slips = rows[:3]
    totals = rows[3]
    assert [row[0].value for row in slips] == [pay.a.code, pay.b.code, pay.c.code]
    assert [D(str(row[total_at].value)) for row in slips] == [D("80.00"), D("7.80"), D("200.00")]
    assert totals[0].value == "Total"
    assert D(str(totals[total_at].value)) == pay.september.total == D("287.80")
    money = headings.index("Piece pay (CNY)")
    for column in range(money, total_at + 1):
        in_rows = sum(D(str(row[column].value)) for row in slips)
        assert D(str(totals[column].value)) == in_rows, headings[column]
        assert {row[column].number_format for row in [*slips, totals]} == {"0.00"}
    assert totals[headings.index("Pieces")].value == 70
    assert [row[headings.index("Attended hours")].value for row in [*slips, totals]] == [
        4,
        0,
        8,
        12,
    ]
    assert all(
        cell.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for cell in row
    )

    lines = book.worksheets[1]
    assert lines.title == "Lines"
    line_headings, line_rows = table(lines, "Employee no.")
    assert line_headings == [
        "Employee no.",
        "Kind",
        "Style",
        "Operation",
        "Order",
        "From period",
        "Pieces",
        "Minutes",
        "Rate",
        "Multiplier",
        "Amount",
        "Description",
    ]
    assert len(line_rows) == PayLine.objects.filter(period=pay.september).count() == 5
    amounts = [D(str(row[10].value)) for row in line_rows]
    assert sum(amounts) == pay.september.total


def test_register_lists_late_pieces_and_reversals_with_their_period(
    owner_a: Client, pay: Pay
) -> None:
    book = register(owner_a, pay.october)

    status = book.worksheets[0]["A4":"C4"][0]
    assert [cell.value for cell in status] == ["Status", "Draft", "DRAFT – not approved"]
    _, rows = table(book.worksheets[1], "Employee no.")
    carried = [
        (row[0].value, row[1].value, row[5].value, row[6].value, D(str(row[10].value)))
        for row in rows
        if row[5].value
    ]
    september = "2025-09-01 – 2025-09-30"
    assert carried == [
        (pay.a.code, "Late pieces from an approved period", september, 20, D("2.80")),
        (pay.b.code, "Reversal of pieces paid in an approved period", september, -20, D("-2.80")),
    ]


def test_register_keeps_names_and_reasons_as_text(owner_a: Client, pay: Pay) -> None:
    book = register(owner_a, pay.september)

    headings, rows = table(book.worksheets[0], "Employee no.")
    names = {row[0].value: row[headings.index("Name")] for row in rows[:3]}
    assert names[pay.a.code].value == CHINESE
    assert names[pay.b.code].data_type == "s"
    assert names[pay.b.code].value == "'" + FORMULA
    assert rows[0][headings.index("Phone")].value == "13800138000"
    assert rows[0][headings.index("Phone")].data_type == "s"
    _, lines = table(book.worksheets[1], "Employee no.")
    bonus = next(row for row in lines if row[1].value == "Bonus")
    assert (bonus[11].data_type, bonus[11].value) == ("s", "'=1+1 extra")


# --- who may download what -----------------------------------------------------------------


def test_a_worker_downloads_their_own_approved_slip_only(
    login: Callable[[User, Organization], Client], tenant_a: Organization, pay: Pay
) -> None:
    client = login(pay.a_user, tenant_a)

    own = get(client, "slip_pdf", pay.slip(pay.a, pay.september).pk)
    colleague = get(client, "slip_pdf", pay.slip(pay.b, pay.september).pk)
    own_draft = get(client, "slip_pdf", pay.slip(pay.a, pay.october).pk)
    register_ = get(client, "register_xlsx", pay.september.pk)
    all_slips = get(client, "period_slips_pdf", pay.september.pk)

    assert own.status_code == 200
    assert own.content.startswith(b"%PDF")
    assert shows_chinese(own.content, CHINESE)
    assert (colleague.status_code, own_draft.status_code) == (404, 404)
    assert (register_.status_code, all_slips.status_code) == (403, 403)


def test_a_paid_period_slip_is_the_workers_too(
    login: Callable[[User, Organization], Client], tenant_a: Organization, pay: Pay
) -> None:
    services.period_mark_paid(period=pay.september, by=None, reference="BANK-1")
    client = login(pay.a_user, tenant_a)

    response = get(client, "slip_pdf", pay.slip(pay.a, pay.september).pk)

    assert response.status_code == 200
    assert "Status: Paid" in text(response.content)


def test_a_worker_without_a_roster_entry_sees_no_slip(worker_a: Client, pay: Pay) -> None:
    response = get(worker_a, "slip_pdf", pay.slip(pay.a, pay.september).pk)

    assert response.status_code == 404


def test_roles_without_payroll_are_refused(planner_a: Client, pay: Pay) -> None:
    for name, pk in (
        ("slip_pdf", pay.slip(pay.a, pay.september).pk),
        ("period_slips_pdf", pay.september.pk),
        ("register_xlsx", pay.september.pk),
    ):
        assert get(planner_a, name, pk).status_code == 403, name


def test_a_supervisor_downloads_the_register_and_any_slip(supervisor_a: Client, pay: Pay) -> None:
    assert get(supervisor_a, "register_xlsx", pay.october.pk).status_code == 200
    assert get(supervisor_a, "slip_pdf", pay.slip(pay.b, pay.october).pk).status_code == 200


def test_documents_are_downloads_only(owner_a: Client, pay: Pay) -> None:
    url = reverse("payroll:register_xlsx", args=[pay.september.pk])

    assert owner_a.post(url).status_code == 405


@pytest.mark.parametrize(
    ("name", "queries"),
    [("period_slips_pdf", 3 + 3), ("register_xlsx", 3 + 5)],  # 3: session, user, membership
)
def test_a_periods_documents_read_it_in_a_fixed_number_of_queries(
    owner_a: Client, pay: Pay, name: str, queries: int, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(queries):
        assert get(owner_a, name, pay.september.pk).status_code == 200
