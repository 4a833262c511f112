"""The payroll pages as a supervisor, an owner, a planner and a worker use them.

September 2025, monthly, minimum wage 2.00 an hour:
  A: op 10, 30 pcs x 0.12 = 3.60; 3 hours attended, 6.00 guaranteed -> top-up 2.40 -> 6.00
  B: op 20, 20 pcs x 0.13 = 2.60                                                -> 2.60
                                                                         total     8.60
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seamline.payroll import services
from seamline.payroll.choices import PeriodStatus
from seamline.payroll.models import Adjustment, OperationRate, PayPeriod, PaySlip
from seamline.shopfloor.models import Attendance, Scan, Worker
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.orders.html import tables
from tests.shopfloor.factories import WorkerFactory

D = Decimal
SEPTEMBER = dt.date(2025, 9, 10)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def scan(cut: CutOrder, bundle: int, op: int, worker: Worker, day: dt.date) -> Scan:
    client_id = f"{cut.bundles[bundle].number}-{op}-{worker.code}"
    (result,) = record_scans(
        [ScanInput(client_id, cut.bundles[bundle].number, op, worker.code, at(day))]
    )
    assert result.status == "credited", result
    return Scan.objects.get(client_id=client_id)


@dataclass
class Pay:
    cut: CutOrder
    a: Worker
    b: Worker
    september: PayPeriod


@pytest.fixture
def pay(in_tenant_a: Organization) -> Pay:
    cut = cut_order(operations=3, plies=30, ratios=(1, 2), bundle_size=20)
    a, b = cut.workers
    services.settings_update(by=None, minimum_hourly_wage=D("2.00"))
    scan(cut, 0, 10, a, dt.date(2025, 9, 3))
    scan(cut, 1, 10, a, dt.date(2025, 9, 3))
    scan(cut, 0, 20, b, dt.date(2025, 9, 4))
    day = dt.date(2025, 9, 3)
    Attendance.objects.create(worker=a, day=day, clock_in=at(day, 8), clock_out=at(day, 11))
    september = services.period_open(by=None, day=SEPTEMBER)
    return Pay(cut, a, b, september)


@pytest.fixture
def olga(member: Callable[..., User], tenant_a: Organization) -> User:
    return member(tenant_a, Role.OWNER, display_name="Olga Owner")


@pytest.fixture
def owner(olga: User, tenant_a: Organization, login: Callable[..., Client]) -> Client:
    return login(olga, tenant_a)


def detail_url(period: PayPeriod) -> str:
    return reverse("payroll:period_detail", args=[period.pk])


def register(html: bytes | str) -> dict[str, list[str]]:
    """The register's rows by employee no. (the totals row under 'total')."""
    rows = tables(html, "pay-register")[0]
    body = {row[0]: row for row in rows[1:-1]}
    body["total"] = rows[-1]
    return body


def messages_of(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def approve_september(pay: Pay) -> None:
    services.period_review(period=pay.september, by=None)
    assert services.period_approve(period=pay.september, by=None).approved
    pay.september.refresh_from_db()


class TestPeriodList:
    def test_lists_periods_with_status_total_and_who_approved(
        self, pay: Pay, owner: Client
    ) -> None:
        services.period_review(period=pay.september, by=None)
        response = owner.post(reverse("payroll:period_approve", args=[pay.september.pk]))
        assert response.status_code == 302

        rows = tables(owner.get(reverse("payroll:period_list")).content, "pay-periods")[0]

        assert rows[1][:4] == ["2025-09-01 – 2025-09-30", "Approved", "2", "8.60"]
        assert rows[1][5].startswith("Olga Owner, ")

    def test_the_first_period_is_chosen_by_a_day(
        self, in_tenant_a: Organization, owner: Client
    ) -> None:
        page = owner.get(reverse("payroll:period_list")).content.decode()
        assert "Open the first period" in page

        response = owner.post(reverse("payroll:period_open"), {"day": "2025-09-10"})

        period = PayPeriod.objects.get()
        assert (period.start, period.end) == (dt.date(2025, 9, 1), dt.date(2025, 9, 30))
        assert response["Location"] == detail_url(period)
        assert "Open next period" in owner.get(reverse("payroll:period_list")).content.decode()

    def test_a_future_period_is_refused_with_a_message(
        self, in_tenant_a: Organization, owner: Client
    ) -> None:
        future = timezone.localdate() + dt.timedelta(days=62)

        response = owner.post(reverse("payroll:period_open"), {"day": future}, follow=True)

        assert "open it then" in messages_of(response)
        assert not PayPeriod.objects.exists()

    def test_a_bad_day_is_named(self, in_tenant_a: Organization, owner: Client) -> None:
        response = owner.post(reverse("payroll:period_open"), {"day": "31.02.2025"}, follow=True)

        assert "A day of the first period:" in messages_of(response)
        assert not PayPeriod.objects.exists()

    def test_nav_shows_payroll_to_those_who_may_see_it(
        self, in_tenant_a: Organization, supervisor_a: Client, planner_a: Client, worker_a: Client
    ) -> None:
        home = reverse("web:home")
        assert f'href="{reverse("payroll:period_list")}"' in supervisor_a.get(home).content.decode()
        assert f'href="{reverse("payroll:rates")}"' in planner_a.get(home).content.decode()
        assert ">Payroll<" not in worker_a.get(home).content.decode()


class TestRegister:
    def test_one_row_per_slip_with_totals_and_reconciliation(
        self, pay: Pay, supervisor_a: Client
    ) -> None:
        response = supervisor_a.get(detail_url(pay.september))

        assert response.status_code == 200
        rows = register(response.content)
        line = pay.cut.line.code
        assert rows[pay.a.code] == [pay.a.code, pay.a.name, line] + [
            "30", "3.00", "3.60", "0.00", "0.00", "2.40", "0.00", "6.00"
        ]  # fmt: skip
        assert rows[pay.b.code] == [pay.b.code, pay.b.name, line] + [
            "20", "0.00", "2.60", "0.00", "0.00", "0.00", "0.00", "2.60"
        ]  # fmt: skip
        assert rows["total"][1:] == [
            "50", "3.00", "6.20", "0.00", "0.00", "2.40", "0.00", "8.60"
        ]  # fmt: skip
        text = " ".join(response.content.decode().split())
        assert "Sum of slips 8.60 · sum of lines 8.60 · period total 8.60. They agree." in text
        assert "rounded half-up to the cent once" in text

    def test_worker_and_planner_may_not_see_the_register(
        self, pay: Pay, worker_a: Client, planner_a: Client
    ) -> None:
        slip = PaySlip.objects.get(worker=pay.a)
        for client in (worker_a, planner_a):
            assert client.get(detail_url(pay.september)).status_code == 403
            assert client.get(reverse("payroll:slip_detail", args=[slip.pk])).status_code == 403
            assert client.get(reverse("payroll:period_list")).status_code == 403

    def test_anonymous_visitor_is_sent_to_login(self, pay: Pay) -> None:
        response = Client().get(detail_url(pay.september))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("tenancy:login"))

    def test_query_count_does_not_grow_with_the_workers(
        self, pay: Pay, supervisor_a: Client
    ) -> None:
        url = detail_url(pay.september)
        with CaptureQueriesContext(connection) as few:
            supervisor_a.get(url)
        for bundle in (2, 3, 4):
            scan(pay.cut, bundle, 30, WorkerFactory(line=pay.cut.line), dt.date(2025, 9, 8))
        services.period_recompute(period=pay.september)
        with CaptureQueriesContext(connection) as many:
            response = supervisor_a.get(url)
        assert len(register(response.content)) == 6
        assert len(many) == len(few)


class TestWorkflow:
    def test_supervisor_reviews_cannot_approve_owner_approves_and_marks_paid(
        self, pay: Pay, supervisor_a: Client, owner: Client
    ) -> None:
        period = pay.september
        assert (
            supervisor_a.post(reverse("payroll:period_recompute", args=[period.pk])).status_code
            == 302
        )
        response = supervisor_a.post(
            reverse("payroll:period_review", args=[period.pk]), follow=True
        )
        assert "Marked reviewed: 8.60 for 2 workers" in messages_of(response)
        period.refresh_from_db()
        assert period.status == PeriodStatus.REVIEWED

        page = supervisor_a.get(detail_url(period)).content.decode()
        assert reverse("payroll:period_approve", args=[period.pk]) not in page
        assert (
            supervisor_a.post(reverse("payroll:period_approve", args=[period.pk])).status_code
            == 403
        )
        period.refresh_from_db()
        assert period.status == PeriodStatus.REVIEWED

        page = owner.get(detail_url(period)).content.decode()
        assert reverse("payroll:period_approve", args=[period.pk]) in page
        response = owner.post(reverse("payroll:period_approve", args=[period.pk]), follow=True)
        assert "Approved and locked: 8.60 for 2 workers" in messages_of(response)
        period.refresh_from_db()
        assert period.status == PeriodStatus.APPROVED
        text = " ".join(response.content.decode().split())
        assert re.search(
            r"Approved on \d{4}-\d\d-\d\d \d\d:\d\d by Olga Owner; late scans and reversals "
            r"go to the next open period\.",
            text,
        )
        assert reverse("payroll:adjustment_add", args=[period.pk]) not in text

        response = owner.post(reverse("payroll:period_paid", args=[period.pk]), follow=True)
        assert "Payment reference:" in messages_of(response)
        response = owner.post(
            reverse("payroll:period_paid", args=[period.pk]),
            {"reference": "BANK-0930"},
            follow=True,
        )
        period.refresh_from_db()
        assert (period.status, period.payment_reference) == (PeriodStatus.PAID, "BANK-0930")
        assert "BANK-0930" in response.content.decode()

    def test_reviewed_period_can_be_reopened(self, pay: Pay, supervisor_a: Client) -> None:
        services.period_review(period=pay.september, by=None)

        supervisor_a.post(
            reverse("payroll:period_reopen", args=[pay.september.pk]), {"reason": "missed a bonus"}
        )

        pay.september.refresh_from_db()
        assert pay.september.status == PeriodStatus.DRAFT

    def test_approve_refused_after_a_change_names_the_worker_and_goes_back_to_draft(
        self, pay: Pay, owner: Client
    ) -> None:
        services.period_review(period=pay.september, by=None)
        scan(pay.cut, 2, 10, pay.b, dt.date(2025, 9, 5))  # 20 pcs x 0.12 = 2.40 more for B

        response = owner.post(reverse("payroll:period_approve", args=[pay.september.pk]))

        assert response.status_code == 200
        assert "the total of 1 worker changed since review" in messages_of(response)
        changes = tables(response.content, "pay-changes")[0]
        assert changes[1:] == [[pay.b.code, pay.b.name, "2.60", "5.00", "2.40"]]
        assert register(response.content)[pay.b.code][-1] == "5.00"
        pay.september.refresh_from_db()
        assert (pay.september.status, pay.september.total) == (PeriodStatus.DRAFT, D("11.00"))

    def test_late_scans_after_approval_show_in_the_next_period_with_their_origin(
        self, pay: Pay, owner: Client
    ) -> None:
        approve_september(pay)
        scan(pay.cut, 2, 10, pay.a, dt.date(2025, 9, 25))  # 20 pcs x 0.12 = 2.40, late

        response = owner.post(reverse("payroll:period_open"))

        october = PayPeriod.objects.get(start=dt.date(2025, 10, 1))
        assert response["Location"] == detail_url(october)
        row = register(owner.get(detail_url(october)).content)[pay.a.code]
        assert (row[3], row[6], row[-1]) == ("20", "2.40", "2.40")
        slip = PaySlip.objects.get(period=october, worker=pay.a)
        pieces = tables(
            owner.get(reverse("payroll:slip_detail", args=[slip.pk])).content, "slip-pieces"
        )[0]
        assert pieces[1][1:] == [
            "Late, work of 2025-09-01 – 2025-09-30",
            "20",
            "0.1200",
            "1.000",
            "2.40",
        ]
        september_page = owner.get(detail_url(pay.september)).content
        assert register(september_page)[pay.a.code][-1] == "6.00"
        assert (
            "Late pieces carried to 2025-10-01 – 2025-10-31: 20 pcs, 2.40"
            in september_page.decode()
        )


class TestAdjustments:
    def test_an_adjustment_added_shows_on_the_slip(self, pay: Pay, supervisor_a: Client) -> None:
        response = supervisor_a.post(
            reverse("payroll:adjustment_add", args=[pay.september.pk]),
            {"worker": pay.b.code, "kind": "bonus", "amount": "5.00", "reason": "no defects"},
            follow=True,
        )

        assert "Bonus of 5.00 for" in messages_of(response)
        assert register(response.content)[pay.b.code][-2:] == ["5.00", "7.60"]
        slip = PaySlip.objects.get(period=pay.september, worker=pay.b)
        page = supervisor_a.get(reverse("payroll:slip_detail", args=[slip.pk])).content
        assert tables(page, "slip-adjustments")[0][1] == ["Bonus", "no defects", "5.00"]
        assert tables(page, "slip-totals")[0][-1] == ["Total", "7.60"]

    def test_a_bad_amount_names_the_field_and_writes_nothing(
        self, pay: Pay, supervisor_a: Client
    ) -> None:
        for amount in ("-3", "abc", "1.234"):
            response = supervisor_a.post(
                reverse("payroll:adjustment_add", args=[pay.september.pk]),
                {"worker": pay.b.code, "kind": "penalty", "amount": amount, "reason": "late"},
            )
            assert response.status_code == 200
            assert "Amount: " in response.content.decode(), amount
        assert not Adjustment.objects.exists()
        pay.september.refresh_from_db()
        assert pay.september.total == D("8.60")

    def test_an_unknown_employee_number_is_named(self, pay: Pay, supervisor_a: Client) -> None:
        response = supervisor_a.post(
            reverse("payroll:adjustment_add", args=[pay.september.pk]),
            {"worker": "NOPE", "kind": "bonus", "amount": "1", "reason": "x"},
        )
        assert "Employee no.: No worker has employee no. NOPE." in response.content.decode()
        assert not Adjustment.objects.exists()

    def test_adjustments_are_refused_on_a_locked_period(self, pay: Pay, owner: Client) -> None:
        approve_september(pay)
        response = owner.post(
            reverse("payroll:adjustment_add", args=[pay.september.pk]),
            {"worker": pay.a.code, "kind": "bonus", "amount": "1", "reason": "x"},
            follow=True,
        )
        assert "this cannot be done now" in messages_of(response)
        assert not Adjustment.objects.exists()

    def test_deleting_an_adjustment_recomputes(self, pay: Pay, supervisor_a: Client) -> None:
        adjustment = services.adjustment_add(
            period=pay.september,
            worker=pay.a,
            kind="advance",
            amount=D("1.00"),
            reason="cash",
            by=None,
        )
        supervisor_a.post(reverse("payroll:adjustment_delete", args=[adjustment.pk]))
        assert not Adjustment.objects.exists()
        pay.september.refresh_from_db()
        assert pay.september.total == D("8.60")


class TestSlip:
    def test_shows_lines_by_section(self, pay: Pay, supervisor_a: Client) -> None:
        slip = PaySlip.objects.get(period=pay.september, worker=pay.a)
        page = supervisor_a.get(reverse("payroll:slip_detail", args=[slip.pk])).content
        op10 = pay.cut.operations[0]
        label = f"{pay.cut.style.code} · 10 {op10.name} · {pay.cut.order.number}"
        assert tables(page, "slip-pieces")[0][1] == [
            label,
            "This period",
            "30",
            "0.1200",
            "1.000",
            "3.60",
        ]
        assert tables(page, "slip-topup")[0][1] == [
            "3.00 (180 minutes)",
            "2.00",
            "6.00",
            "3.60",
            "2.40",
        ]
        assert tables(page, "slip-totals")[0][-1] == ["Total", "6.00"]


class TestRates:
    def test_rate_inside_an_approved_period_is_refused_on_the_field(
        self, pay: Pay, planner_a: Client
    ) -> None:
        approve_september(pay)
        op10 = pay.cut.operations[0]

        response = planner_a.post(
            reverse("payroll:rate_set"),
            {
                "style": pay.cut.style.pk,
                "operation": op10.pk,
                "effective_from": "2025-09-20",
                "rate": "0.5",
            },
        )

        assert response.status_code == 200
        assert "From: Pay up to 2025-09-30 is approved" in response.content.decode()
        assert not OperationRate.objects.exists()

    def test_planner_sets_and_deletes_a_dated_rate(self, pay: Pay, planner_a: Client) -> None:
        op20 = pay.cut.operations[1]
        response = planner_a.post(
            reverse("payroll:rate_set"),
            {
                "operation": op20.pk,
                "effective_from": "2025-09-01",
                "rate": "0.2000",
                "note": "harder",
            },
            follow=True,
        )
        rate = OperationRate.objects.get()
        assert (rate.operation, rate.rate) == (op20, D("0.2"))
        rows = tables(response.content, "pay-rates")[0]
        assert rows[2][0:3] == ["20", op20.name, "0.1300"]
        assert "0.2000 from 2025-09-01" in rows[2][3]
        assert rows[2][4] == "0.2000"
        pay.september.refresh_from_db()
        assert pay.september.total == D("10.00")  # B: 20 x 0.20 = 4.00 instead of 2.60

        planner_a.post(reverse("payroll:rate_delete", args=[rate.pk]))
        assert not OperationRate.objects.exists()

    def test_supervisor_reads_rates_but_may_not_set_them(
        self, pay: Pay, supervisor_a: Client
    ) -> None:
        url = f"{reverse('payroll:rates')}?style={pay.cut.style.pk}"
        page = supervisor_a.get(url).content.decode()
        assert pay.cut.operations[0].name in page
        assert reverse("payroll:rate_set") not in page
        op10 = pay.cut.operations[0]
        response = supervisor_a.post(
            reverse("payroll:rate_set"),
            {"operation": op10.pk, "effective_from": "2025-12-01", "rate": "1"},
        )
        assert response.status_code == 403
        assert not OperationRate.objects.exists()


class TestSettings:
    def test_owner_changes_settings_supervisor_only_reads(
        self, pay: Pay, owner: Client, supervisor_a: Client
    ) -> None:
        data = {"cycle": "semi", "minimum_hourly_wage": "0", "grade_1": "0.9", "grade_2": "1",
                "grade_3": "1.1", "grade_4": "1.2", "grade_5": "1.3"}  # fmt: skip
        assert supervisor_a.post(reverse("payroll:settings"), data).status_code == 403
        assert "Semi" not in supervisor_a.get(reverse("payroll:settings")).content.decode()

        response = owner.post(reverse("payroll:settings"), data, follow=True)

        assert "Payroll settings were saved" in messages_of(response)
        owner.post(reverse("payroll:period_recompute", args=[pay.september.pk]))
        pay.september.refresh_from_db()
        assert pay.september.total == D("6.20")  # no top-up without a minimum wage

    def test_a_multiplier_out_of_range_is_named(self, pay: Pay, owner: Client) -> None:
        data = {"cycle": "monthly", "minimum_hourly_wage": "2", "grade_1": "9", "grade_2": "1",
                "grade_3": "1", "grade_4": "1", "grade_5": "1"}  # fmt: skip
        response = owner.post(reverse("payroll:settings"), data)
        assert response.status_code == 200
        assert "Grade 1 multiplier" in response.content.decode()
        assert "less than or equal to 3" in response.content.decode()


class TestCosts:
    def test_cost_per_style_and_order_adds_up_to_the_periods(
        self, pay: Pay, planner_a: Client
    ) -> None:
        approve_september(pay)

        response = planner_a.get(reverse("payroll:costs"))

        rows = tables(response.content, "pay-costs")[0]
        assert rows[1] == [pay.cut.style.code, "50", "6.20", "0.1240"]
        assert rows[2] == ["Not attributed (hours, top-ups, adjustments)", "—", "2.40", "—"]
        assert rows[3] == ["Total", "50", "8.60", "0.1240"]
        text = " ".join(response.content.decode().split())
        assert "Total of the 1 period: 8.60. The page adds up to it." in text

        by_order = tables(
            planner_a.get(reverse("payroll:costs") + "?by=order").content, "pay-costs"
        )[0]
        assert by_order[1] == [pay.cut.order.number, "50", "6.20", "0.1240"]

    def test_a_draft_period_is_shown_on_request_and_flagged(
        self, pay: Pay, planner_a: Client
    ) -> None:
        response = planner_a.get(f"{reverse('payroll:costs')}?period={pay.september.pk}")
        assert tables(response.content, "pay-costs")[0][-1] == ["Total", "50", "8.60", "0.1240"]
        assert "not approved yet" in response.content.decode()

    def test_supervisor_may_not_see_costs(self, pay: Pay, supervisor_a: Client) -> None:
        assert supervisor_a.get(reverse("payroll:costs")).status_code == 403
