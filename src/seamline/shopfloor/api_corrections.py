"""Scan review and attendance over JSON: /api/v1/shopfloor/scans/... and /attendance.

GET /scans shares its path with POST /scans (recording), so it is registered on the scans
router: Django routes a path to the first router that declares it, and a second router's
GET there would never be reached.
"""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.shopfloor import attendance, corrections
from seamline.shopfloor.api_scans import router as scans_router
from seamline.shopfloor.choices import AttendanceSource
from seamline.shopfloor.models import Scan, Worker
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["scan review"])
router.add_decorator(rows_first({"scan_id": Scan}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


# --- schemas -------------------------------------------------------------------------------


class ScanRowOut(Schema):
    id: int
    client_id: str
    bundle: int = Field(..., alias="bundle.number")
    operation: int = Field(..., alias="operation.sequence")
    operation_name: str = Field(..., alias="operation.name")
    worker: str = Field(..., alias="worker.code")
    worker_name: str = Field(..., alias="worker.name")
    line_id: int | None
    quantity: int
    scanned_at: dt.datetime
    received_at: dt.datetime
    source: str
    status: str
    collided_with_id: int | None


class CreditBrief(Schema):
    id: int
    worker: str = Field(..., alias="worker.code")
    worker_name: str = Field(..., alias="worker.name")
    scanned_at: dt.datetime


class ConflictOut(Schema):
    claim: ScanRowOut
    credited: CreditBrief | None = Field(
        None, description="The scan holding the credit of this bundle x operation now."
    )


class CorrectionOut(Schema):
    id: int
    kind: str
    reason: str
    by: str | None
    at: dt.datetime

    @staticmethod
    def resolve_by(obj: Any) -> str | None:
        return obj.by.get_username() if obj.by_id else None


class ScanDetailOut(ScanRowOut):
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_corrections(obj: Scan) -> list[Any]:
        return list(obj.corrections.all())


class ScanFilters(Schema):
    bundle: int | None = Field(None, ge=1, description="Bundle number.")
    worker: str = Field("", max_length=20, description="Employee no.")
    day: dt.date | None = Field(None, description="Day scanned, in the factory's time.")
    status: Literal["", "credited", "duplicate", "conflict", "rejected", "reversed"] = ""


class ReasonIn(Schema):
    reason: str = Field(..., description="Why; required, at most 300 characters.")


class AttendanceFilters(Schema):
    day: dt.date | None = Field(None, description="The factory's day; today if left out.")
    line_id: int | None = None


class AttendanceRowOut(Schema):
    worker_id: int
    worker: str
    worker_name: str
    line: str | None
    day: dt.date
    attendance_id: int | None
    clock_in: dt.datetime | None
    clock_out: dt.datetime | None
    break_minutes: int
    attended_minutes: int
    attended_hours: Decimal
    source: str | None
    note: str


class AttendanceIn(Schema):
    worker: str = Field(..., min_length=1, max_length=20, description="Employee no.")
    day: dt.date
    clock_in: dt.time = Field(..., description="HH:MM, factory time.")
    clock_out: dt.time | None = Field(None, description="HH:MM; leave out while still in.")
    break_minutes: int = Field(0, ge=0, le=attendance.MAX_BREAK)
    note: str = Field("", max_length=attendance.NOTE_MAX)


class ClockIn(Schema):
    worker: str = Field(..., min_length=1, max_length=20, description="Employee no.")
    action: Literal["in", "out"]


# --- scans ---------------------------------------------------------------------------------


@scans_router.get("/scans", response=list[ScanRowOut], url_name="scan_list", tags=["scan review"])
@paginate(LimitOffsetPagination, max_limit=500)
def scan_list(request: HttpRequest, filters: Query[ScanFilters]) -> Any:
    """Scans, newest first; filter by bundle number, employee no., day and status."""
    api_require(request, Perm.FLOOR_VIEW)
    return corrections.scan_list(**filters.dict())


class _Queue:
    """A sliceable view of the queue that pairs each page's claims with their holders."""

    def __init__(self, claims: Any) -> None:
        self.claims = claims

    def count(self) -> int:
        return int(self.claims.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        items = corrections.with_holders(list(self.claims[window]))
        return [{"claim": item.claim, "credited": item.holder} for item in items]


@router.get("/scans/conflicts", response=list[ConflictOut], url_name="scan_conflicts")
@paginate(LimitOffsetPagination, max_limit=500)
def scan_conflicts(request: HttpRequest) -> Any:
    """Claims awaiting review (oldest first), each beside the scan holding the credit now."""
    api_require(request, Perm.FLOOR_VIEW)
    return _Queue(corrections.conflict_queue())


def _detail(scan_id: int) -> Scan:
    return corrections.scan_get(scan_id=scan_id)


@router.get("/scans/{int:scan_id}", response=ScanDetailOut, url_name="scan_get")
def scan_get(request: HttpRequest, scan_id: int) -> Any:
    """One scan with its corrections, newest first."""
    api_require(request, Perm.FLOOR_VIEW)
    return _detail(scan_id)


@router.post("/scans/{int:scan_id}/reverse", response=ScanDetailOut, url_name="scan_reverse")
def scan_reverse(request: HttpRequest, scan_id: int, payload: ReasonIn) -> Any:
    """Take the credit away from a credited scan; 422 for any other scan."""
    api_require(request, Perm.SCAN_CORRECT)
    corrections.scan_reverse(scan=_detail(scan_id), reason=payload.reason, by=request.user)
    return _detail(scan_id)


@router.post("/scans/{int:scan_id}/accept", response=ScanDetailOut, url_name="scan_accept")
def scan_accept(request: HttpRequest, scan_id: int, payload: ReasonIn) -> Any:
    """Credit a claim awaiting review; the scan holding the credit is reversed first."""
    api_require(request, Perm.SCAN_CORRECT)
    corrections.claim_accept(scan=_detail(scan_id), reason=payload.reason, by=request.user)
    return _detail(scan_id)


@router.post("/scans/{int:scan_id}/reject", response=ScanDetailOut, url_name="scan_reject")
def scan_reject(request: HttpRequest, scan_id: int, payload: ReasonIn) -> Any:
    """Turn a claim awaiting review down."""
    api_require(request, Perm.SCAN_CORRECT)
    corrections.claim_reject(scan=_detail(scan_id), reason=payload.reason, by=request.user)
    return _detail(scan_id)


# --- attendance ----------------------------------------------------------------------------


def _sheet_out(row: attendance.SheetRow, day: dt.date) -> dict[str, Any]:
    record = row.attendance
    return {
        "worker_id": row.worker.pk,
        "worker": row.worker.code,
        "worker_name": row.worker.name,
        "line": row.worker.line.code if row.worker.line else None,
        "day": day,
        "attendance_id": record.pk if record else None,
        "clock_in": record.clock_in if record else None,
        "clock_out": record.clock_out if record else None,
        "break_minutes": record.break_minutes if record else 0,
        "attended_minutes": row.minutes,
        "attended_hours": row.hours,
        "source": record.source if record else None,
        "note": record.note if record else "",
    }


def _one(worker: Worker, day: dt.date) -> dict[str, Any]:
    return _sheet_out(attendance.sheet_row(worker=worker, day=day), day)


def _worker(code: str) -> Worker:
    worker = Worker.objects.select_related("line").filter(code__iexact=code.strip()).first()
    if worker is None:
        raise ValidationError(
            {"worker": _("Worker %(worker)s is not on the roster.") % {"worker": code}}
        )
    return worker


@router.get(
    "/attendance", response=list[AttendanceRowOut], url_name="attendance_list", tags=["attendance"]
)
def attendance_list(request: HttpRequest, filters: Query[AttendanceFilters]) -> Any:
    """The day sheet: every active worker (of the line, if given) with their attendance."""
    api_require(request, Perm.FLOOR_VIEW)
    day = filters.day or attendance.factory_today()
    return [_sheet_out(r, day) for r in attendance.day_sheet(day=day, line_id=filters.line_id)]


@router.put(
    "/attendance", response=AttendanceRowOut, url_name="attendance_set", tags=["attendance"]
)
def attendance_set(request: HttpRequest, payload: AttendanceIn) -> Any:
    """Create or replace one worker-day; times are the factory's wall-clock times."""
    api_require(request, Perm.ATTENDANCE_EDIT)
    worker = _worker(payload.worker)
    attendance.attendance_set(
        worker=worker,
        day=payload.day,
        clock_in=attendance.at_time(payload.day, payload.clock_in),
        clock_out=(
            attendance.at_time(payload.day, payload.clock_out) if payload.clock_out else None
        ),
        break_minutes=payload.break_minutes,
        note=payload.note,
        source=AttendanceSource.API,
        by=request.user,
    )
    return _one(worker, payload.day)


@router.post(
    "/attendance/clock", response=AttendanceRowOut, url_name="attendance_clock", tags=["attendance"]
)
def attendance_clock(request: HttpRequest, payload: ClockIn) -> Any:
    """Clock a worker in or out now."""
    api_require(request, Perm.ATTENDANCE_EDIT)
    worker = _worker(payload.worker)
    now = timezone.now()
    if payload.action == "in":
        row = attendance.clock_in(
            worker=worker, at=now, by=request.user, source=AttendanceSource.API
        )
    else:
        row = attendance.clock_out(worker=worker, at=now, by=request.user)
    return _one(worker, row.day)
