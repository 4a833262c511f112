"""Cutting-room pages: thin — parse, check the permission once, call a service or selector."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.catalog.models import Colour, Size
from seamline.cutting import selectors, services
from seamline.cutting.choices import LayStatus, TicketFormat
from seamline.cutting.forms import (
    LayForm,
    PlanCreateForm,
    PlanHeaderForm,
    SuggestedLaysForm,
    SuggestForm,
    suggestion_json,
)
from seamline.cutting.models import CutPlan, Lay
from seamline.cutting.tickets import tickets_print
from seamline.engines.cutplan import plan_lays
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, errors_text, refused

PAGE_SIZE = 25
SUGGEST_TIME_LIMIT_S = 3.0


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.orders_to_cut(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cutting/plan_list.html",
        {
            "page": page,
            "rows": selectors.plan_rows(page.object_list),
            "can_edit": has_perm(request, Perm.CUTTING_EDIT),
        },
    )


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("cutting:plan_list")
    try:
        plan = services.cut_plan_create(by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        refused(request, exc)
        return redirect("cutting:plan_list")
    messages.success(
        request,
        _("Cut plan for order %(order)s, style %(style)s was created. Now add its lays.")
        % {"order": plan.order.number, "style": plan.style.code},
    )
    return redirect("cutting:plan_detail", pk=plan.pk)


def _lay_rows(plan: CutPlan) -> list[dict[str, Any]]:
    return [
        {"lay": lay, "marker": selectors.marker_text(lay), "pieces": selectors.lay_pieces(lay)}
        for lay in selectors.lay_list(plan=plan)
    ]


def _detail(
    request: HttpRequest,
    plan: CutPlan,
    *,
    header_form: PlanHeaderForm | None = None,
    lay_form: LayForm | None = None,
    status: int = 200,
) -> HttpResponse:
    colours = selectors.plan_colours(plan)
    sizes = selectors.plan_sizes(plan)
    lays = _lay_rows(plan)
    return render(
        request,
        "cutting/plan_detail.html",
        {
            "plan": plan,
            "order": plan.order,
            "matrix": selectors.plan_matrix(plan),
            "lays": lays,
            "has_cut": any(row["lay"].status == LayStatus.CUT for row in lays),
            "header_form": header_form or PlanHeaderForm.for_plan(plan),
            "lay_form": lay_form or LayForm(colours=colours, sizes=sizes),
            "suggest_forms": [
                (colour, SuggestForm(colours=colours, initial={"colour": colour.pk}))
                for colour in colours
            ],
            "can_edit": has_perm(request, Perm.CUTTING_EDIT),
            "formats": TicketFormat,
        },
        status=status,
    )


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.cut_plan_get(plan_id=pk))


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.cut_plan_get(plan_id=pk)
    form = PlanHeaderForm.for_plan(plan, request.POST)
    if form.is_valid():
        try:
            services.cut_plan_update(cut_plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cut plan was saved."))
            return redirect("cutting:plan_detail", pk=plan.pk)
    plan.refresh_from_db()
    return _detail(request, plan, header_form=form)


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def lay_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.cut_plan_get(plan_id=pk)
    form = LayForm(
        request.POST, colours=selectors.plan_colours(plan), sizes=selectors.plan_sizes(plan)
    )
    if form.is_valid():
        try:
            lay = services.lay_add(cut_plan=plan, by=request.user, **form.lay())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Lay %(number)s was added.") % {"number": lay.number})
            return redirect("cutting:plan_detail", pk=plan.pk)
    return _detail(request, plan, lay_form=form)


def _proposal(
    plan: CutPlan, form: SuggestForm, sizes: list[Size]
) -> tuple[dict[str, Any] | None, str]:
    """Run the lay planner on the colour's remaining pieces: (proposal, or None and why)."""
    colour: Colour = form.cleaned_data["colour"]
    remaining = selectors.plan_matrix(plan).remaining(colour.pk)
    if not any(remaining.values()):
        return None, _("Every piece of %(colour)s is already in a lay.") % {"colour": colour}
    by_code = {size.code: size for size in remaining}
    try:
        result = plan_lays(
            {size.code: quantity for size, quantity in remaining.items()},
            max_plies=form.cleaned_data["max_plies"],
            max_garments_per_marker=form.cleaned_data["max_garments"],
            tolerance_pct=float(form.cleaned_data.get("tolerance_pct") or 0),
            time_limit_s=SUGGEST_TIME_LIMIT_S,
        )
    except ValueError as exc:
        return None, str(exc)
    lays = [
        ({by_code[code]: ratio for code, ratio in lay.ratio.items() if ratio}, lay.plies)
        for lay in result.lays
    ]
    rows = [
        {
            "size": size,
            "remaining": remaining[size],
            "cut": result.cut.get(size.code, 0),
            "balance": result.cut.get(size.code, 0) - remaining[size],
        }
        for size in sizes
        if size in remaining
    ]
    return {
        "colour": colour,
        "lays": [
            {
                "marker": " ".join(f"{s.code}:{r}" for s, r in marker.items()),
                "plies": plies,
                "pieces": sum(marker.values()) * plies,
            }
            for marker, plies in lays
        ],
        "sizes": rows,
        "overcut": result.overcut,
        "shortfall": result.shortfall,
        "overcut_pct": result.overcut_pct,
        "proven": result.lay_count_proven_minimal,
        "form": SuggestedLaysForm(
            initial={"colour": colour.pk, "lays": suggestion_json(lays)},
            colours=[colour],
            sizes=sizes,
        ),
    }, ""


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CUTTING_EDIT)
def plan_suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: propose lays for a colour's remaining pieces. POST: add the proposed lays."""
    plan = selectors.cut_plan_get(plan_id=pk)
    colours, sizes = selectors.plan_colours(plan), selectors.plan_sizes(plan)
    if request.method == "POST":
        add = SuggestedLaysForm(request.POST, colours=colours, sizes=sizes)
        if add.is_valid():
            try:
                lays = services.lays_add(
                    cut_plan=plan,
                    colour=add.cleaned_data["colour"],
                    lays=add.cleaned_data["lays"],
                    shade=add.cleaned_data["shade"],
                    by=request.user,
                )
            except ValidationError as exc:
                refused(request, exc)
            else:
                messages.success(
                    request,
                    ngettext("%(count)d lay was added.", "%(count)d lays were added.", len(lays))
                    % {"count": len(lays)},
                )
        else:
            messages.error(request, errors_text(add))
        return redirect("cutting:plan_detail", pk=plan.pk)

    form = SuggestForm(request.GET or None, colours=colours)
    proposal, problem = None, ""
    if form.is_bound and form.is_valid():
        proposal, problem = _proposal(plan, form, sizes)
    return render(
        request,
        "cutting/plan_suggest.html",
        {"plan": plan, "form": form, "proposal": proposal, "problem": problem},
    )


def _planned_lay_or_redirect(request: HttpRequest, lay: Lay) -> HttpResponse | None:
    if lay.status == LayStatus.PLANNED:
        return None
    messages.error(
        request,
        _("Lay %(number)s is already cut; it can no longer be changed.") % {"number": lay.number},
    )
    return redirect("cutting:plan_detail", pk=lay.cut_plan_id)


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CUTTING_EDIT)
def lay_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lay = selectors.lay_get(lay_id=pk)
    refused = _planned_lay_or_redirect(request, lay)
    if refused is not None:
        return refused
    plan = lay.cut_plan
    colours, sizes = selectors.plan_colours(plan), selectors.plan_sizes(plan)
    if request.method == "POST":
        form = LayForm(request.POST, colours=colours, sizes=sizes)
        if form.is_valid():
            try:
                services.lay_update(lay=lay, by=request.user, **form.lay())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Lay %(number)s was saved.") % {"number": lay.number})
                return redirect("cutting:plan_detail", pk=plan.pk)
    else:
        form = LayForm.for_lay(lay, colours=colours, sizes=sizes)
    return render(request, "cutting/lay_form.html", {"lay": lay, "plan": plan, "form": form})


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def lay_delete(request: HttpRequest, pk: int) -> HttpResponse:
    lay = selectors.lay_get(lay_id=pk)
    try:
        services.lay_delete(lay=lay, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("Lay %(number)s was deleted.") % {"number": lay.number})
    return redirect("cutting:plan_detail", pk=lay.cut_plan_id)


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def lay_cut(request: HttpRequest, pk: int) -> HttpResponse:
    lay = selectors.lay_get(lay_id=pk)
    cut_and_tell(request, lay)
    return redirect("cutting:plan_detail", pk=lay.cut_plan_id)


def cut_and_tell(request: HttpRequest, lay: Lay) -> None:
    """Cut a planned lay into numbered bundles and say which (or why not)."""
    try:
        bundles = services.lay_cut(lay=lay, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("Lay %(number)s was cut into %(count)d bundles: no. %(first)s to %(last)s.")
            % {
                "number": lay.number,
                "count": len(bundles),
                "first": bundles[0].number if bundles else "-",
                "last": bundles[-1].number if bundles else "-",
            },
        )


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def lay_bundles(request: HttpRequest, pk: int) -> HttpResponse:
    lay = selectors.lay_get(lay_id=pk)
    return render(
        request,
        "cutting/lay_bundles.html",
        {
            "lay": lay,
            "plan": lay.cut_plan,
            "marker": selectors.marker_text(lay),
            "bundles": selectors.bundle_list(lay_id=lay.pk),
            "can_edit": has_perm(request, Perm.CUTTING_EDIT),
            "formats": TicketFormat,
        },
    )


@require_GET
@require_perm(Perm.CUTTING_EDIT)
def lay_tickets(request: HttpRequest, pk: int) -> HttpResponse:
    """The bundle tickets of a cut lay as a PDF (?format=a4 or thermal); every print is logged."""
    lay = selectors.lay_get(lay_id=pk)
    ticket_format = request.GET.get("format") or TicketFormat.A4
    try:
        printed, pdf = tickets_print(lay=lay, format=ticket_format, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
        return redirect("cutting:plan_detail", pk=lay.cut_plan_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"tickets-{lay.cut_plan.order.number}-lay{lay.number}-{printed.format}-{printed.copy}"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)
    response["Content-Disposition"] = f'inline; filename="{safe}.pdf"'
    return response
