"""Scans over JSON: /api/v1/shopfloor/scans (single and batch) and a worker's own day."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from seamline.shopfloor import selectors
from seamline.shopfloor.choices import ScanSource
from seamline.shopfloor.models import Worker
from seamline.shopfloor.scan_schemas import (
    ScanBatchIn,
    ScanBatchOut,
    ScanIn,
    ScanOut,
    WorkerDayOut,
)
from seamline.shopfloor.scanning import ScanInput, ScanResult, record_scans
from seamline.tenancy.access import api_require, has_perm
from seamline.tenancy.permissions import Perm

router = Router(tags=["scans"])

REPLAY_HEADER = "Idempotent-Replayed"


def own_worker(request: HttpRequest) -> Worker | None:
    """The roster entry linked to this login, if any."""
    if not request.user.is_authenticated:
        return None
    return Worker.objects.filter(user=request.user, is_active=True).first()


def scanning_as(request: HttpRequest, scans: list[ScanIn]) -> tuple[Worker | None, Worker | None]:
    """(own worker, only_worker): who may be named in scans from this request.

    Supervisors and line stations record for anyone; a worker only for themselves. The own
    worker is looked up only when a scan leaves the worker out (scanners always name one).
    """
    if has_perm(request, Perm.SCAN_RECORD):
        named = all(scan.worker for scan in scans)
        return (None if named else own_worker(request)), None
    me = own_worker(request)
    api_require(request, Perm.SCAN_OWN)
    if me is None:
        raise HttpError(403, _("Your login is not linked to a worker on the roster."))
    return me, me


def _inputs(scans: list[ScanIn], me: Worker | None) -> list[ScanInput]:
    return [
        ScanInput(
            client_id=scan.id,
            bundle=scan.bundle or 0,
            operation=scan.operation or 0,
            worker=scan.worker or (me.code if me else ""),
            scanned_at=scan.scanned_at,
        )
        for scan in scans
    ]


_OUT_FIELDS = [
    f.name for f in dataclasses.fields(ScanResult) if f.name not in ("client_id", "replayed")
]


def _out(result: ScanResult) -> dict[str, Any]:
    # Every field is a plain value: a shallow dict, without asdict's deep copy of each one.
    data = {name: getattr(result, name) for name in _OUT_FIELDS}
    data["id"] = result.client_id
    return data


def _source(request: HttpRequest) -> str:
    declared = request.headers.get("X-Scan-Source", "")
    return declared if declared in ScanSource.values else ScanSource.API


@router.post(
    "/scans",
    response={201: ScanOut, 422: ScanOut},
    url_name="scan_record",
    summary="Record one scan",
)
def scan_record(request: HttpRequest, payload: ScanIn) -> Any:
    """201 with the stored scan (credited, duplicate or conflict), 422 when refused. A retry
    with the same `id` gets the same answer, marked by the `Idempotent-Replayed` header."""
    me, only = scanning_as(request, [payload])
    (result,) = record_scans(
        _inputs([payload], me), source=_source(request), by=request.user, only_worker=only
    )
    response = JsonResponse(_out(result), status=201 if result.ok else 422)
    if result.replayed:
        response[REPLAY_HEADER] = "true"
    return response


@router.post("/scans/batch", response=ScanBatchOut, url_name="scan_batch", summary="Record a batch")
def scan_batch(request: HttpRequest, payload: ScanBatchIn) -> Any:
    """Up to 1000 scans in one transaction; `results` answers item by item, in order. Refused
    items (`ok: false`) write nothing; the others are stored even when some are refused."""
    me, only = scanning_as(request, payload.scans)
    results = record_scans(
        _inputs(payload.scans, me), source=_source(request), by=request.user, only_worker=only
    )
    recorded = sum(1 for r in results if r.ok)
    # Plain values in ScanBatchOut's shape and order, rendered as ninja would render it: up to
    # 1000 items are not validated again on the way out (a fifth of a large batch's time).
    answer = {
        "results": [
            {name: getattr(r, "client_id" if name == "id" else name) for name in _BATCH_FIELDS}
            for r in results
        ],
        "recorded": recorded,
        "refused": len(results) - recorded,
    }
    from seamline.config.api import api  # the API this router is mounted on

    return api.create_response(request, answer, status=200)


_BATCH_FIELDS = list(ScanOut.model_fields)


@router.get("/scans/my-day", response=WorkerDayOut, url_name="scan_my_day")
def scan_my_day(request: HttpRequest) -> Any:
    """The logged-in worker's scans of today, with pieces, earnings and standard minutes."""
    me = own_worker(request)
    api_require(request, Perm.SCAN_OWN)
    if me is None:
        raise HttpError(403, _("Your login is not linked to a worker on the roster."))
    return selectors.worker_day(me, timezone.localdate())
