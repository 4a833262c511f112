"""Line balancing pages: the layouts of each line, propose a balance, adjust it by hand,
place workers, save it as the line's layout, print its layout sheet.

Thin: parse, check the permission once, call a service of `shopfloor.balancing`, render.
FLOOR_VIEW reads; BALANCE_EDIT changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.shopfloor import balancing as services
from seamline.shopfloor import skills
from seamline.shopfloor.attendance import factory_today
from seamline.shopfloor.forms_balance import AssignForm, MoveForm, ProposeForm
from seamline.shopfloor.layout_sheet import layout_sheet_pdf
from seamline.shopfloor.models import LineLayout
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, refused

TEMPLATES = "shopfloor/balance"
CHART_HEIGHT = 200
BAR_WIDTH = 28
BAR_GAP = 8
CHART_LEFT = 40


def _layout(pk: int) -> LineLayout:
    return get_object_or_404(services.layout_rows(), pk=pk)


def _to(layout: LineLayout) -> HttpResponse:
    return redirect("shopfloor:balance_detail", pk=layout.pk)


@dataclass(frozen=True)
class Bar:
    slot: int
    x: int
    y: int
    height: int
    minutes: Decimal
    bottleneck: bool
    over: bool  # above the takt


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    takt_y: int
    takt: Decimal


def load_chart(positions: list[services.Position], takt: Decimal) -> Chart:
    """Each position's minutes as a bar, and the takt as a line, in SVG coordinates."""
    top = max([takt, *(p.minutes for p in positions)], default=Decimal(1)) * Decimal("1.15")
    top = top or Decimal(1)

    def y(minutes: Decimal) -> int:
        return CHART_HEIGHT - int(minutes / top * CHART_HEIGHT)

    bars = [
        Bar(
            slot=p.slot,
            x=CHART_LEFT + n * (BAR_WIDTH + BAR_GAP),
            y=y(p.minutes),
            height=CHART_HEIGHT - y(p.minutes),
            minutes=p.minutes,
            bottleneck=p.is_bottleneck,
            over=p.minutes > takt,
        )
        for n, p in enumerate(positions)
    ]
    width = CHART_LEFT + len(bars) * (BAR_WIDTH + BAR_GAP) + BAR_GAP
    return Chart(width=max(width, 240), height=CHART_HEIGHT, bars=bars, takt_y=y(takt), takt=takt)


@require_GET
@require_perm(Perm.FLOOR_VIEW)
def balance_list(request: HttpRequest) -> HttpResponse:
    layouts = services.layout_rows().order_by("line__code", "-is_active", "-created_at", "-pk")
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "tab": "balance",
            "layouts": layouts,
            "form": ProposeForm(),
            "can_edit": has_perm(request, Perm.BALANCE_EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(Perm.BALANCE_EDIT)
def balance_propose(request: HttpRequest) -> HttpResponse:
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        line = data["line"]
        workers = skills.present_workers(line, factory_today()) if data["present_workers"] else None
        try:
            layout = services.layout_propose(
                line=line,
                style=data["style"],
                target_per_hour=data["target_per_hour"],
                head_count=data["head_count"],
                workers=workers,
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("A balance with %(operators)s operators is proposed.")
                % {"operators": layout.operators},
            )
            return _to(layout)
    layouts = services.layout_rows().order_by("line__code", "-is_active", "-created_at", "-pk")
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {"tab": "balance", "layouts": layouts, "form": form, "can_edit": True},
        status=200 if request.method == "GET" else 422,
    )


def _detail(
    request: HttpRequest,
    layout: LineLayout,
    *,
    move_form: MoveForm | None = None,
) -> HttpResponse:
    positions = services.layout_positions(layout)
    context = {
        "tab": "balance",
        "layout": layout,
        "positions": positions,
        "chart": load_chart(positions, layout.takt),
        "standard_minutes": services.standard_minutes(layout),
        "can_edit": has_perm(request, Perm.BALANCE_EDIT),
        "move_form": move_form or MoveForm(layout=layout),
        "assign_form": AssignForm(),
        "workers": AssignForm().fields["worker"].queryset,  # type: ignore[attr-defined]
    }
    name = "_layout" if getattr(request, "htmx", False) else "detail"
    return render(request, f"{TEMPLATES}/{name}.html", context)


@require_GET
@require_perm(Perm.FLOOR_VIEW)
def balance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _layout(pk))


@require_POST
@require_perm(Perm.BALANCE_EDIT)
def balance_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a percentage of an operation between two positions; the figures are recomputed
    (htmx: the table, chart and figures answer in place)."""
    layout = _layout(pk)
    form = MoveForm(request.POST, layout=layout)
    if form.is_valid():
        data = form.cleaned_data
        move = services.ShareEdit(
            operation_id=data["operation"].pk,
            from_slot=data["from_slot"],
            to_slot=data["to_slot"],
            share=(data["percent"] / 100).quantize(services.SHARE_PLACES),
        )
        try:
            layout = services.layout_adjust(layout=layout, moves=[move], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The layout is adjusted; its figures are recomputed."))
            if getattr(request, "htmx", False):
                return _detail(request, _layout(pk))
            return _to(layout)
    return _detail(request, layout, move_form=form)


@require_POST
@require_perm(Perm.BALANCE_EDIT)
def balance_assign(request: HttpRequest, pk: int) -> HttpResponse:
    layout = _layout(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an operator no. and a worker."))
        return _to(layout)
    try:
        services.layout_assign(
            layout=layout,
            slot=form.cleaned_data["slot"],
            worker=form.cleaned_data["worker"],
            by=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The worker is placed; the figures use their measured pace."))
    return _to(layout)


@require_POST
@require_perm(Perm.BALANCE_EDIT)
def balance_activate(request: HttpRequest, pk: int) -> HttpResponse:
    layout = services.layout_activate(layout=_layout(pk), by=request.user)
    messages.success(
        request, _("This is now the layout of line %(line)s.") % {"line": layout.line.code}
    )
    return _to(layout)


@require_POST
@require_perm(Perm.BALANCE_EDIT)
def balance_rebalance(request: HttpRequest, pk: int) -> HttpResponse:
    """Balance the layout's line and style again with the workers present today."""
    layout = _layout(pk)
    workers = skills.present_workers(layout.line, factory_today())
    if not workers:
        messages.error(
            request,
            _("No worker of line %(line)s has clocked in today.") % {"line": layout.line.code},
        )
        return _to(layout)
    try:
        fresh = services.layout_propose(
            line=layout.line,
            style=layout.style,
            target_per_hour=layout.target_per_hour,
            head_count=None if layout.target_per_hour else len(workers),
            workers=workers,
            by=request.user,
        )
    except ValidationError as exc:
        refused(request, exc)
        return _to(layout)
    messages.success(
        request,
        _("Re-balanced for the %(count)s workers present today.") % {"count": len(workers)},
    )
    return _to(fresh)


@require_GET
@require_perm(Perm.FLOOR_VIEW)
def balance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    layout = _layout(pk)
    response = HttpResponse(layout_sheet_pdf(layout), content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(
            False, f"layout-{layout.line.code}-{layout.style.code}-{layout.pk}.pdf"
        )
        or ""
    )
    return response
