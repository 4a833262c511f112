"""The quality rule of payroll, computed by hand.

September 2025, deduction 0.50 per defect, severities major and critical, minimum wage
20.00 an hour:
  A op 10, 50 pcs x 0.12 = 6.00; 2 major defects (1 minor not counted) -> 2 x 0.50 = 1.00
    20 % of 6.00 = 1.20, so not limited                                 -> 5.00
  B op 30, 30 pcs x 0.14 = 4.20; 1 critical defect row of count 3 -> 1.50
    limited to 20 % of 4.20 = 0.84                                      -> 3.36
  C op 20, 50 pcs x 0.13 = 6.50; attended 18 min: 6.00 guaranteed, no top-up;
    2 major defects -> 1.00; 20 % = 1.30, but only 0.50 above the minimum -> 6.00
  D attended 60 min, no pieces: top-up 20.00; 1 major defect -> 0.50, but nothing above
    the minimum: 0.00 (the line shows the limit)                        -> 20.00
  A defect of A at 00:30 on 1 October (factory time) is October's.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from seamline.payroll import services
from seamline.payroll.choices import LineKind
from seamline.payroll.models import PayLine, PayPeriod, PaySlip
from seamline.quality.choices import InspectionKind, Severity
from seamline.shopfloor.attendance import factory_zone
from seamline.shopfloor.models import Attendance, Worker
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order
from tests.quality.test_measures import defect_types, inspect
from tests.shopfloor.factories import WorkerFactory

D = Decimal
SEP = dt.date(2025, 9, 10)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=factory_zone())


def scan(cut: CutOrder, bundles: tuple[int, ...], op: int, worker: Worker) -> None:
    results = record_scans(
        [
            ScanInput(f"{n}-{op}-{worker.code}", cut.bundles[n].number, op, worker.code, at(SEP))
            for n in bundles
        ]
    )
    assert {r.status for r in results} == {"credited"}


def defects(
    cut: CutOrder, worker: Worker, counts: list[tuple[int, str]], when: dt.datetime, key: str
) -> None:
    types = defect_types(key)
    rows = [(types["skip"], count, cut.operations[0], worker, "front") for count, _ in counts]
    for n, (row, (_count, severity)) in enumerate(zip(rows, counts, strict=True)):
        inspect(cut, f"{key}-{n}", InspectionKind.INLINE, when, 5, 1, [row],
                bundle=cut.bundles[0], operation=cut.operations[0], severity=severity)  # fmt: skip


@pytest.fixture
def rule(in_tenant_a: Organization) -> dict[str, Any]:
    cut = cut_order()
    a, b = cut.workers
    c = WorkerFactory(line=cut.line)
    d = WorkerFactory(line=cut.line)
    services.settings_update(
        by=None,
        minimum_hourly_wage=D("20.00"),
        defect_deduction=D("0.50"),
        defect_deduction_severities=[Severity.CRITICAL, Severity.MAJOR],
    )
    scan(cut, (0, 1, 2), 10, a)
    scan(cut, (0, 1), 30, b)
    scan(cut, (0, 1, 2), 20, c)
    for worker, minutes in ((c, 18), (d, 60)):
        Attendance.objects.create(
            worker=worker,
            day=SEP,
            clock_in=at(SEP, 8),
            clock_out=at(SEP, 8) + dt.timedelta(minutes=minutes),
        )
    defects(cut, a, [(1, Severity.MAJOR), (1, Severity.MAJOR), (1, Severity.MINOR)], at(SEP), "a")
    defects(cut, b, [(3, Severity.CRITICAL)], at(SEP), "b")
    defects(cut, c, [(2, Severity.MAJOR)], at(SEP), "c")
    defects(cut, d, [(1, Severity.MAJOR)], at(SEP), "d")
    defects(cut, a, [(1, Severity.MAJOR)], at(dt.date(2025, 10, 1), 0, 30), "oct")
    period = services.period_open(by=None, day=SEP)
    services.period_recompute(period=period)
    period.refresh_from_db()
    return {"cut": cut, "a": a, "b": b, "c": c, "d": d, "period": period}


def quality_line(period: PayPeriod, worker: Worker) -> PayLine:
    return PayLine.objects.get(period=period, worker=worker, kind=LineKind.QUALITY)


def test_deduction_per_attributed_defect_with_the_caps(rule: dict[str, Any]) -> None:
    period = rule["period"]
    slips = {s.worker_id: s for s in PaySlip.objects.filter(period=period)}
    a, b, c, d = (rule[k] for k in "abcd")
    assert {w.code: (slips[w.pk].quality, slips[w.pk].total) for w in (a, b, c, d)} == {
        a.code: (D("-1.00"), D("5.00")),
        b.code: (D("-0.84"), D("3.36")),
        c.code: (D("-0.50"), D("6.00")),
        d.code: (D("0.00"), D("20.00")),
    }
    assert period.total == D("34.36")
    assert quality_line(period, a).description == "2 defects × 0.50"
    assert quality_line(period, a).rate == D("0.50")
    assert quality_line(period, b).description == (
        "3 defects × 0.50 = 1.50, limited to 0.84 (20 % of gross pay 4.20)"
    )
    assert quality_line(period, c).description == (
        "2 defects × 0.50 = 1.00, limited to 0.50 "
        "(gross pay 6.50 may not fall below the minimum 6.00)"
    )
    assert quality_line(period, d).amount == D("0.00")
    assert "limited to 0.00" in quality_line(period, d).description
    # The top-up is as before: computed on work pay, not refilling the deduction.
    assert PayLine.objects.get(period=period, worker=d, kind=LineKind.TOPUP).amount == D("20.00")


def test_severities_not_counted_and_rule_off(rule: dict[str, Any]) -> None:
    period, a = rule["period"], rule["a"]
    services.settings_update(by=None, defect_deduction_severities=[Severity.MINOR])
    period.refresh_from_db()
    assert quality_line(period, a).amount == D("-0.50")  # the one minor defect
    assert not PayLine.objects.filter(period=period, worker=rule["b"], kind="quality").exists()

    services.settings_update(by=None, defect_deduction=D("0"))
    period.refresh_from_db()
    assert not PayLine.objects.filter(period=period, kind=LineKind.QUALITY).exists()
    assert period.total == D("36.70")  # 6.00 + 4.20 + 6.50 + 20.00


def test_defects_after_approval_fall_into_the_open_period(rule: dict[str, Any]) -> None:
    period, cut, a = rule["period"], rule["cut"], rule["a"]
    services.period_review(period=period, by=None)
    assert services.period_approve(period=period, by=None).approved
    # Found in October, after September was approved: October's deduction.
    scan(cut, (3,), 10, a)  # September work, carried as late pieces into October
    defects(cut, a, [(1, Severity.MAJOR)], at(dt.date(2025, 10, 2)), "late")
    october = services.period_open(by=None)
    services.period_recompute(period=october)
    line = quality_line(october, a)
    # 2 defects in October (00:30 on the 1st and the 2nd); gross = 10 late pcs x 0.12 = 1.20,
    # 20 % = 0.24.
    assert (line.amount, line.description) == (
        D("-0.24"),
        "2 defects × 0.50 = 1.00, limited to 0.24 (20 % of gross pay 1.20)",
    )
    period.refresh_from_db()
    assert period.total == D("34.36")  # September as approved


def test_settings_page_slip_and_register_show_the_rule(
    rule: dict[str, Any], owner_a: Client
) -> None:
    period, b = rule["period"], rule["b"]
    settings_page = owner_a.get(reverse("payroll:settings")).content.decode()
    assert "Deduction per defect" in settings_page
    assert 'value="0.50"' in settings_page

    slip = PaySlip.objects.get(period=period, worker=b)
    page = owner_a.get(reverse("payroll:slip_detail", args=[slip.pk])).content.decode()
    assert 'class="slip-quality"' in page
    assert "limited to 0.84 (20 % of gross pay 4.20)" in page

    register = owner_a.get(reverse("payroll:period_detail", args=[period.pk])).content.decode()
    assert "Quality deduction" in register
    assert "-0.84" in register

    xlsx = owner_a.get(reverse("payroll:register_xlsx", args=[period.pk]))
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    rows = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
    heading = next(row for row in rows if row[0] == "Employee no.")
    column = next(n for n, text in enumerate(heading) if str(text).startswith("Quality"))
    b_row = next(row for row in rows if row[0] == b.code)
    assert Decimal(str(b_row[column])) == D("-0.84")
    lines = [[cell.value for cell in row] for row in book.worksheets[1].iter_rows()]
    assert any(row[1] == "Quality deduction" and row[0] == b.code for row in lines)

    pdf = owner_a.get(reverse("payroll:slip_pdf", args=[slip.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_owner_sets_the_rule_on_the_settings_page(
    in_tenant_a: Organization, owner_a: Client
) -> None:
    data = {"cycle": "monthly", "minimum_hourly_wage": "0", "grade_1": "1", "grade_2": "1",
            "grade_3": "1", "grade_4": "1", "grade_5": "1", "defect_deduction": "1.25",
            "defect_deduction_severities": ["critical"]}  # fmt: skip
    response = owner_a.post(reverse("payroll:settings"), data)
    assert response.status_code == 302
    current = services.payroll_settings()
    assert (current.defect_deduction, current.defect_deduction_severities) == (
        D("1.25"),
        ["critical"],
    )
    bad = owner_a.post(reverse("payroll:settings"), {**data, "defect_deduction": "-1"})
    assert bad.status_code == 200
    assert "greater than or equal to 0" in bad.content.decode()
    assert services.payroll_settings().defect_deduction == D("1.25")
