"""Many devices at once against the real server: one scan id is one row, one coupon one credit."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.live.conftest import Live
from tests.live.harness import request_json

CONCURRENCY = 50
SCANS = "/api/v1/shopfloor/scans"
BATCH = "/api/v1/shopfloor/scans/batch"


def _all_at_once(live: Live, bodies: list[dict[str, Any]]) -> list[tuple[int, dict[str, str], Any]]:
    """POST every body from its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(bodies))

    def post(body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        barrier.wait(timeout=30)
        return request_json(live.base_url, "POST", SCANS, body, token=live.token)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(post, bodies))


def test_the_same_scan_50_times_at_once_is_one_row_and_one_answer(live: Live) -> None:
    order = live.seed["orders"][0]
    client_id = f"same-{uuid.uuid4().hex}"
    body = {
        "id": client_id,
        "bundle": order["bundles"][1],
        "operation": order["operations"][1],
        "worker": order["workers"][0],
        # A device's local time: replays must not answer in another notation than the first.
        "scanned_at": "2026-11-29T09:02:03.250+08:00",
    }
    answers = _all_at_once(live, [body] * CONCURRENCY)

    assert live.scan_counts([client_id]) == {client_id: 1}
    assert {status for status, _h, _b in answers} == {201}
    first = answers[0][2]
    assert first["id"] == client_id
    assert first["status"] == "credited"
    assert all(b == first for _s, _h, b in answers)
    replayed = [h.get("Idempotent-Replayed") for _s, h, _b in answers]
    assert replayed.count(None) <= 1  # every answer but the one that stored it is a replay


def test_50_workers_claiming_one_coupon_at_once_credit_exactly_one(live: Live) -> None:
    order = live.seed["orders"][0]
    bundle, operation = order["bundles"][2], order["operations"][2]
    tag = uuid.uuid4().hex
    bodies = [
        {"id": f"claim-{tag}-{n}", "bundle": bundle, "operation": operation, "worker": worker}
        for n, worker in enumerate(order["workers"][:CONCURRENCY])
    ]
    assert len(bodies) == CONCURRENCY
    answers = _all_at_once(live, bodies)

    assert {status for status, _h, _b in answers} == {201}
    statuses = Counter(b["status"] for _s, _h, b in answers)
    assert statuses == {"credited": 1, "conflict": CONCURRENCY - 1}
    winner = next(b for _s, _h, b in answers if b["status"] == "credited")
    ids = [b["id"] for b in bodies]
    assert live.scan_counts(ids) == dict.fromkeys(ids, 1)
    rows = live.query(
        "SELECT s.status, s.collided_with_id FROM shopfloor_scan s "
        "JOIN cutting_bundle b ON b.id = s.bundle_id JOIN catalog_operation o "
        "ON o.id = s.operation_id WHERE b.number = %s AND o.sequence = %s AND o.style_id = %s",
        (bundle, operation, order["style_id"]),
    )
    assert sorted(status for status, _c in rows) == ["conflict"] * (CONCURRENCY - 1) + ["credited"]
    assert {c for status, c in rows if status == "conflict"} == {winner["scan_id"]}


def test_one_worker_claiming_one_coupon_50_times_at_once_is_one_credit_and_duplicates(
    live: Live,
) -> None:
    order = live.seed["orders"][0]
    bundle, operation = order["bundles"][3], order["operations"][3]
    tag = uuid.uuid4().hex
    bodies = [
        {
            "id": f"dup-{tag}-{n}",
            "bundle": bundle,
            "operation": operation,
            "worker": order["workers"][1],
        }
        for n in range(CONCURRENCY)
    ]
    answers = _all_at_once(live, bodies)

    assert {status for status, _h, _b in answers} == {201}
    assert Counter(b["status"] for _s, _h, b in answers) == {
        "credited": 1,
        "duplicate": CONCURRENCY - 1,
    }
    ids = [b["id"] for b in bodies]
    assert live.scan_counts(ids) == dict.fromkeys(ids, 1)


def test_batches_claiming_the_same_coupons_at_once_credit_each_coupon_once(live: Live) -> None:
    """Opposite orders: without one lock order for credits, two such batches deadlock."""
    order = live.seed["orders"][0]
    coupons = [(b, op) for b in order["bundles"][5:15] for op in order["operations"]]
    tag = uuid.uuid4().hex
    batches = []
    for n in range(6):
        mine = coupons if n % 2 == 0 else coupons[::-1]
        batches.append(
            {
                "scans": [
                    {
                        "id": f"race-{tag}-{n}-{k}",
                        "bundle": bundle,
                        "operation": operation,
                        "worker": order["workers"][n],
                    }
                    for k, (bundle, operation) in enumerate(mine)
                ]
            }
        )
    barrier = threading.Barrier(len(batches))

    def post(body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        barrier.wait(timeout=30)
        return request_json(live.base_url, "POST", BATCH, body, token=live.token)

    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        answers = list(pool.map(post, batches))

    assert [status for status, _h, _b in answers] == [200] * len(batches)
    assert all(body["recorded"] == len(coupons) for _s, _h, body in answers)
    statuses = Counter(r["status"] for _s, _h, body in answers for r in body["results"])
    assert statuses == {"credited": len(coupons), "conflict": len(coupons) * (len(batches) - 1)}
    ids = [s["id"] for body in batches for s in body["scans"]]
    assert live.scan_counts(ids) == dict.fromkeys(ids, 1)
