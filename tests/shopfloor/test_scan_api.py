"""The scans API as phones and stations use it: /api/v1/shopfloor/scans, /batch and /my-day."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from seamline.shopfloor.choices import ScanSource, ScanStatus
from seamline.shopfloor.models import Scan, Worker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.shopfloor.factories import WorkerFactory

pytestmark = pytest.mark.django_db

SCANS = "/api/v1/shopfloor/scans"
BATCH = "/api/v1/shopfloor/scans/batch"
MY_DAY = "/api/v1/shopfloor/scans/my-day"


def _post(client: Client, url: str, body: Any, **headers: str) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def _at(minutes_ago: int = 5) -> str:
    """A moment `minutes_ago` before now, but today in the factory's time zone (just after
    its midnight, the moments keep their order inside the minute since it)."""
    now = timezone.now()
    local = now.astimezone(ZoneInfo(settings.DEFAULT_TENANT_TIME_ZONE))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    earliest = midnight + dt.timedelta(seconds=60 - min(minutes_ago, 59))
    return max(now - dt.timedelta(minutes=minutes_ago), earliest).isoformat()


@pytest.fixture
def cut(tenant_a: Organization) -> CutOrder:
    with tenant_context(tenant_a):
        return cut_order()


@pytest.fixture
def own(
    tenant_a: Organization,
    cut: CutOrder,
    member: Callable[..., User],
    login: Callable[..., Client],
) -> tuple[Client, Worker]:
    """A worker's phone: a login with the worker role, linked to the cut order's first worker."""
    user = member(tenant_a, Role.WORKER)
    worker = cut.workers[0]
    with tenant_context(tenant_a):
        Worker.objects.filter(pk=worker.pk).update(user=user)
    return login(user, tenant_a), worker


def _scans(tenant: Organization) -> list[tuple[str, int, int, str, str, str]]:
    with tenant_context(tenant):
        return [
            (s.client_id, s.bundle.number, s.operation.sequence, s.worker.code, s.status, s.source)
            for s in Scan.objects.select_related("bundle", "operation", "worker").order_by("pk")
        ]


def test_single_scan_is_stored_and_answered_with_201(
    supervisor_a: Client, cut: CutOrder, tenant_a: Organization
) -> None:
    worker = cut.workers[0]
    body = {"id": "s-1", "bundle": 1, "operation": 10, "worker": worker.code, "scanned_at": _at()}

    response = _post(supervisor_a, SCANS, body, **{"X-Scan-Source": "mobile"})

    assert response.status_code == 201
    data = response.json()
    assert (data["id"], data["ok"], data["status"], data["error"]) == ("s-1", True, "credited", "")
    assert data["message"] == "Recorded: bundle 1, operation 10."
    assert (data["bundle"], data["operation"], data["operation_name"]) == (1, 10, "Op 10")
    assert (data["worker"], data["worker_name"], data["quantity"]) == (worker.code, worker.name, 20)
    assert "Idempotent-Replayed" not in response
    assert _scans(tenant_a) == [("s-1", 1, 10, worker.code, "credited", ScanSource.MOBILE)]
    with tenant_context(tenant_a):
        assert data["scan_id"] == Scan.objects.get().pk


def test_replay_with_the_same_id_gets_the_same_answer(
    supervisor_a: Client, cut: CutOrder, tenant_a: Organization
) -> None:
    body = {"id": "r-1", "bundle": 2, "operation": 20, "worker": cut.workers[0].code}
    body["scanned_at"] = _at()
    first = _post(supervisor_a, SCANS, body)

    again = _post(supervisor_a, SCANS, body)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert len(_scans(tenant_a)) == 1


def test_same_id_with_another_payload_is_refused(
    supervisor_a: Client, cut: CutOrder, tenant_a: Organization
) -> None:
    at = _at()
    _post(
        supervisor_a,
        SCANS,
        {
            "id": "u-1",
            "bundle": 1,
            "operation": 10,
            "worker": cut.workers[0].code,
            "scanned_at": at,
        },
    )

    response = _post(
        supervisor_a,
        SCANS,
        {
            "id": "u-1",
            "bundle": 1,
            "operation": 20,
            "worker": cut.workers[0].code,
            "scanned_at": at,
        },
    )

    assert response.status_code == 422
    data = response.json()
    assert (data["ok"], data["status"], data["error"]) == (False, "error", "id_reused")
    assert data["message"] == "Scan id u-1 was already used for another scan."
    assert [s[0] for s in _scans(tenant_a)] == ["u-1"]


def test_second_workers_claim_is_a_conflict(
    supervisor_a: Client, cut: CutOrder, tenant_a: Organization
) -> None:
    first, second = cut.workers
    _post(supervisor_a, SCANS, {"id": "c-1", "code": "3-30", "worker": first.code})

    response = _post(supervisor_a, SCANS, {"id": "c-2", "code": "3-30", "worker": second.code})

    assert response.status_code == 201
    assert response.json()["status"] == ScanStatus.CONFLICT
    assert "sent to the supervisor" in response.json()["message"]
    assert [(s[0], s[4]) for s in _scans(tenant_a)] == [("c-1", "credited"), ("c-2", "conflict")]


def test_batch_answers_item_by_item_in_order(
    supervisor_a: Client, cut: CutOrder, tenant_a: Organization
) -> None:
    w1, w2 = (w.code for w in cut.workers)
    scans = [
        {"id": "b-1", "bundle": 1, "operation": 10, "worker": w1},
        {"id": "b-2", "bundle": 999, "operation": 10, "worker": w1},
        {"id": "b-3", "code": "1-10", "worker": w1},
        {"id": "b-4", "bundle": 1, "operation": 15, "worker": w1},
        {"id": "b-5", "bundle": 1, "operation": 10, "worker": w2},
        {"id": "b-6", "bundle": 2, "operation": 10, "worker": "NOBODY"},
    ]

    response = _post(supervisor_a, BATCH, {"scans": scans}, **{"X-Scan-Source": "station"})

    assert response.status_code == 200
    data = response.json()
    assert [(r["id"], r["ok"], r["status"], r["error"]) for r in data["results"]] == [
        ("b-1", True, "credited", ""),
        ("b-2", False, "error", "unknown_bundle"),
        ("b-3", True, "duplicate", ""),
        ("b-4", False, "error", "unknown_operation"),
        ("b-5", True, "conflict", ""),
        ("b-6", False, "error", "unknown_worker"),
    ]
    assert (data["recorded"], data["refused"]) == (3, 3)
    assert data["results"][1]["message"] == "There is no bundle 999 in this factory."
    assert [(s[0], s[4], s[5]) for s in _scans(tenant_a)] == [
        ("b-1", "credited", "station"),
        ("b-3", "duplicate", "station"),
        ("b-5", "conflict", "station"),
    ]


def test_worker_may_not_record_for_another_worker(
    own: tuple[Client, Worker], cut: CutOrder, tenant_a: Organization
) -> None:
    client, _me = own
    other = cut.workers[1]

    single = _post(client, SCANS, {"id": "n-1", "code": "1-10", "worker": other.code})
    batch = _post(client, BATCH, {"scans": [{"id": "n-2", "code": "1-10", "worker": other.code}]})

    assert single.status_code == 422
    assert single.json()["error"] == "not_your_worker"
    assert single.json()["message"] == "You can record only your own work."
    assert batch.status_code == 200
    assert batch.json()["results"][0]["error"] == "not_your_worker"
    assert _scans(tenant_a) == []


def test_worker_without_worker_field_records_their_own_work(
    own: tuple[Client, Worker], tenant_a: Organization
) -> None:
    client, me = own

    response = _post(client, SCANS, {"id": "o-1", "code": "4-20", "scanned_at": _at()})

    assert response.status_code == 201
    assert (response.json()["worker"], response.json()["status"]) == (me.code, "credited")
    assert _scans(tenant_a) == [("o-1", 4, 20, me.code, "credited", ScanSource.API)]


def test_login_without_a_linked_worker_may_not_scan(
    worker_a: Client, cut: CutOrder, tenant_a: Organization
) -> None:
    response = _post(worker_a, SCANS, {"id": "x-1", "code": "1-10"})

    assert response.status_code == 403
    assert _scans(tenant_a) == []


def test_bundle_of_another_tenant_is_unknown_and_nothing_is_written(
    tenant_a: Organization,
    tenant_b: Organization,
    api_client_as: Callable[..., Client],
) -> None:
    with tenant_context(tenant_b):
        theirs = cut_order()
    with tenant_context(tenant_a):
        mine = WorkerFactory(code="HM-015")
    client = api_client_as(tenant_a, Role.SUPERVISOR)
    number = theirs.bundles[0].number

    response = _post(
        client, SCANS, {"id": "t-1", "bundle": number, "operation": 10, "worker": mine.code}
    )

    assert response.status_code == 422
    assert response.json()["error"] == "unknown_bundle"
    assert Scan.unscoped.count() == 0
    assert _scans(tenant_a) == _scans(tenant_b) == []


def test_bearer_token_client_records_scans(
    api_client_as: Callable[..., Client], cut: CutOrder, tenant_a: Organization
) -> None:
    client = api_client_as(tenant_a, Role.SUPERVISOR)

    response = _post(
        client, BATCH, {"scans": [{"id": "k-1", "code": "5-10", "worker": cut.workers[1].code}]}
    )

    assert response.status_code == 200
    assert response.json()["recorded"] == 1
    assert _scans(tenant_a) == [("k-1", 5, 10, cut.workers[1].code, "credited", "api")]


def test_anonymous_caller_is_401(cut: CutOrder, tenant_a: Organization) -> None:
    anonymous = Client()

    assert _post(anonymous, SCANS, {"id": "a-1", "code": "1-10", "worker": "W"}).status_code == 401
    assert _post(anonymous, BATCH, {"scans": [{"id": "a-2", "code": "1-10"}]}).status_code == 401
    assert anonymous.get(MY_DAY).status_code == 401
    assert _scans(tenant_a) == []


def test_brand_buyer_is_403(buyer_a: Client, cut: CutOrder, tenant_a: Organization) -> None:
    body = {"id": "y-1", "code": "1-10", "worker": cut.workers[0].code}

    assert _post(buyer_a, SCANS, body).status_code == 403
    assert _post(buyer_a, BATCH, {"scans": [body]}).status_code == 403
    assert buyer_a.get(MY_DAY).status_code == 403
    assert _scans(tenant_a) == []


def test_coupon_code_names_bundle_and_operation(
    supervisor_a: Client, cut: CutOrder, tenant_a: Organization
) -> None:
    number = cut.bundles[5].number
    response = _post(
        supervisor_a, SCANS, {"id": "q-1", "code": f"{number}-30", "worker": cut.workers[0].code}
    )

    assert response.status_code == 201
    assert (response.json()["bundle"], response.json()["operation"]) == (number, 30)
    assert response.json()["quantity"] == 10


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"bundle": 1, "operation": 10}, "id"),
        ({"id": "m-1", "bundle": "abc", "operation": 10}, "bundle"),
        ({"id": "m-1", "bundle": 1, "operation": 10, "scanned_at": "yesterday"}, "scanned_at"),
    ],
)
def test_malformed_body_is_422_naming_the_field(
    supervisor_a: Client, cut: CutOrder, tenant_a: Organization, body: dict[str, Any], field: str
) -> None:
    response = _post(supervisor_a, SCANS, body)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert field in [part for error in errors for part in error["loc"]]
    assert _scans(tenant_a) == []


def test_bad_item_of_a_batch_is_named_by_its_index(
    supervisor_a: Client, cut: CutOrder, tenant_a: Organization
) -> None:
    scans = [{"id": "v-1", "code": "1-10", "worker": "W"}, {"id": "v-2", "code": "nonsense"}]

    response = _post(supervisor_a, BATCH, {"scans": scans})

    assert response.status_code == 422
    assert [error["loc"][-2:] for error in response.json()["errors"]] == [["scans", 1]]
    assert _scans(tenant_a) == []


def test_my_day_shows_pieces_and_earnings(
    own: tuple[Client, Worker], cut: CutOrder, tenant_a: Organization
) -> None:
    client, me = own
    # Bundle 1 (20 pieces) at operation 10 (0.12 a piece) and bundle 2 (10 pieces) at
    # operation 20 (0.13 a piece); the repeat of bundle 1 is a duplicate and earns nothing.
    _post(
        client,
        BATCH,
        {
            "scans": [
                {"id": "d-1", "code": "1-10", "scanned_at": _at(30)},
                {"id": "d-2", "code": "2-20", "scanned_at": _at(20)},
                {"id": "d-3", "code": "1-10", "scanned_at": _at(10)},
            ]
        },
    )

    response = client.get(MY_DAY)

    assert response.status_code == 200
    day = response.json()
    assert (day["worker"], day["worker_name"]) == (me.code, me.name)
    assert day["pieces"] == 30
    assert Decimal(str(day["earnings"])) == Decimal("3.70")
    assert [(s["bundle"], s["status"], Decimal(str(s["earnings"]))) for s in day["scans"]] == [
        (1, "duplicate", Decimal("0")),
        (2, "credited", Decimal("1.30")),
        (1, "credited", Decimal("2.40")),
    ]
