"""The supervisor's and manager's floor pages: the day's lines, one line, one order, one bundle.

Each page's numbers sit in a partial template (`_*.html`) that htmx polls every 15 seconds:
an htmx request to the same URL answers with the partial alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from seamline.orders.models import Order
from seamline.shopfloor import floor, skills
from seamline.shopfloor.models import Line
from seamline.tenancy.access import require_perm
from seamline.tenancy.permissions import Perm

TEMPLATES = "shopfloor/floor"


def _render(request: HttpRequest, page: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only its polled partial `_<page>.html` for htmx."""
    name = f"_{page}" if getattr(request, "htmx", False) else page
    return render(request, f"{TEMPLATES}/{name}.html", context)


def _day_context(request: HttpRequest) -> dict[str, Any]:
    day = floor.parse_day(request.GET.get("day"))
    chosen = "day" in request.GET
    # A page opened without ?day= follows the calendar when it polls past midnight.
    poll_url = request.path + (f"?day={day.isoformat()}" if chosen else "")
    return {
        "day": day,
        "today": timezone.localdate(),
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "poll_url": poll_url,
    }


@require_perm(Perm.FLOOR_VIEW)
def floor_overview(request: HttpRequest) -> HttpResponse:
    """Every active line's day, the conflicts waiting, orders in production; bundle search."""
    number = request.GET.get("bundle", "").strip()
    if number:
        bundle = floor.bundle_by_number(number)
        if bundle is not None:
            return redirect("shopfloor:bundle_trace", pk=bundle.pk)
    context = _day_context(request)
    lines = list(Line.objects.filter(is_active=True).order_by("code"))
    context.update(
        lines=floor.line_outputs(day=context["day"], lines=lines),
        orders=floor.orders_in_production(),
        conflicts=floor.conflicts_waiting(),
        bundle_query=number,
    )
    return _render(request, "overview", context)


@require_perm(Perm.FLOOR_VIEW)
def floor_line(request: HttpRequest, pk: int) -> HttpResponse:
    """One line's day: output by hour, worker efficiency, WIP of the styles it runs."""
    line = get_object_or_404(Line, pk=pk)
    context = _day_context(request)
    day = context["day"]
    context.update(
        line=line,
        output=floor.line_output(line=line, day=day),
        workers=floor.worker_efficiency(day=day, line=line),
        styles=floor.line_wip(line=line, day=day),
        expectation=skills.layout_expectation(line, day),
    )
    return _render(request, "line", context)


@require_perm(Perm.FLOOR_VIEW)
def floor_order(request: HttpRequest, pk: int) -> HttpResponse:
    """An order's progress by colour x size and its WIP per operation."""
    order = get_object_or_404(Order.objects.select_related("customer"), pk=pk)
    context = {"order": order, "progress": floor.order_progress(order), "poll_url": request.path}
    return _render(request, "order", context)


@require_perm(Perm.FLOOR_VIEW)
def bundle_trace(request: HttpRequest, pk: int) -> HttpResponse:
    """Who did what to one bundle, operation by operation, every scan shown."""
    bundle = get_object_or_404(floor.bundle_for_trace(pk))
    context = {"trace": floor.bundle_trace(bundle), "poll_url": request.path}
    return _render(request, "bundle", context)
