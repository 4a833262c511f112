"""The payroll API as an office and a worker's phone use it: /api/v1/payroll/.

September 2025 (monthly, bulletin rates op 10 = 0.12, op 20 = 0.13):
  A: op 10, bundles 1 + 2 (20 + 10 pcs) x 0.12 = 3.60
  B: op 20, bundle 1 (20 pcs) x 0.13          = 2.60      period total 6.20
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seamline.payroll import services
from seamline.payroll.choices import PeriodStatus
from seamline.payroll.models import (
    Adjustment,
    OperationRate,
    PayLine,
    PayPeriod,
    PayrollSettings,
    PaySlip,
)
from seamline.shopfloor.models import Worker
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.shopfloor.factories import WorkerFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/payroll"
SEP_10 = dt.date(2025, 9, 10)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def record(cut: CutOrder, bundle: int, op: int, worker: Worker, when: dt.datetime) -> None:
    cid = f"{cut.bundles[bundle].number}-{op}-{worker.code}-{when.isoformat()}"
    (result,) = record_scans([ScanInput(cid, cut.bundles[bundle].number, op, worker.code, when)])
    assert result.status == "credited", result


def post(client: Client, url: str, body: Any = None) -> Any:
    return client.post(
        url, data=json.dumps(body) if body is not None else "", content_type="application/json"
    )


def put(client: Client, url: str, body: Any) -> Any:
    return client.put(url, data=json.dumps(body), content_type="application/json")


def fields_of(response: Any) -> set[str]:
    """The field names a 422 complains about (the last part of each error's `loc`)."""
    assert response.status_code == 422, response.content
    return {error["loc"][-1] for error in response.json()["errors"]}


class Pay:
    def __init__(self, tenant: Organization, cut: CutOrder, period: PayPeriod) -> None:
        self.tenant, self.cut, self.period = tenant, cut, period
        self.a, self.b = cut.workers

    def refresh(self) -> PayPeriod:
        with tenant_context(self.tenant):
            self.period.refresh_from_db()
        return self.period

    def slip(self, worker: Worker, period: PayPeriod | None = None) -> PaySlip:
        with tenant_context(self.tenant):
            return PaySlip.objects.get(period=period or self.period, worker=worker)

    def scan(self, bundle: int, op: int, worker: Worker, when: dt.datetime) -> None:
        with tenant_context(self.tenant):
            record(self.cut, bundle, op, worker, when)


@pytest.fixture
def pay(tenant_a: Organization) -> Pay:
    """September 2025 opened, scanned and computed for workers A and B (see the docstring)."""
    with tenant_context(tenant_a):
        cut = cut_order()
        a, b = cut.workers
        september = services.period_open(by=None, day=SEP_10)
        record(cut, 0, 10, a, at(dt.date(2025, 9, 3)))
        record(cut, 1, 10, a, at(dt.date(2025, 9, 4)))
        record(cut, 0, 20, b, at(dt.date(2025, 9, 5)))
        services.period_recompute(period=september)
    return Pay(tenant_a, cut, september)


# --- the register --------------------------------------------------------------------------


def test_period_list_and_detail_show_totals_that_reconcile(owner_a: Client, pay: Pay) -> None:
    listed = owner_a.get(f"{API}/periods")
    detail = owner_a.get(f"{API}/periods/{pay.period.pk}")

    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    (row,) = listed.json()["items"]
    assert (row["start"], row["end"], row["status"], row["total"], row["worker_count"]) == (
        "2025-09-01",
        "2025-09-30",
        "draft",
        "6.20",
        2,
    )
    assert detail.status_code == 200
    assert detail.json()["totals"] == {
        "slips": "6.20",
        "lines": "6.20",
        "period": "6.20",
        "reconciles": True,
        "by_kind": {"piece": "6.20"},
    }
    assert dt.datetime.fromisoformat(detail.json()["computed_at"]).tzinfo is not None


def test_slips_are_paginated_and_a_slip_lists_its_lines(owner_a: Client, pay: Pay) -> None:
    first = owner_a.get(f"{API}/periods/{pay.period.pk}/slips?limit=1")
    second = owner_a.get(f"{API}/periods/{pay.period.pk}/slips?limit=1&offset=1")

    assert first.json()["count"] == 2
    slips = first.json()["items"] + second.json()["items"]
    assert [(s["worker"]["code"], s["pieces"], s["piece_pay"], s["total"]) for s in slips] == [
        (pay.a.code, 30, "3.60", "3.60"),
        (pay.b.code, 20, "2.60", "2.60"),
    ]

    slip = owner_a.get(f"{API}/slips/{slips[0]['id']}").json()
    (line,) = slip["lines"]
    assert (line["kind"], line["pieces"], line["rate"], line["amount"]) == (
        "piece",
        30,
        "0.1200",
        "3.60",
    )
    assert f"{pay.cut.style.code} · 10 Op 10 · {pay.cut.order.number}" == line["label"]
    assert slip["period"]["id"] == pay.period.pk


def test_open_next_period_answers_201_and_refuses_one_not_started(
    owner_a: Client, pay: Pay
) -> None:
    opened = post(owner_a, f"{API}/periods")

    assert opened.status_code == 201
    assert (opened.json()["start"], opened.json()["end"]) == ("2025-10-01", "2025-10-31")
    with tenant_context(pay.tenant):
        last_start = PayPeriod.objects.order_by("-start").first().start  # type: ignore[union-attr]
    # Open periods up to the current one; the one after it has not started.
    while last_start <= timezone.localdate():
        response = post(owner_a, f"{API}/periods")
        if response.status_code != 201:
            break
        last_start = dt.date.fromisoformat(response.json()["start"])
    with tenant_context(pay.tenant):
        count = PayPeriod.objects.count()
    refused = post(owner_a, f"{API}/periods")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["type"] == "period_not_started"
    with tenant_context(pay.tenant):
        assert PayPeriod.objects.count() == count


# --- the workflow --------------------------------------------------------------------------


def test_review_approve_and_mark_paid(owner_a: Client, supervisor_a: Client, pay: Pay) -> None:
    pay.scan(2, 10, pay.a, at(dt.date(2025, 9, 8)))  # 20 more pieces: A 6.00
    recomputed = post(supervisor_a, f"{API}/periods/{pay.period.pk}/recompute")
    assert recomputed.status_code == 200
    assert recomputed.json()["total"] == "8.60"

    reviewed = post(supervisor_a, f"{API}/periods/{pay.period.pk}/review")
    assert (reviewed.json()["status"], reviewed.json()["reviewed_at"] is not None) == (
        "reviewed",
        True,
    )

    approved = post(owner_a, f"{API}/periods/{pay.period.pk}/approve")
    assert approved.status_code == 200
    body = approved.json()
    assert (body["approved"], body["changes"]) == (True, [])
    assert (body["period"]["status"], body["period"]["total"]) == ("approved", "8.60")

    paid = post(owner_a, f"{API}/periods/{pay.period.pk}/paid", {"reference": "BANK-0930"})
    assert (paid.json()["status"], paid.json()["payment_reference"]) == ("paid", "BANK-0930")
    assert pay.refresh().status == PeriodStatus.PAID


def test_approve_answers_the_changes_since_review_and_goes_back_to_draft(
    owner_a: Client, pay: Pay
) -> None:
    post(owner_a, f"{API}/periods/{pay.period.pk}/review")
    pay.scan(2, 10, pay.a, at(dt.date(2025, 9, 8)))  # A: 3.60 -> 6.00

    response = post(owner_a, f"{API}/periods/{pay.period.pk}/approve")

    assert response.status_code == 200
    body = response.json()
    assert body["approved"] is False
    assert body["changes"] == [
        {
            "worker": {"id": pay.a.pk, "code": pay.a.code, "name": pay.a.name},
            "reviewed": "3.60",
            "now": "6.00",
        }
    ]
    assert (body["period"]["status"], body["period"]["total"]) == ("draft", "8.60")


def test_reopen_puts_a_reviewed_period_back_to_draft(supervisor_a: Client, pay: Pay) -> None:
    post(supervisor_a, f"{API}/periods/{pay.period.pk}/review")

    response = post(supervisor_a, f"{API}/periods/{pay.period.pk}/reopen", {"reason": "typo"})

    assert response.json()["status"] == "draft"


def test_a_workflow_step_out_of_order_is_422_and_changes_nothing(owner_a: Client, pay: Pay) -> None:
    response = post(owner_a, f"{API}/periods/{pay.period.pk}/approve")  # still a draft

    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "wrong_status"
    assert pay.refresh().status == PeriodStatus.DRAFT


# --- adjustments ---------------------------------------------------------------------------


def test_adjustments_change_the_slip_and_can_be_deleted(supervisor_a: Client, pay: Pay) -> None:
    url = f"{API}/periods/{pay.period.pk}/adjustments"
    created = post(
        supervisor_a,
        url,
        {"worker_id": pay.a.pk, "kind": "bonus", "amount": "5.00", "reason": "no defects"},
    )
    post(
        supervisor_a,
        url,
        {"worker_id": pay.b.pk, "kind": "advance", "amount": "1.50", "reason": "cash"},
    )

    assert created.status_code == 201
    assert (created.json()["kind"], created.json()["amount"], created.json()["reason"]) == (
        "bonus",
        "5.00",
        "no defects",
    )
    assert pay.slip(pay.a).total == Decimal("8.60")
    assert pay.slip(pay.b).total == Decimal("1.10")
    assert pay.refresh().total == Decimal("9.70")
    listed = supervisor_a.get(url).json()
    assert [(a["worker"]["code"], a["kind"], a["amount"]) for a in listed] == [
        (pay.a.code, "bonus", "5.00"),
        (pay.b.code, "advance", "1.50"),
    ]

    deleted = supervisor_a.delete(f"{API}/adjustments/{created.json()['id']}")

    assert deleted.status_code == 204
    assert pay.slip(pay.a).total == Decimal("3.60")
    assert pay.refresh().total == Decimal("4.70")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-2.00"}, "amount"),
        ({"amount": "1.005"}, "amount"),
        ({"reason": "   "}, "reason"),
        ({"kind": "gift"}, "kind"),
        ({"worker_id": 999_999}, "worker_id"),
    ],
)
def test_bad_adjustment_is_422_naming_the_field_and_writes_nothing(
    owner_a: Client, pay: Pay, change: dict[str, Any], field: str
) -> None:
    body = {"worker_id": pay.a.pk, "kind": "bonus", "amount": "5.00", "reason": "why", **change}

    response = post(owner_a, f"{API}/periods/{pay.period.pk}/adjustments", body)

    assert field in fields_of(response)
    with tenant_context(pay.tenant):
        assert not Adjustment.objects.exists()
    assert pay.refresh().total == Decimal("6.20")


def test_no_adjustment_on_a_reviewed_period(owner_a: Client, pay: Pay) -> None:
    post(owner_a, f"{API}/periods/{pay.period.pk}/review")

    response = post(
        owner_a,
        f"{API}/periods/{pay.period.pk}/adjustments",
        {"worker_id": pay.a.pk, "kind": "bonus", "amount": "5.00", "reason": "late"},
    )

    assert response.status_code == 422
    with tenant_context(pay.tenant):
        assert not Adjustment.objects.exists()


# --- dated rates ---------------------------------------------------------------------------


def test_a_dated_rate_reprices_the_draft_from_its_day(planner_a: Client, pay: Pay) -> None:
    pay.scan(1, 20, pay.b, at(dt.date(2025, 9, 20)))  # 10 pcs after the change
    op20 = pay.cut.operations[1]

    created = post(
        planner_a,
        f"{API}/rates",
        {"operation_id": op20.pk, "effective_from": "2025-09-16", "rate": "0.2", "note": "new"},
    )

    assert created.status_code == 201
    assert (created.json()["rate"], created.json()["effective_from"]) == ("0.2000", "2025-09-16")
    assert created.json()["operation"]["bulletin_rate"] == "0.1300"
    # B: 20 pcs x 0.13 before the 16th + 10 pcs x 0.20 after it.
    assert pay.slip(pay.b).total == Decimal("4.60")
    listed = planner_a.get(f"{API}/rates?style_id={pay.cut.style.pk}").json()
    assert [(r["operation"]["sequence"], r["rate"]) for r in listed] == [(20, "0.2000")]
    assert planner_a.get(f"{API}/rates?operation_id={pay.cut.operations[0].pk}").json() == []

    deleted = planner_a.delete(f"{API}/rates/{created.json()['id']}")

    assert deleted.status_code == 204
    assert pay.slip(pay.b).total == Decimal("3.90")


def test_a_rate_in_an_approved_period_is_422_naming_the_day(owner_a: Client, pay: Pay) -> None:
    post(owner_a, f"{API}/periods/{pay.period.pk}/review")
    assert post(owner_a, f"{API}/periods/{pay.period.pk}/approve").json()["approved"]

    response = post(
        owner_a,
        f"{API}/rates",
        {"operation_id": pay.cut.operations[0].pk, "effective_from": "2025-09-20", "rate": "1"},
    )

    assert fields_of(response) == {"effective_from"}
    assert "2025-10-01" in response.json()["errors"][0]["msg"]
    with tenant_context(pay.tenant):
        assert not OperationRate.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"rate": "-0.1"}, "rate"), ({"operation_id": 999_999}, "operation_id")],
)
def test_bad_rate_is_422_naming_the_field(
    owner_a: Client, pay: Pay, change: dict[str, Any], field: str
) -> None:
    body = {"operation_id": pay.cut.operations[0].pk, "effective_from": "2025-09-20", "rate": "1"}

    response = post(owner_a, f"{API}/rates", {**body, **change})

    assert field in fields_of(response)
    with tenant_context(pay.tenant):
        assert not OperationRate.objects.exists()


# --- settings and labour cost --------------------------------------------------------------

SETTINGS = {
    "cycle": "semi",
    "minimum_hourly_wage": "21.50",
    "grade_1": "0.900",
    "grade_2": "1.000",
    "grade_3": "1.100",
    "grade_4": "1.200",
    "grade_5": "1.300",
}


def test_settings_read_and_replaced(owner_a: Client, tenant_a: Organization) -> None:
    before = owner_a.get(f"{API}/settings")
    saved = put(owner_a, f"{API}/settings", SETTINGS)

    assert before.json()["cycle"] == "monthly"
    assert before.json()["minimum_hourly_wage"] == "0.00"
    assert saved.status_code == 200
    assert saved.json() == SETTINGS
    assert owner_a.get(f"{API}/settings").json() == SETTINGS


@pytest.mark.parametrize(
    ("change", "field"),
    [({"grade_3": "9.000"}, "grade_3"), ({"cycle": "fortnightly"}, "cycle")],
)
def test_bad_settings_are_422_naming_the_field(
    owner_a: Client, tenant_a: Organization, change: dict[str, str], field: str
) -> None:
    response = put(owner_a, f"{API}/settings", {**SETTINGS, **change})

    assert field in fields_of(response)
    with tenant_context(tenant_a):
        assert not PayrollSettings.objects.exists()


def test_labour_cost_per_style_and_order_from_approved_pay(owner_a: Client, pay: Pay) -> None:
    assert owner_a.get(f"{API}/costs").json()["rows"] == []  # nothing approved yet
    post(owner_a, f"{API}/periods/{pay.period.pk}/review")
    post(owner_a, f"{API}/periods/{pay.period.pk}/approve")

    by_style = owner_a.get(f"{API}/costs").json()
    by_order = owner_a.get(f"{API}/costs?by=order&period_id={pay.period.pk}").json()

    assert by_style["rows"] == [
        {"id": pay.cut.style.pk, "label": pay.cut.style.code, "pieces": 50, "amount": "6.20"}
    ]
    assert (by_style["attributed"], by_style["unattributed"], by_style["period"]) == (
        "6.20",
        "0.00",
        None,
    )
    assert by_order["rows"] == [
        {"id": pay.cut.order.pk, "label": pay.cut.order.number, "pieces": 50, "amount": "6.20"}
    ]
    assert by_order["period"]["id"] == pay.period.pk
    assert "period_id" in fields_of(owner_a.get(f"{API}/costs?period_id=999999"))
    assert "by" in fields_of(owner_a.get(f"{API}/costs?by=colour"))


# --- who may do what -----------------------------------------------------------------------


def test_a_worker_cannot_read_the_register_or_approve(worker_a: Client, pay: Pay) -> None:
    period = pay.period.pk
    assert worker_a.get(f"{API}/periods").status_code == 403
    assert worker_a.get(f"{API}/periods/{period}").status_code == 403
    assert worker_a.get(f"{API}/periods/{period}/slips").status_code == 403
    assert worker_a.get(f"{API}/slips/{pay.slip(pay.b).pk}").status_code == 403
    assert post(worker_a, f"{API}/periods/{period}/review").status_code == 403
    assert post(worker_a, f"{API}/periods/{period}/approve").status_code == 403
    assert worker_a.get(f"{API}/settings").status_code == 403
    assert pay.refresh().status == PeriodStatus.DRAFT


def test_a_supervisor_prepares_but_cannot_approve_pay_or_change_settings(
    supervisor_a: Client, pay: Pay, tenant_a: Organization
) -> None:
    post(supervisor_a, f"{API}/periods/{pay.period.pk}/review")

    approve = post(supervisor_a, f"{API}/periods/{pay.period.pk}/approve")
    settings = put(supervisor_a, f"{API}/settings", SETTINGS)
    rate = post(
        supervisor_a,
        f"{API}/rates",
        {"operation_id": pay.cut.operations[0].pk, "effective_from": "2025-12-01", "rate": "1"},
    )
    cost = supervisor_a.get(f"{API}/costs")

    assert (approve.status_code, settings.status_code, rate.status_code) == (403, 403, 403)
    assert cost.status_code == 403
    assert pay.refresh().status == PeriodStatus.REVIEWED
    with tenant_context(tenant_a):
        assert not PayrollSettings.objects.exists()
        assert not OperationRate.objects.exists()


def test_api_token_of_another_tenant_sees_none_of_it(
    api_client_as: Callable[..., Client], tenant_b: Organization, pay: Pay
) -> None:
    other = api_client_as(tenant_b, Role.OWNER)

    assert other.get(f"{API}/periods").json()["count"] == 0
    assert other.get(f"{API}/periods/{pay.period.pk}").status_code == 404
    assert post(other, f"{API}/periods/{pay.period.pk}/recompute").status_code == 404


# --- one's own pay -------------------------------------------------------------------------


@pytest.fixture
def phone_a(pay: Pay, member: Callable[..., User], login: Callable[..., Client]) -> Client:
    """Worker A's own login (role worker), September approved."""
    user = member(pay.tenant, Role.WORKER)
    with tenant_context(pay.tenant):
        Worker.objects.filter(pk=pay.a.pk).update(user=user)
        services.period_review(period=pay.period, by=None)
        assert services.period_approve(period=pay.period, by=None).approved
    return login(user, pay.tenant)


def test_a_worker_lists_and_opens_only_their_own_slips(phone_a: Client, pay: Pay) -> None:
    own, others = pay.slip(pay.a), pay.slip(pay.b)

    listed = phone_a.get(f"{API}/me/slips")
    opened = phone_a.get(f"{API}/me/slips/{own.pk}")

    assert [(s["id"], s["total"], s["period"]["status"]) for s in listed.json()] == [
        (own.pk, "3.60", "approved")
    ]
    assert opened.status_code == 200
    assert [(line["pieces"], line["amount"]) for line in opened.json()["lines"]] == [(30, "3.60")]
    assert phone_a.get(f"{API}/me/slips/{others.pk}").status_code == 404
    assert phone_a.get(f"{API}/slips/{others.pk}").status_code == 403


def test_a_draft_slip_is_not_yet_the_workers_to_open(phone_a: Client, pay: Pay) -> None:
    with tenant_context(pay.tenant):
        october = services.period_open(by=None)
        record(pay.cut, 2, 10, pay.a, at(dt.date(2025, 10, 2)))
        services.period_recompute(period=october)
    draft = pay.slip(pay.a, october)

    assert phone_a.get(f"{API}/me/slips/{draft.pk}").status_code == 404
    assert [s["period"]["id"] for s in phone_a.get(f"{API}/me/slips").json()] == [pay.period.pk]


def test_my_day_and_my_period_so_far(phone_a: Client, pay: Pay) -> None:
    now = timezone.now()
    with tenant_context(pay.tenant):
        current = services.period_open(by=None, day=timezone.localdate())
        while current.end < timezone.localdate():
            current = services.period_open(by=None)
    pay.scan(2, 10, pay.a, now - dt.timedelta(seconds=30))  # 20 pcs x 0.12 today
    pay.scan(3, 10, pay.a, at(dt.date(2025, 9, 29)))  # 10 pcs, late for September

    day = phone_a.get(f"{API}/me/day").json()
    so_far = phone_a.get(f"{API}/me/period").json()

    assert (day["worker"], day["pieces"], day["earnings"]) == (pay.a.code, 20, "2.40")
    assert [(s["quantity"], s["earnings"]) for s in day["scans"]] == [(20, "2.40")]
    assert so_far["period"]["id"] == current.pk
    assert (so_far["pieces"], so_far["total"]) == (20, "2.40")
    assert [(line["kind"], line["amount"]) for line in so_far["lines"]] == [("piece", "2.40")]
    # The late September scan is carried by the earliest open period, October 2025.
    with tenant_context(pay.tenant):
        october = PayPeriod.objects.get(start=dt.date(2025, 10, 1))
        services.period_recompute(period=october)
        late = PayLine.objects.get(period=october, kind="late")
    assert (late.pieces, late.amount, late.origin_id) == (10, Decimal("1.20"), pay.period.pk)


def test_own_pay_needs_a_linked_worker(worker_a: Client, pay: Pay) -> None:
    for path in ("day", "period", "slips"):
        response = worker_a.get(f"{API}/me/{path}")
        assert response.status_code == 403
        assert "not linked" in response.json()["detail"]


def test_own_pay_needs_pay_own(planner_a: Client) -> None:
    assert planner_a.get(f"{API}/me/slips").status_code == 403


def test_the_register_reads_in_a_fixed_number_of_queries(owner_a: Client, pay: Pay) -> None:
    url = f"{API}/periods/{pay.period.pk}/slips"
    with CaptureQueriesContext(connection) as two:
        owner_a.get(url)
    with tenant_context(pay.tenant):
        for worker in [WorkerFactory(line=pay.cut.line) for _ in range(3)]:
            Adjustment.objects.create(
                period=pay.period, worker=worker, kind="bonus", amount=Decimal("1"), reason="x"
            )
        services.period_recompute(period=pay.period)
    with CaptureQueriesContext(connection) as five:
        response = owner_a.get(url)

    assert response.json()["count"] == 5
    assert len(five.captured_queries) == len(two.captured_queries)
