"""Scan review and attendance in the tenant-isolation walk: a credited scan, a claim that
collided with it, and a worker-day of attendance, per tenant."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from seamline.shopfloor.attendance import at_time, attendance_set, factory_today
from seamline.shopfloor.models import Scan, Worker
from seamline.shopfloor.scanning import ScanInput, record_scans
from tests.cutting.factories import CutOrder, cut_order
from tests.isolation import Cases, World
from tests.shopfloor.factories import WorkerFactory


def _free_pair(cut: CutOrder) -> tuple[int, int]:
    """A bundle x operation nobody has scanned yet (other builders may have used some)."""
    taken = set(
        Scan.objects.filter(bundle__in=cut.bundles).values_list("bundle_id", "operation_id")
    )
    for bundle in reversed(cut.bundles):
        for operation in reversed(cut.operations):
            if (bundle.pk, operation.pk) not in taken:
                return bundle.number, operation.sequence
    raise AssertionError("every bundle x operation of the cut order is scanned already")


def build(world: World, marker: str) -> World:
    cut: CutOrder = world.get("cut") or world.get("floor_cut") or cut_order()
    first = cast(
        Worker, WorkerFactory(code=f"RC1-{marker}", name=f"Credited {marker}", line=cut.line)
    )
    second = cast(
        Worker, WorkerFactory(code=f"RC2-{marker}", name=f"Claimant {marker}", line=cut.line)
    )
    bundle, operation = _free_pair(cut)
    credited, claim = record_scans(
        [
            ScanInput(f"review-{marker}-1", bundle, operation, first.code),
            ScanInput(f"review-{marker}-2", bundle, operation, second.code),
        ]
    )
    assert (credited.status, claim.status) == ("credited", "conflict")
    day = factory_today() - dt.timedelta(days=1)
    attendance = attendance_set(
        worker=first,
        day=day,
        clock_in=at_time(day, dt.time(8, 0)),
        clock_out=at_time(day, dt.time(17, 0)),
        break_minutes=60,
        note=f"note {marker}",
        by=world.get("owner"),
    )
    return {
        "review_credited": Scan.objects.get(pk=credited.scan_id),
        "review_claim": Scan.objects.get(pk=claim.scan_id),
        "review_worker": first,
        "review_attendance": attendance,
    }


def _credited(world: World) -> dict[str, Any]:
    return {"pk": world["review_credited"].pk}


def _claim(world: World) -> dict[str, Any]:
    return {"pk": world["review_claim"].pk}


def _worker(world: World) -> dict[str, Any]:
    return {"pk": world["review_worker"].pk}


CASES = Cases(
    build=build,
    urls={
        "shopfloor:scan_detail": _credited,
        "shopfloor:scan_reverse": _credited,
        "shopfloor:scan_accept": _claim,
        "shopfloor:scan_reject": _claim,
        "shopfloor:attendance_clock": _worker,
        "shopfloor:attendance_edit": _worker,
        "api:scan_get": lambda w: {"scan_id": w["review_credited"].pk},
        "api:scan_reverse": lambda w: {"scan_id": w["review_credited"].pk},
        "api:scan_accept": lambda w: {"scan_id": w["review_claim"].pk},
        "api:scan_reject": lambda w: {"scan_id": w["review_claim"].pk},
    },
)
