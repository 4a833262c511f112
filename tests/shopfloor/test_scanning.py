"""The scan service: replays, reused ids, duplicates, conflicts and refusals, item by item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seamline.cutting.coupons import parse_coupon
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Scan
from seamline.shopfloor.scanning import ScanError, ScanInput, record_scans
from tests.cutting.factories import cut_order

pytestmark = pytest.mark.django_db


def _scan(cid: str, bundle: int, op: int, worker: str, at: dt.datetime | None = None) -> ScanInput:
    return ScanInput(client_id=cid, bundle=bundle, operation=op, worker=worker, scanned_at=at)


def test_cut_order_makes_bundles_by_ply_runs(in_tenant_a: object) -> None:
    cut = cut_order()
    assert [(b.size.code, b.quantity, b.ply_from, b.ply_to) for b in cut.bundles] == [
        ("S", 20, 1, 20),
        ("S", 10, 21, 30),
        ("M", 20, 1, 20),
        ("M", 10, 21, 30),
        ("M", 20, 1, 20),
        ("M", 10, 21, 30),
    ]
    assert [b.number for b in cut.bundles] == [1, 2, 3, 4, 5, 6]


def test_batch_answers_item_by_item(in_tenant_a: object) -> None:
    cut = cut_order()
    w1, w2 = (w.code for w in cut.workers)
    b1 = cut.bundles[0].number
    results = record_scans(
        [
            _scan("a", b1, 10, w1),
            _scan("b", b1, 10, w1),  # same worker again: duplicate
            _scan("c", b1, 10, w2),  # another worker: conflict
            _scan("d", 999, 10, w1),
            _scan("e", b1, 15, w1),
            _scan("f", b1, 20, "NOBODY"),
            _scan("a", b1, 10, w1),  # the same id again in the batch: the same answer
            _scan("a", b1, 20, w1),  # the same id, other content
        ]
    )
    assert [r.status for r in results] == [
        ScanStatus.CREDITED,
        ScanStatus.DUPLICATE,
        ScanStatus.CONFLICT,
        "error",
        "error",
        "error",
        ScanStatus.CREDITED,
        "error",
    ]
    assert [r.error for r in results][3:6] == [
        ScanError.UNKNOWN_BUNDLE,
        ScanError.UNKNOWN_OPERATION,
        ScanError.UNKNOWN_WORKER,
    ]
    assert results[7].error == ScanError.ID_REUSED
    assert Scan.objects.count() == 3
    assert Scan.objects.filter(status=ScanStatus.CREDITED).count() == 1


def test_replay_returns_the_original_and_writes_nothing(in_tenant_a: object) -> None:
    cut = cut_order()
    at = timezone.now() - dt.timedelta(minutes=5)
    item = _scan("x1", cut.bundles[1].number, 20, cut.workers[0].code, at)
    (first,) = record_scans([item])
    (again,) = record_scans([item])
    assert again.replayed
    assert not first.replayed
    assert (again.scan_id, again.status, again.quantity) == (first.scan_id, "credited", 10)
    (other,) = record_scans([_scan("x1", cut.bundles[1].number, 20, cut.workers[1].code, at)])
    assert other.error == ScanError.ID_REUSED
    assert Scan.objects.count() == 1


def test_a_later_batch_meets_the_credit_of_an_earlier_one(in_tenant_a: object) -> None:
    cut = cut_order()
    number = cut.bundles[2].number
    record_scans([_scan("p", number, 30, cut.workers[0].code)])
    (late,) = record_scans([_scan("q", number, 30, cut.workers[1].code)])
    assert late.status == ScanStatus.CONFLICT
    stored = Scan.objects.get(client_id="q")
    assert stored.collided_with == Scan.objects.get(client_id="p")


def test_future_device_time_is_clamped(in_tenant_a: object) -> None:
    cut = cut_order()
    now = timezone.now()
    (result,) = record_scans(
        [_scan("f1", cut.bundles[0].number, 10, cut.workers[0].code, now + dt.timedelta(hours=3))],
        now=now,
    )
    assert result.scanned_at == now


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("1234-40", (1234, 40)), (" B77.10 ", (77, 10)), ("12 30", (12, 30)), ("abc", None)],
)
def test_coupon_codes(text: str, parsed: tuple[int, int] | None) -> None:
    assert parse_coupon(text) == parsed


def test_a_retried_batch_is_answered_as_first_even_when_its_worker_left(
    in_tenant_a: object,
) -> None:
    cut = cut_order()
    w1, w2 = cut.workers
    number = cut.bundles[0].number
    batch = [
        _scan("r1", number, 10, w1.code),
        _scan("r2", number, 10, w1.code),  # a duplicate of r1 in the same batch
        _scan("r3", number, 10, w2.code),  # a conflicting claim in the same batch
    ]
    first = record_scans(batch)
    w1.is_active = False
    w1.save()

    again = record_scans(batch)

    assert (
        [r.status for r in again]
        == [r.status for r in first]
        == [
            ScanStatus.CREDITED,
            ScanStatus.DUPLICATE,
            ScanStatus.CONFLICT,
        ]
    )
    assert [r.scan_id for r in again] == [r.scan_id for r in first]
    assert all(r.replayed for r in again)
    assert Scan.objects.count() == 3
