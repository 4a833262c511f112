"""Scan review: reversing credits, settling conflicting claims, in services, pages and the API."""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.shopfloor.choices import CorrectionKind, ScanStatus
from seamline.shopfloor.corrections import claim_accept, claim_reject, scan_reverse
from seamline.shopfloor.models import Scan, ScanCorrection
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Organization, User
from tests.cutting.factories import CutOrder, cut_order

pytestmark = pytest.mark.django_db


@dataclass
class Claims:
    cut: CutOrder
    credited: int  # scan ids
    claim: int
    second_claim: int  # a third worker's claim on the same bundle x operation
    other: int  # a credited scan of another bundle


@pytest.fixture
def claims(tenant_a: Organization) -> Claims:
    """Bundle 1 op 10: credited to worker 1, claimed by workers 2 and 3; bundle 2 op 10: w1."""
    with tenant_context(tenant_a):
        cut = cut_order(workers=3)
        w1, w2, w3 = (w.code for w in cut.workers)
        b1, b2 = cut.bundles[0].number, cut.bundles[1].number
        results = record_scans(
            [
                ScanInput("s1", b1, 10, w1),
                ScanInput("s2", b1, 10, w2),
                ScanInput("s3", b1, 10, w3),
                ScanInput("s4", b2, 10, w1),
            ]
        )
    ids = [r.scan_id for r in results]
    assert [r.status for r in results] == ["credited", "conflict", "conflict", "credited"]
    return Claims(cut, *ids)  # type: ignore[arg-type]


@pytest.fixture
def boss(tenant_a: Organization, member: Callable[..., User]) -> User:
    return member(tenant_a, Role.SUPERVISOR)


def _status(tenant: Organization, *ids: int) -> list[str]:
    with tenant_context(tenant):
        found = dict(Scan.objects.filter(pk__in=ids).values_list("pk", "status"))
    return [found[i] for i in ids]


def _facts(tenant: Organization) -> list[tuple[Any, ...]]:
    with tenant_context(tenant):
        return list(
            Scan.objects.order_by("pk").values_list(
                "worker_id", "bundle_id", "operation_id", "scanned_at", "quantity"
            )
        )


# --- services ------------------------------------------------------------------------------


def test_reverse_takes_the_credit_and_records_why(
    claims: Claims, boss: User, tenant_a: Organization
) -> None:
    facts = _facts(tenant_a)
    with tenant_context(tenant_a):
        scan_reverse(scan=Scan.objects.get(pk=claims.credited), reason="  wrong bundle  ", by=boss)
        (correction,) = ScanCorrection.objects.filter(scan_id=claims.credited)
        audit = AuditEntry.objects.get(action="scan.reverse")
    assert _status(tenant_a, claims.credited) == [ScanStatus.REVERSED]
    assert (correction.kind, correction.reason, correction.by) == ("reverse", "wrong bundle", boss)
    assert (audit.object_id, audit.actor, audit.data["reason"]) == (
        str(claims.credited),
        boss,
        "wrong bundle",
    )
    assert _facts(tenant_a) == facts  # the scan's facts are never edited


@pytest.mark.parametrize(
    ("which", "reason", "message"),
    [
        ("claim", "typo", "Only a credited scan can be reversed"),
        ("credited", "   ", "reason is required"),
        ("credited", "x" * 301, "At most 300 characters"),
    ],
)
def test_reverse_refuses_and_changes_nothing(
    claims: Claims, boss: User, tenant_a: Organization, which: str, reason: str, message: str
) -> None:
    pk = getattr(claims, which)
    with tenant_context(tenant_a), pytest.raises(ValidationError) as raised:
        scan_reverse(scan=Scan.objects.get(pk=pk), reason=reason, by=boss)
    assert message in " ".join(raised.value.messages)
    with tenant_context(tenant_a):
        assert ScanCorrection.objects.count() == 0
        assert not AuditEntry.objects.filter(action__startswith="scan.").exists()
    assert _status(tenant_a, claims.credited, claims.claim) == ["credited", "conflict"]


def test_blank_reason_is_an_error_on_the_reason_field(claims: Claims, boss: User) -> None:
    with tenant_context(claims.cut.order.tenant), pytest.raises(ValidationError) as raised:
        claim_reject(scan=Scan.objects.get(pk=claims.claim), reason="", by=boss)
    assert list(raised.value.message_dict) == ["reason"]


def test_accept_reverses_the_credit_first_and_credits_the_claim(
    claims: Claims, boss: User, tenant_a: Organization
) -> None:
    facts = _facts(tenant_a)
    with tenant_context(tenant_a):
        claim_accept(scan=Scan.objects.get(pk=claims.claim), reason="seen on camera", by=boss)
        kinds = {
            pk: list(ScanCorrection.objects.filter(scan_id=pk).values_list("kind", "reason"))
            for pk in (claims.credited, claims.claim, claims.second_claim)
        }
        actions = list(AuditEntry.objects.order_by("pk").values_list("action", "object_id"))
    worker2 = claims.cut.workers[1]
    assert _status(tenant_a, claims.credited, claims.claim, claims.second_claim, claims.other) == [
        "reversed",
        "credited",
        "conflict",
        "credited",
    ]
    assert kinds == {
        claims.credited: [
            ("reverse", f"Replaced by the claim of {worker2.code} {worker2.name}: seen on camera")
        ],
        claims.claim: [("accept", "seen on camera")],
        claims.second_claim: [],
    }
    assert actions[-2:] == [
        ("scan.reverse", str(claims.credited)),
        ("scan.accept", str(claims.claim)),
    ]
    assert _facts(tenant_a) == facts


def test_accept_when_nobody_holds_the_credit(claims: Claims, boss: User) -> None:
    tenant = claims.cut.order.tenant
    with tenant_context(tenant):
        scan_reverse(scan=Scan.objects.get(pk=claims.credited), reason="void", by=boss)
        claim_accept(scan=Scan.objects.get(pk=claims.second_claim), reason="hers", by=boss)
        assert ScanCorrection.objects.filter(scan_id=claims.credited).count() == 1
    assert _status(tenant, claims.credited, claims.claim, claims.second_claim) == [
        "reversed",
        "conflict",
        "credited",
    ]


@pytest.mark.parametrize("decide", [claim_accept, claim_reject])
def test_only_claims_awaiting_review_are_settled(
    claims: Claims, boss: User, decide: Callable[..., Scan]
) -> None:
    tenant = claims.cut.order.tenant
    with tenant_context(tenant), pytest.raises(ValidationError) as raised:
        decide(scan=Scan.objects.get(pk=claims.credited), reason="no", by=boss)
    assert "Only a claim awaiting review can be settled" in raised.value.messages[0]
    with tenant_context(tenant):
        claim_reject(scan=Scan.objects.get(pk=claims.claim), reason="not him", by=boss)
        with pytest.raises(ValidationError):  # settled once: not again
            decide(scan=Scan.objects.get(pk=claims.claim), reason="again", by=boss)
        assert ScanCorrection.objects.count() == 1
    assert _status(tenant, claims.credited, claims.claim) == ["credited", "rejected"]


def test_reject_leaves_the_credit_where_it_is(claims: Claims, boss: User) -> None:
    tenant = claims.cut.order.tenant
    with tenant_context(tenant):
        claim_reject(scan=Scan.objects.get(pk=claims.claim), reason="not him", by=boss)
        (correction,) = ScanCorrection.objects.all()
        audit = AuditEntry.objects.get(action="scan.reject")
    assert (correction.scan_id, correction.kind) == (claims.claim, CorrectionKind.REJECT)
    assert audit.data["from"] == "conflict"
    assert _status(tenant, claims.credited, claims.claim) == ["credited", "rejected"]


# --- pages ---------------------------------------------------------------------------------


def test_queue_shows_each_claim_beside_the_credit(claims: Claims, supervisor_a: Client) -> None:
    page = supervisor_a.get(reverse("shopfloor:scan_queue"))
    assert page.status_code == 200
    items = page.context["items"]
    assert [(i.claim.pk, i.holder.pk) for i in items] == [
        (claims.claim, claims.credited),
        (claims.second_claim, claims.credited),
    ]
    w1, w2 = claims.cut.workers[:2]
    assert w1.name.encode() in page.content
    assert w2.name.encode() in page.content
    assert reverse("shopfloor:scan_accept", args=[claims.claim]).encode() in page.content
    assert reverse("shopfloor:scan_reject", args=[claims.claim]).encode() in page.content


def test_queue_reads_in_a_fixed_number_of_queries(
    claims: Claims, supervisor_a: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        assert supervisor_a.get(reverse("shopfloor:scan_queue")).status_code == 200


def test_supervisor_accepts_a_claim_on_the_queue(
    claims: Claims, supervisor_a: Client, tenant_a: Organization
) -> None:
    queue = reverse("shopfloor:scan_queue")
    response = supervisor_a.post(
        reverse("shopfloor:scan_accept", args=[claims.claim]),
        {"reason": "checked the bundle", "next": queue},
    )
    assert response.status_code == 302
    assert response["Location"] == queue
    assert _status(tenant_a, claims.credited, claims.claim, claims.second_claim) == [
        "reversed",
        "credited",
        "conflict",
    ]
    with tenant_context(tenant_a):
        assert ScanCorrection.objects.get(scan_id=claims.credited).reason.startswith(
            "Replaced by the claim of"
        )
        assert ScanCorrection.objects.get(scan_id=claims.claim).kind == "accept"
    page = supervisor_a.get(queue)
    assert [(i.claim.pk, i.holder.pk) for i in page.context["items"]] == [
        (claims.second_claim, claims.claim)
    ]
    assert b"Claim accepted" in page.content


def test_supervisor_rejects_a_claim_and_a_refusal_is_shown(
    claims: Claims, supervisor_a: Client, tenant_a: Organization
) -> None:
    url = reverse("shopfloor:scan_reject", args=[claims.claim])
    supervisor_a.post(url, {"reason": "not his line"})
    assert _status(tenant_a, claims.claim) == ["rejected"]
    again = supervisor_a.post(url, {"reason": "again"}, follow=True)
    assert b"Only a claim awaiting review can be settled" in again.content
    blank = supervisor_a.post(
        reverse("shopfloor:scan_reject", args=[claims.second_claim]), {"reason": ""}, follow=True
    )
    assert b"This field is required" in blank.content
    assert _status(tenant_a, claims.second_claim) == ["conflict"]


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRAND_BUYER, Role.PLANNER])
def test_only_scan_correctors_change_scans(
    claims: Claims,
    client_as: Callable[[Organization, str], Client],
    tenant_a: Organization,
    role: str,
) -> None:
    client = client_as(tenant_a, role)
    for name, pk in (
        ("shopfloor:scan_accept", claims.claim),
        ("shopfloor:scan_reject", claims.claim),
        ("shopfloor:scan_reverse", claims.credited),
    ):
        assert client.post(reverse(name, args=[pk]), {"reason": "x"}).status_code == 403
    assert _status(tenant_a, claims.credited, claims.claim) == ["credited", "conflict"]
    with tenant_context(tenant_a):
        assert ScanCorrection.objects.count() == 0
    looks = client.get(reverse("shopfloor:scan_queue")).status_code
    assert looks == (200 if role == Role.PLANNER else 403)


def test_scan_list_searches_by_bundle_worker_day_and_status(
    claims: Claims, supervisor_a: Client
) -> None:
    url = reverse("shopfloor:scan_list")

    def ids(**query: str | int) -> list[int]:
        response = supervisor_a.get(url, query)
        assert response.status_code == 200
        return sorted(s.pk for s in response.context["scans"])

    everything = sorted([claims.credited, claims.claim, claims.second_claim, claims.other])
    assert ids() == everything
    assert ids(bundle=claims.cut.bundles[1].number) == [claims.other]
    assert ids(worker=claims.cut.workers[0].code.lower()) == [claims.credited, claims.other]
    assert ids(status="conflict") == [claims.claim, claims.second_claim]
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(claims.cut.order.tenant.time_zone))
    assert ids(day=today.date().isoformat()) == everything
    assert ids(day="2001-01-01") == []


def test_scan_detail_shows_the_corrections(
    claims: Claims, supervisor_a: Client, boss: User
) -> None:
    with tenant_context(claims.cut.order.tenant):
        claim_accept(scan=Scan.objects.get(pk=claims.claim), reason="camera", by=boss)
    page = supervisor_a.get(reverse("shopfloor:scan_detail", args=[claims.credited]))
    assert page.status_code == 200
    assert [c.kind for c in page.context["corrections"]] == ["reverse"]
    assert b"Replaced by the claim of" in page.content


def test_reverse_page_reverses_with_a_reason(
    claims: Claims, supervisor_a: Client, tenant_a: Organization
) -> None:
    url = reverse("shopfloor:scan_reverse", args=[claims.credited])
    assert supervisor_a.get(url).status_code == 200
    blank = supervisor_a.post(url, {"reason": " "})
    assert blank.status_code == 200
    assert _status(tenant_a, claims.credited) == ["credited"]
    done = supervisor_a.post(url, {"reason": "scanned the wrong coupon"})
    assert done["Location"] == reverse("shopfloor:scan_detail", args=[claims.credited])
    assert _status(tenant_a, claims.credited) == ["reversed"]
    refused = supervisor_a.post(
        reverse("shopfloor:scan_reverse", args=[claims.claim]), {"reason": "x"}
    )
    assert refused.status_code == 200
    assert b"Only a credited scan can be reversed" in refused.content


# --- API -----------------------------------------------------------------------------------


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def supervisor_api(api_client_as: Callable[..., Client], tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.SUPERVISOR)


def test_api_lists_scans_with_filters(claims: Claims, supervisor_api: Client) -> None:
    url = reverse("api:scan_list")
    assert url == "/api/v1/shopfloor/scans"
    everything = supervisor_api.get(url).json()
    assert everything["count"] == 4
    query: dict[str, str | int] = {"status": "conflict", "limit": 1}
    conflicts = supervisor_api.get(url, query).json()
    assert (conflicts["count"], len(conflicts["items"])) == (2, 1)
    by_bundle = supervisor_api.get(url, {"bundle": claims.cut.bundles[1].number}).json()
    assert [s["id"] for s in by_bundle["items"]] == [claims.other]
    assert by_bundle["items"][0]["worker"] == claims.cut.workers[0].code
    assert supervisor_api.get(url, {"status": "lost"}).status_code == 422


def test_api_routes_are_not_swallowed_by_the_scan_id(
    claims: Claims, supervisor_api: Client
) -> None:
    conflicts = supervisor_api.get("/api/v1/shopfloor/scans/conflicts")
    assert conflicts.status_code == 200
    assert [(c["claim"]["id"], c["credited"]["id"]) for c in conflicts.json()["items"]] == [
        (claims.claim, claims.credited),
        (claims.second_claim, claims.credited),
    ]
    my_day = supervisor_api.get("/api/v1/shopfloor/scans/my-day")
    assert my_day.status_code == 403  # the scans router's own answer: not linked to a worker
    assert "not linked" in my_day.json()["detail"]
    assert supervisor_api.get("/api/v1/shopfloor/scans/batch").status_code == 405
    one = supervisor_api.get(f"/api/v1/shopfloor/scans/{claims.claim}")
    assert (one.status_code, one.json()["status"]) == (200, "conflict")
    assert supervisor_api.get("/api/v1/shopfloor/scans/999999").status_code == 404


def test_api_accept_reject_and_reverse(
    claims: Claims, supervisor_api: Client, tenant_a: Organization
) -> None:
    accepted = _post(
        supervisor_api,
        reverse("api:scan_accept", kwargs={"scan_id": claims.claim}),
        {"reason": "camera"},
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "credited"
    assert [(c["kind"], c["reason"]) for c in accepted.json()["corrections"]] == [
        ("accept", "camera")
    ]
    rejected = _post(
        supervisor_api,
        reverse("api:scan_reject", kwargs={"scan_id": claims.second_claim}),
        {"reason": "no"},
    )
    assert rejected.json()["status"] == "rejected"
    reversed_ = _post(
        supervisor_api,
        reverse("api:scan_reverse", kwargs={"scan_id": claims.other}),
        {"reason": "void"},
    )
    assert reversed_.json()["status"] == "reversed"
    detail = supervisor_api.get(reverse("api:scan_get", kwargs={"scan_id": claims.credited}))
    assert [c["kind"] for c in detail.json()["corrections"]] == ["reverse"]
    assert _status(tenant_a, claims.credited, claims.claim, claims.second_claim, claims.other) == [
        "reversed",
        "credited",
        "rejected",
        "reversed",
    ]


def test_api_refusals_are_422_naming_the_field(claims: Claims, supervisor_api: Client) -> None:
    url = reverse("api:scan_reverse", kwargs={"scan_id": claims.credited})
    blank = _post(supervisor_api, url, {"reason": "  "})
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["loc"] == ["body", "reason"]
    missing = _post(supervisor_api, url, {})
    assert missing.status_code == 422
    assert "reason" in missing.json()["errors"][0]["loc"]
    wrong = _post(
        supervisor_api,
        reverse("api:scan_reverse", kwargs={"scan_id": claims.claim}),
        {"reason": "x"},
    )
    assert wrong.status_code == 422
    assert "Only a credited scan" in wrong.json()["errors"][0]["msg"]
    assert _status(claims.cut.order.tenant, claims.credited, claims.claim) == [
        "credited",
        "conflict",
    ]


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRAND_BUYER])
def test_api_denies_roles_without_the_permission(
    claims: Claims,
    api_client_as: Callable[..., Client],
    tenant_a: Organization,
    role: str,
) -> None:
    client = api_client_as(tenant_a, role)
    assert client.get(reverse("api:scan_list")).status_code == 403
    assert client.get(reverse("api:scan_conflicts")).status_code == 403
    for name in ("scan_accept", "scan_reject", "scan_reverse"):
        url = reverse(f"api:{name}", kwargs={"scan_id": claims.claim})
        assert _post(client, url, {"reason": "x"}).status_code == 403
    assert _status(tenant_a, claims.credited, claims.claim) == ["credited", "conflict"]


def test_scan_list_reads_in_a_fixed_number_of_queries(
    claims: Claims, supervisor_a: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(10):
        assert supervisor_a.get(reverse("shopfloor:scan_list")).status_code == 200
