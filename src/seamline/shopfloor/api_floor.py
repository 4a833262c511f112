"""The floor's numbers over JSON: /api/v1/shopfloor/floor/... (read only, Perm.FLOOR_VIEW)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema

from seamline.cutting.models import Bundle
from seamline.orders.models import Order
from seamline.shopfloor import floor
from seamline.shopfloor.models import Line
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first
from seamline.tenancy.permissions import Perm

router = Router(tags=["shopfloor"])
router.add_decorator(
    rows_first({"order_id": Order, "line_id": Line, "bundle_id": Bundle}), mode="view"
)


class OperationWipOut(Schema):
    operation_id: int
    sequence: int
    name: str
    section: str
    done_pieces: int
    done_bundles: int
    waiting_pieces: int
    waiting_bundles: int
    is_bottleneck: bool
    rework_pieces: int
    rework_bundles: int


class StyleWipOut(Schema):
    style_id: int
    code: str
    name: str
    operations: list[OperationWipOut]


class ProgressOut(Schema):
    ordered: int
    cut: int
    sewn: int
    finished: int
    cut_pct: Decimal | None
    sewn_pct: Decimal | None
    finished_pct: Decimal | None


class ProgressRowOut(ProgressOut):
    style_code: str
    colour: str
    size: str


class OrderProgressOut(Schema):
    order_id: int
    number: str
    total: ProgressOut
    rows: list[ProgressRowOut]
    wip: list[StyleWipOut]


class HourOut(Schema):
    hour: int
    label: str
    pieces: int
    target: int
    is_current: bool


class LineOutputOut(Schema):
    line_id: int
    code: str
    name: str
    day: dt.date
    target_per_hour: int
    day_target: int
    output: int
    hours: list[HourOut]
    earned_minutes: Decimal
    attended_minutes: int
    efficiency: Decimal | None
    conflicts: int


class WorkerEfficiencyOut(Schema):
    worker_id: int
    code: str
    name: str
    pieces: int
    scans: int
    earned_minutes: Decimal
    attended_minutes: int
    efficiency: Decimal | None


class EfficiencyOut(Schema):
    day: dt.date
    line_id: int | None
    workers: list[WorkerEfficiencyOut]


class EfficiencyFilters(Schema):
    day: dt.date | None = None
    line_id: int | None = None


class DayFilter(Schema):
    day: dt.date | None = None


class TraceScanOut(Schema):
    scan_id: int
    worker_code: str
    worker_name: str
    line_code: str
    scanned_at: dt.datetime
    status: str
    credited: bool
    quantity: int


class TraceStepOut(Schema):
    operation_id: int
    sequence: int
    name: str
    section: str
    done: bool
    scans: list[TraceScanOut]


class TraceReworkOut(Schema):
    rework_id: int
    sequence: int
    operation_name: str
    pieces: int
    reason: str
    status: str
    worker_code: str
    opened_at: dt.datetime
    opened_by: str
    repaired_at: dt.datetime | None
    repaired_by: str
    closed_at: dt.datetime | None


class BundleTraceOut(Schema):
    bundle_id: int
    number: int
    order_id: int
    order_number: str
    style_code: str
    style_name: str
    colour: str
    size: str
    quantity: int
    ply_from: int
    ply_to: int
    shade: str
    lay_number: int
    done_count: int
    steps: list[TraceStepOut]
    rework: list[TraceReworkOut]


@router.get(
    "/floor/orders/{order_id}/progress",
    response=OrderProgressOut,
    url_name="floor_order_progress",
)
def floor_order_progress(request: HttpRequest, order_id: int) -> Any:
    """Ordered, cut, sewn and finished pieces per style x colour x size and in total, with
    the WIP before each operation of each style's bulletin (the bottleneck flagged)."""
    api_require(request, Perm.FLOOR_VIEW)
    progress = floor.order_progress(get_object_or_404(Order, pk=order_id))
    return {
        "order_id": progress.order_id,
        "number": progress.number,
        "total": progress.total,
        "rows": progress.rows,
        "wip": progress.styles,
    }


@router.get("/floor/lines/{line_id}/output", response=LineOutputOut, url_name="floor_line_output")
def floor_line_output(request: HttpRequest, line_id: int, filters: Query[DayFilter]) -> Any:
    """A line's finished pieces by hour against its target, and its efficiency, for `day`
    (today in the factory's time zone by default)."""
    api_require(request, Perm.FLOOR_VIEW)
    line = get_object_or_404(Line, pk=line_id)
    return floor.line_output(line=line, day=filters.day or timezone.localdate())


@router.get("/floor/efficiency", response=EfficiencyOut, url_name="floor_efficiency")
def floor_efficiency(request: HttpRequest, filters: Query[EfficiencyFilters]) -> Any:
    """Each worker's pieces, scans, earned standard minutes, attended minutes and
    efficiency for `day`, on one line if `line_id` is given."""
    api_require(request, Perm.FLOOR_VIEW)
    day = filters.day or timezone.localdate()
    line = get_object_or_404(Line, pk=filters.line_id) if filters.line_id else None
    return {
        "day": day,
        "line_id": filters.line_id,
        "workers": floor.worker_efficiency(day=day, line=line),
    }


@router.get(
    "/floor/bundles/{bundle_id}/trace", response=BundleTraceOut, url_name="floor_bundle_trace"
)
def floor_bundle_trace(request: HttpRequest, bundle_id: int) -> Any:
    """Every operation of the bundle's bulletin, in sequence, with every scan of it."""
    api_require(request, Perm.FLOOR_VIEW)
    return floor.bundle_trace(get_object_or_404(floor.bundle_for_trace(bundle_id)))
