"""'My pay' on the worker's phone: /payroll/me/.

Worker A (role worker, grade 2, piece rate op 10 = 0.12), minimum wage 20.00 an hour:
  last month (approved):  bundle 1, 20 pcs x 0.12                   =  2.40  (the slip)
  this month so far:      today bundle 3, 20 pcs x 0.12             =  2.40
                          late scan for last month, 10 pcs x 0.12   =  1.20
                          4 h attended today: 80.00 guaranteed,
                          2.40 earned by pieces -> top-up           = 77.60
                                                          so far      81.20
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.payroll import services
from seamline.payroll.models import PayPeriod, PaySlip
from seamline.shopfloor.corrections import scan_reverse
from seamline.shopfloor.models import Attendance, Scan, Worker
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.shopfloor.factories import WorkerFactory

pytestmark = pytest.mark.django_db

ME = "/payroll/me/"
NOT_LINKED = b"Your login is not linked to a worker on the roster"


def record(cut: CutOrder, bundle: int, worker: Worker, when: dt.datetime) -> None:
    """Operation 10 of the cut order's `bundle`-th bundle by `worker` at `when`."""
    number = cut.bundles[bundle].number
    (result,) = record_scans([ScanInput(f"{number}-10", number, 10, worker.code, when)])
    assert result.status == "credited", result


@dataclass
class Phone:
    client: Client
    tenant: Organization
    cut: CutOrder
    worker: Worker
    last_month: PayPeriod
    this_month: PayPeriod
    slip: PaySlip


@pytest.fixture
def phone(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> Phone:
    user = member(tenant_a, Role.WORKER)
    today = timezone.localdate()
    now = timezone.now()
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    zone = timezone.get_current_timezone()
    with tenant_context(tenant_a):
        cut = cut_order()
        worker = cut.workers[0]
        worker.user = user
        worker.save(update_fields=["user"])
        services.settings_update(by=None, minimum_hourly_wage=Decimal("20.00"))
        last_month = services.period_open(by=None, day=last_day)
        record(cut, 0, worker, dt.datetime.combine(last_day, dt.time(10), zone))
        services.period_review(period=last_month, by=None)
        assert services.period_approve(period=last_month, by=None).approved
        this_month = services.period_open(by=None)
        record(cut, 2, worker, now - dt.timedelta(seconds=30))
        record(cut, 1, worker, dt.datetime.combine(last_day, dt.time(11), zone))  # late
        Attendance.objects.create(
            worker=worker,
            day=today,
            clock_in=now - dt.timedelta(minutes=241),
            clock_out=now - dt.timedelta(minutes=1),
        )
        slip = PaySlip.objects.get(period=last_month, worker=worker)
    return Phone(login(user, tenant_a), tenant_a, cut, worker, last_month, this_month, slip)


def test_my_pay_is_at_payroll_me() -> None:
    assert reverse("payroll:me") == ME


def test_shows_today_piece_by_piece(phone: Phone) -> None:
    response = phone.client.get(ME)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="kpi" id="today-pieces">20</div>' in html
    assert '<div class="kpi" id="today-earnings">2.40</div>' in html
    assert f"<strong>{phone.cut.bundles[2].number}-10</strong> Op 10" in html
    assert "20 pcs · 2.40" in html


def test_shows_this_period_so_far_with_late_pieces_and_the_top_up(phone: Phone) -> None:
    html = phone.client.get(ME).content.decode()

    assert f"Pay period {phone.this_month.start:%Y-%m-%d} – {phone.this_month.end:%Y-%m-%d}" in html
    assert '<div class="kpi" id="period-pieces">30</div>' in html
    assert '<div class="kpi" id="period-total">81.20</div>' in html
    assert f"Late pieces from {phone.last_month}" in html
    assert "10 × 0.1200" in html
    assert "20 × 0.1200" in html
    assert '<td class="num">77.60</td>' in html
    assert (
        "You attended 4 h 0 min. At the minimum wage of 20.00 an hour that is 80.00; your "
        "pieces and hours came to 2.40, so the factory adds 77.60." in html
    )


def test_lists_the_approved_slips_with_their_totals(phone: Phone) -> None:
    html = phone.client.get(ME).content.decode()

    assert f"<strong>{phone.last_month}</strong>" in html
    assert "2.40 CNY · 20 pcs" in html
    # The draft of this month is not a slip yet.
    assert f"<strong>{phone.this_month}</strong>" not in html


def test_the_scan_page_links_to_my_pay(phone: Phone) -> None:
    response = phone.client.get(reverse("shopfloor:mobile"))

    assert f'href="{ME}"'.encode() in response.content


def test_a_login_without_a_worker_is_told_so(worker_a: Client) -> None:
    response = worker_a.get(ME)

    assert response.status_code == 200
    assert NOT_LINKED in response.content
    assert b'id="pay-today"' not in response.content


def test_a_worker_without_pay_yet_sees_empty_sections(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> None:
    user = member(tenant_a, Role.WORKER)
    with tenant_context(tenant_a):
        WorkerFactory(user=user)

    response = login(user, tenant_a).get(ME)

    assert response.status_code == 200
    assert b"Nothing recorded yet today." in response.content
    assert b"No pay period is open yet." in response.content
    assert b"No approved pay slips yet." in response.content


def test_a_planner_has_no_own_pay_page(planner_a: Client) -> None:
    assert planner_a.get(ME).status_code == 403


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(ME)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("tenancy:login"))


def test_a_reversal_of_paid_pieces_is_marked_with_the_period_that_paid_them(
    phone: Phone,
) -> None:
    with tenant_context(phone.tenant):
        paid = Scan.objects.get(bundle=phone.cut.bundles[0], worker=phone.worker)
        scan_reverse(scan=paid, reason="bundle was someone else's", by=None)

    html = phone.client.get(ME).content.decode()

    assert f"Taken back: paid in {phone.last_month}" in html
    assert "-20 × 0.1200" in html
    assert '<td class="num">-2.40</td>' in html
    # 2.40 today + 1.20 late - 2.40 taken back + 77.60 top-up.
    assert '<div class="kpi" id="period-total">78.80</div>' in html
