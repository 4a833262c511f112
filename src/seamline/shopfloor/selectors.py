"""Reads of lines and workers, always through the tenant-scoped managers."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from seamline.shopfloor import earnings
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Line, Scan, Worker

CENT = Decimal("0.01")


def line_list(*, search: str = "", active: bool | None = None) -> QuerySet[Line]:
    """Lines with `head_count`, the number of active workers on each."""
    lines = Line.objects.annotate(head_count=Count("workers", filter=Q(workers__is_active=True)))
    search = search.strip()
    if search:
        lines = lines.filter(Q(code__icontains=search) | Q(name__icontains=search))
    if active is not None:
        lines = lines.filter(is_active=active)
    return lines.order_by("code")


def worker_list(
    *, search: str = "", line_id: int | None = None, active: bool | None = True
) -> QuerySet[Worker]:
    """Workers with their line; `active=None` lists everyone."""
    workers = Worker.objects.select_related("line")
    search = search.strip()
    if search:
        workers = workers.filter(
            Q(code__icontains=search) | Q(name__icontains=search) | Q(phone__icontains=search)
        )
    if line_id:
        workers = workers.filter(line_id=line_id)
    if active is not None:
        workers = workers.filter(is_active=active)
    return workers.order_by("code")


def worker_day(worker: Worker, day: dt.date) -> dict[str, Any]:
    """A worker's scans of one day with what they earn: credited scans count, priced as
    payroll will pay them (see `earnings`)."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    scans = list(
        Scan.objects.filter(
            worker=worker, scanned_at__gte=start, scanned_at__lt=start + dt.timedelta(days=1)
        )
        .select_related("bundle", "operation")
        .order_by("-scanned_at", "-pk")
    )
    priced = earnings.prices(worker, [s for s in scans if s.status == ScanStatus.CREDITED])
    rows = []
    pieces, total, minutes = 0, Decimal("0"), Decimal("0")
    for scan in scans:
        earned = priced.get(scan.pk, Decimal("0"))
        if scan.status == ScanStatus.CREDITED:
            pieces += scan.quantity
            total += earned
            minutes += scan.operation.smv * scan.quantity
        rows.append(
            {
                "scan_id": scan.pk,
                "bundle": scan.bundle.number,
                "operation": scan.operation.sequence,
                "operation_name": scan.operation.name,
                "quantity": scan.quantity,
                "status": scan.status,
                "earnings": earned.quantize(CENT, ROUND_HALF_UP),
                "scanned_at": scan.scanned_at,
            }
        )
    return {
        "worker": worker.code,
        "worker_name": worker.name,
        "day": day,
        "pieces": pieces,
        "earnings": total.quantize(CENT, ROUND_HALF_UP),
        "standard_minutes": minutes.quantize(Decimal("0.01")),
        "scans": rows,
    }
