"""The cutting room of an order: pattern, markers, the plan against fabric, then cut.

Thin views: parse, check the permission once, call the room's services and selectors.
The plan is proposed on a POST ("Propose") and shown; never solved on a GET.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.catalog.models import Pattern, PatternPiece, Style
from seamline.catalog.patterns import pieces_by_size
from seamline.cutting import room, selectors, services
from seamline.cutting.choices import LayStatus, TicketFormat
from seamline.cutting.forms_room import (
    NestForm,
    PlannedLaysForm,
    RoomSettingsForm,
    RoomStyleForm,
    planned_lays_json,
)
from seamline.cutting.markers import marker_ratio_text
from seamline.cutting.models import CutPlan
from seamline.cutting.views import cut_and_tell
from seamline.orders.models import Order, OrderLine
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, errors_text, refused

PROPOSE_TIME_LIMIT_S = 5.0
PICTURE_BOX = 120  # px: the longer side of a piece's small picture


# --- the order: choose the style ----------------------------------------------------------


def _order_styles(order: Order) -> list[dict[str, Any]]:
    lines = (
        OrderLine.objects.filter(order=order)
        .values("style_id", "style__code", "style__name")
        .annotate(total=Sum("quantity"))
        .order_by("style__code")
    )
    plans = {plan.style_id: plan for plan in CutPlan.objects.filter(order=order)}
    return [
        {
            "style_id": line["style_id"],
            "code": line["style__code"],
            "name": line["style__name"],
            "ordered": line["total"] or 0,
            "plan": plans.get(line["style_id"]),
        }
        for line in lines
    ]


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CUTTING_VIEW)
def room_order(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the order's styles, straight to the room when there is one with a plan.
    POST (style): open the cutting room of that style, creating its cut plan if none."""
    order = get_object_or_404(Order.objects.select_related("customer"), pk=pk)
    styles = _order_styles(order)
    if request.method == "POST":
        if not has_perm(request, Perm.CUTTING_EDIT):
            raise PermissionDenied
        form = RoomStyleForm(request.POST)
        if not form.is_valid():
            messages.error(request, errors_text(form))
            return redirect("cutting:room_order", pk=order.pk)
        chosen = next((s for s in styles if s["style_id"] == form.cleaned_data["style"]), None)
        if chosen is None:
            messages.error(request, _("This order has no quantities of that style."))
            return redirect("cutting:room_order", pk=order.pk)
        plan = chosen["plan"]
        if plan is None:
            try:
                plan = services.cut_plan_create(
                    order=order, style=Style.objects.get(pk=chosen["style_id"]), by=request.user
                )
            except ValidationError as exc:
                refused(request, exc)
                return redirect("cutting:room_order", pk=order.pk)
        return redirect("cutting:room", pk=plan.pk)
    if len(styles) == 1 and styles[0]["plan"] is not None:
        return redirect("cutting:room", pk=styles[0]["plan"].pk)
    return render(
        request,
        "cutting/room/order.html",
        {"order": order, "styles": styles, "can_edit": has_perm(request, Perm.CUTTING_EDIT)},
    )


# --- the room of one cut plan -------------------------------------------------------------


def _picture(piece: PatternPiece) -> dict[str, Any] | None:
    """A piece's cut line as a small SVG polygon (y up, as the CAD drew it)."""
    outline = piece.outline if isinstance(piece.outline, list) else []
    points = [(float(p[0]), float(p[1])) for p in outline if isinstance(p, list | tuple)]
    if len(points) < 3:
        return None
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    left, top = min(xs), max(ys)
    width, height = max(max(xs) - left, 1.0), max(top - min(ys), 1.0)
    scale = PICTURE_BOX / max(width, height)
    return {
        "piece": piece,
        "view_box": f"0 0 {width:.1f} {height:.1f}",
        "points": " ".join(f"{x - left:.1f},{top - y:.1f}" for x, y in points),
        "width": round(width * scale),
        "height": round(height * scale),
        "stroke": f"{max(width, height) / 150:.1f}",
    }


def _pictures(pattern: Pattern | None, size_code: str) -> tuple[str, list[str], list[Any]]:
    """The pieces of one size (the one asked for, else the first) as small pictures."""
    if pattern is None:
        return "", [], []
    by_size = pieces_by_size(pattern)
    codes = list(by_size)
    if not codes:
        return "", [], []
    chosen = size_code if size_code in by_size else codes[0]
    pictures = [p for p in (_picture(piece) for piece in by_size[chosen]) if p is not None]
    return chosen, codes, pictures


def _lay_rows(plan: CutPlan) -> list[dict[str, Any]]:
    end = plan.end_allowance_mm
    rows = []
    for lay in selectors.lay_list(plan=plan).select_related("marker"):
        length = lay.marker_length_mm
        rows.append(
            {
                "lay": lay,
                "marker": selectors.marker_text(lay),
                "pieces": selectors.lay_pieces(lay),
                "length_m": room.metres(length) if length else None,
                "fabric_m": room.metres(lay.plies * (length + end)) if length else None,
            }
        )
    return rows


def _fabric(plan: CutPlan) -> dict[str, Any]:
    needed = room.fabric_requirement(plan)
    total = sum(needed.values(), Decimal("0"))
    return {
        "colours": list(needed.items()),
        "total_m": total,
        "cost": room.money(total * plan.fabric_price),
        "unknown": room.lays_without_length(plan),
    }


def _room(
    request: HttpRequest,
    plan: CutPlan,
    *,
    settings_form: RoomSettingsForm | None = None,
    proposal: room.RoomPlan | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    pattern = room.room_pattern(plan)
    size_code, size_codes, pictures = _pictures(pattern, request.GET.get("size", ""))
    markers = room.room_markers(plan, pattern)
    lays = _lay_rows(plan)
    context: dict[str, Any] = {
        "plan": plan,
        "order": plan.order,
        "pattern": pattern,
        "pictures": pictures,
        "picture_size": size_code,
        "picture_sizes": size_codes,
        "markers": [
            {
                "marker": m,
                "ratio": marker_ratio_text(m),
                "length_m": m.length_mm / 1000 if m.length_mm is not None else None,
            }
            for m in markers
        ],
        "efficiency_pct": room.assumed_efficiency(markers) * 100,
        "settings_form": settings_form or RoomSettingsForm.for_plan(plan),
        "matrix": selectors.plan_matrix(plan),
        "lays": lays,
        "has_planned": any(row["lay"].status == LayStatus.PLANNED for row in lays),
        "fabric": _fabric(plan),
        "proposal": proposal,
        "problem": problem,
        "can_edit": has_perm(request, Perm.CUTTING_EDIT),
        "formats": TicketFormat,
    }
    if proposal is not None:
        lays_json = planned_lays_json(list(proposal.lays))
        context["apply_form"] = PlannedLaysForm(initial={"lays": lays_json}, colours=[], sizes=[])
        context["nest_form"] = NestForm(
            initial={"lays": lays_json, "time_limit_s": 60}, colours=[], sizes=[]
        )
    return render(request, "cutting/room/room.html", context, status=status)


def _plan(pk: int) -> CutPlan:
    return selectors.cut_plan_get(plan_id=pk)


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def room_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _room(request, _plan(pk))


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def room_settings(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = RoomSettingsForm.for_plan(plan, request.POST)
    if form.is_valid():
        try:
            room.room_settings_update(cut_plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cutting room's settings were saved."))
            return redirect("cutting:room", pk=plan.pk)
    plan.refresh_from_db()
    return _room(request, plan, settings_form=form, status=422)


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def room_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan the lays of every colour against fabric and show the proposal (nothing written)."""
    plan = _plan(pk)
    try:
        proposal = room.room_plan(plan, time_limit_s=PROPOSE_TIME_LIMIT_S)
    except ValidationError as exc:
        return _room(request, plan, problem=" ".join(exc.messages))
    return _room(request, plan, proposal=proposal)


def _posted_lays(request: HttpRequest, plan: CutPlan, form_class: type[PlannedLaysForm]) -> Any:
    return form_class(
        request.POST, colours=selectors.plan_colours(plan), sizes=selectors.plan_sizes(plan)
    )


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def room_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Use the proposed plan: its lays replace the planned (uncut) ones."""
    plan = _plan(pk)
    form = _posted_lays(request, plan, PlannedLaysForm)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("cutting:room", pk=plan.pk)
    try:
        lays = room.room_apply(cut_plan=plan, plan=form.cleaned_data["lays"], by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "The plan was written: %(count)d lay to cut.",
                "The plan was written: %(count)d lays to cut.",
                len(lays),
            )
            % {"count": len(lays)},
        )
    return redirect("cutting:room", pk=plan.pk)


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def room_nest(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a marker for every ratio of the proposed plan that has none nested yet."""
    plan = _plan(pk)
    form = _posted_lays(request, plan, NestForm)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("cutting:room", pk=plan.pk)
    try:
        queued = room.room_nest_markers(
            cut_plan=plan,
            plan=form.cleaned_data["lays"],
            by=request.user,
            time_limit_s=form.cleaned_data["time_limit_s"],
            direction=form.cleaned_data["direction"],
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        if queued:
            messages.success(
                request,
                ngettext(
                    "%(count)d marker was queued for nesting; propose again once it is done.",
                    "%(count)d markers were queued for nesting; propose again once they are done.",
                    len(queued),
                )
                % {"count": len(queued)},
            )
        else:
            messages.info(request, _("Every marker of this plan is nested or nesting already."))
    return redirect("cutting:room", pk=plan.pk)


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def room_lay_cut(request: HttpRequest, pk: int) -> HttpResponse:
    """Cut a planned lay into numbered bundles, back to the cutting room."""
    lay = selectors.lay_get(lay_id=pk)
    cut_and_tell(request, lay)
    return redirect("cutting:room", pk=lay.cut_plan_id)
