"""Pages of the scan review (queue, search, a scan's history, reversing) and the attendance
day sheet. Everyone with FLOOR_VIEW looks; SCAN_CORRECT and ATTENDANCE_EDIT change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seamline.shopfloor import attendance, corrections
from seamline.shopfloor.forms_corrections import (
    AttendanceDayForm,
    AttendanceForm,
    ClockForm,
    ReasonForm,
    ScanFilterForm,
    parse_day,
)
from seamline.shopfloor.models import Scan, Worker
from seamline.tenancy.access import require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors

PAGE_SIZE = 50

# --- scan review ---------------------------------------------------------------------------


@require_perm(Perm.FLOOR_VIEW)
def scan_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(corrections.conflict_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "shopfloor/review/queue.html",
        {"page": page, "items": corrections.with_holders(list(page.object_list))},
    )


@require_perm(Perm.FLOOR_VIEW)
def scan_list(request: HttpRequest) -> HttpResponse:
    form = ScanFilterForm(request.GET)
    filters = form.filters() if form.is_valid() else {}
    page = Paginator(corrections.scan_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "shopfloor/review/scan_list.html",
        {"form": form, "page": page, "scans": page.object_list},
    )


def _scan(pk: int) -> Scan:
    try:
        return corrections.scan_get(scan_id=pk)
    except Scan.DoesNotExist:
        raise Http404 from None


@require_perm(Perm.FLOOR_VIEW)
def scan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scan = _scan(pk)
    return render(
        request,
        "shopfloor/review/scan_detail.html",
        {"scan": scan, "corrections": list(scan.corrections.all()), "form": ReasonForm()},
    )


@require_perm(Perm.SCAN_CORRECT)
def scan_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    scan = _scan(pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections.scan_reverse(scan=scan, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The scan was reversed: it no longer counts."))
            return redirect("shopfloor:scan_detail", pk=scan.pk)
    return render(request, "shopfloor/review/scan_reverse.html", {"scan": scan, "form": form})


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _settle(request: HttpRequest, pk: int, action: Callable[..., Scan], done: str) -> HttpResponse:
    scan = get_object_or_404(Scan, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(request, reverse("shopfloor:scan_queue"))
    try:
        action(scan=scan, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return _back(request, reverse("shopfloor:scan_queue"))


@require_POST
@require_perm(Perm.SCAN_CORRECT)
def scan_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle(
        request, pk, corrections.claim_accept, _("Claim accepted: the work is credited to it.")
    )


@require_POST
@require_perm(Perm.SCAN_CORRECT)
def scan_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _settle(request, pk, corrections.claim_reject, _("Claim rejected."))


# --- attendance ----------------------------------------------------------------------------


def _sheet_url(day: Any, line: Any = None) -> str:
    query = {"day": day.isoformat()}
    if line:
        query["line"] = str(line)
    return f"{reverse('shopfloor:attendance')}?{urlencode(query)}"


@require_perm(Perm.FLOOR_VIEW)
def attendance_sheet(request: HttpRequest) -> HttpResponse:
    today = attendance.factory_today()
    form = AttendanceDayForm(request.GET or {"day": today})
    day, line = today, None
    if form.is_valid():
        day = form.cleaned_data.get("day") or today
        line = form.cleaned_data.get("line")
    rows = attendance.day_sheet(day=day, line_id=line.pk if line else None)
    return render(
        request,
        "shopfloor/attendance/sheet.html",
        {
            "form": form,
            "day": day,
            "line": line,
            "rows": rows,
            "is_today": day == today,
            "present": sum(1 for r in rows if r.attendance is not None),
        },
    )


@require_POST
@require_perm(Perm.ATTENDANCE_EDIT)
def attendance_clock(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_object_or_404(Worker, pk=pk)
    form = ClockForm(request.POST)
    line = request.POST.get("line") or None
    if not form.is_valid():
        messages.error(request, _("Say whether to clock in or out."))
        return redirect(_sheet_url(attendance.factory_today(), line))
    now = timezone.now()
    try:
        if form.cleaned_data["action"] == "in":
            attendance.clock_in(worker=worker, at=now, by=request.user)
            done = _("%(worker)s clocked in.")
        else:
            attendance.clock_out(worker=worker, at=now, by=request.user)
            done = _("%(worker)s clocked out.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"worker": worker})
    return redirect(_sheet_url(attendance.factory_today(), form.cleaned_data.get("line")))


@require_perm(Perm.ATTENDANCE_EDIT)
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_object_or_404(Worker.objects.select_related("line"), pk=pk)
    today = attendance.factory_today()
    day = parse_day(request.GET.get("day"), today)
    row = attendance.sheet_row(worker=worker, day=day).attendance
    initial = (
        {
            "clock_in": attendance.local_time(row.clock_in),
            "clock_out": attendance.local_time(row.clock_out),
            "break_minutes": row.break_minutes,
            "note": row.note,
        }
        if row
        else {"break_minutes": 0}
    )
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attendance.attendance_set(
                worker=worker,
                day=day,
                clock_in=attendance.at_time(day, data["clock_in"]),
                clock_out=attendance.at_time(day, data["clock_out"]) if data["clock_out"] else None,
                break_minutes=data["break_minutes"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Attendance of %(worker)s on %(day)s was saved.")
                % {"worker": worker, "day": day.isoformat()},
            )
            return redirect(_sheet_url(day, worker.line_id))
    return render(
        request,
        "shopfloor/attendance/edit.html",
        {"worker": worker, "day": day, "form": form, "row": row, "back": _sheet_url(day)},
    )
