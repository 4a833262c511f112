"""A worker's own pay on the phone: today piece by piece, this period so far, past slips.

`period_so_far` is also what `GET /api/v1/payroll/me/period` answers, so the page and the
API show the same figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from seamline.payroll import selectors
from seamline.payroll.choices import LineKind
from seamline.payroll.so_far import duration, period_so_far
from seamline.shopfloor.api_scans import own_worker
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Worker
from seamline.shopfloor.selectors import worker_day
from seamline.tenancy.access import require_perm
from seamline.tenancy.permissions import Perm

_STATUS_LABELS = dict(ScanStatus.choices)


def _today(worker: Worker, day: dt.date) -> dict[str, Any]:
    today = worker_day(worker, day)
    for scan in today["scans"]:
        scan["credited"] = scan["status"] == ScanStatus.CREDITED
        scan["status_label"] = _STATUS_LABELS.get(scan["status"], scan["status"])
    return today


@require_GET
@require_perm(Perm.PAY_OWN)
def me(request: HttpRequest) -> HttpResponse:
    """My pay: today piece by piece, this period so far, and the slips already approved."""
    worker = own_worker(request)
    if worker is None:
        return render(request, "payroll/me.html", {"worker": None})
    day = timezone.localdate()
    so_far = period_so_far(worker, day)
    return render(
        request,
        "payroll/me.html",
        {
            "worker": worker,
            "today": _today(worker, day),
            "so_far": so_far,
            "period_lines": [
                (
                    line,
                    selectors.line_label(line),
                    duration(line.minutes) if line.minutes else "",
                )
                for line in so_far.lines
            ],
            "slips": selectors.own_slips(worker),
            "carried_kinds": (LineKind.LATE, LineKind.REVERSAL),
        },
    )
