"""Inspection pages: record inline and end-of-line inspections (a phone form), the recent
inspections and one inspection, the rework waiting at operations, the defect catalogue.
Thin: parse, check the permission once, call a service or selector, render."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.quality.choices import DefectLocation, InspectionKind, Outcome
from seamline.quality.defaults import seed_defect_catalogue
from seamline.quality.forms import (
    DefectTypeEditForm,
    DefectTypeForm,
    InspectionFilters,
    InspectionForm,
    defect_rows,
    parse_defects,
)
from seamline.quality.models import DefectType, Inspection
from seamline.quality.services import (
    defect_type_create,
    defect_type_update,
    end_of_line_remaining,
    inspection_record,
)
from seamline.shopfloor.choices import ReworkStatus
from seamline.shopfloor.models import Line, Rework
from seamline.shopfloor.rework import OPEN_STATUSES, rework_mark_repaired
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors

PAGE_SIZE = 30


def inspections() -> QuerySet[Inspection]:
    return Inspection.objects.select_related(
        "order", "style", "bundle", "operation", "line", "inspector"
    )


# --- inspections ---------------------------------------------------------------------------


@require_GET
@require_perm(Perm.QUALITY_VIEW)
def inspection_list(request: HttpRequest) -> HttpResponse:
    filters = InspectionFilters(request.GET or None)
    rows = inspections()
    if filters.is_valid():
        data = filters.cleaned_data
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["order"]:
            rows = rows.filter(order__number__icontains=data["order"].strip())
        if data["line"]:
            rows = rows.filter(line_id=data["line"])
        if data["outcome"]:
            rows = rows.filter(outcome=data["outcome"])
        if data["bundle"]:
            rows = rows.filter(bundle__number=data["bundle"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "quality/inspection_list.html",
        {
            "tab": "inspections",
            "filters": filters,
            "page": page,
            "inspections": page.object_list,
            "query": urlencode(query),
            "lines": Line.objects.order_by("code").only("pk", "code", "name"),
            "kinds": InspectionKind.choices,
            "outcomes": Outcome.choices,
            "can_inspect": has_perm(request, Perm.QUALITY_INSPECT),
        },
    )


def _form_page(
    request: HttpRequest, form: InspectionForm, rows: list[dict[str, str]], status: int = 200
) -> HttpResponse:
    kind = form.data.get("kind") if form.is_bound else form.initial.get("kind")
    return render(
        request,
        "quality/inspection_form.html",
        {
            "tab": "inspections",
            "form": form,
            "kind": kind,
            "rows": rows
            or [{"defect_type": "", "count": "1", "location": "", "defect_operation": ""}],
            "defect_types": DefectType.objects.filter(is_active=True).order_by("code"),
            "locations": DefectLocation.choices,
            "outcomes": Outcome.choices,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require_perm(Perm.QUALITY_INSPECT)
def inspection_new(request: HttpRequest) -> HttpResponse:
    seed_defect_catalogue()
    if request.method == "GET":
        kind = request.GET.get("kind")
        if kind not in (InspectionKind.INLINE, InspectionKind.END_OF_LINE):
            kind = InspectionKind.END_OF_LINE
        initial = {
            "kind": kind,
            "outcome": Outcome.PASS,
            "client_id": uuid.uuid4().hex,
            "bundle": request.GET.get("bundle", ""),
        }
        return _form_page(request, InspectionForm(initial=initial), [])
    form = InspectionForm(request.POST)
    rows = defect_rows(request.POST)
    if not form.is_valid():
        return _form_page(request, form, rows, status=422)
    data = form.cleaned_data
    bundle = data["bundle_obj"]
    try:
        defects = parse_defects(request.POST, bundle)
        inspection = inspection_record(
            kind=data["kind"],
            bundle=bundle,
            checked_qty=data["checked_qty"],
            defects=defects,
            outcome=data["outcome"],
            operation=data.get("operation_obj"),
            defective_qty=data["defective_qty"],
            rejected_qty=data["rejected_qty"] or 0,
            rework_operation=data.get("rework_operation_obj"),
            client_id=data["client_id"],
            by=request.user,
            note=data["note"],
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _form_page(request, form, rows, status=422)
    messages.success(
        request,
        _("Bundle %(bundle)s: %(outcome)s recorded.")
        % {"bundle": bundle.number, "outcome": inspection.get_outcome_display()},
    )
    return redirect("quality:inspection_detail", pk=inspection.pk)


@require_GET
@require_perm(Perm.QUALITY_VIEW)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(inspections().select_related("rework__operation"), pk=pk)
    defects = inspection.defects.select_related("defect_type", "operation", "worker").order_by("pk")
    bundle = inspection.bundle
    return render(
        request,
        "quality/inspection_detail.html",
        {
            "tab": "inspections",
            "inspection": inspection,
            "defects": defects,
            "total_defects": sum(d.count for d in defects),
            "remaining": (
                end_of_line_remaining(bundle)
                if bundle is not None and inspection.kind != InspectionKind.FINAL
                else None
            ),
            "can_inspect": has_perm(request, Perm.QUALITY_INSPECT),
            "next_url": reverse("quality:inspection_new")
            + "?"
            + urlencode({"kind": inspection.kind}),
        },
    )


# --- rework --------------------------------------------------------------------------------


@require_GET
@require_perm(Perm.QUALITY_VIEW)
def rework_list(request: HttpRequest) -> HttpResponse:
    rows = (
        Rework.objects.filter(status__in=OPEN_STATUSES)
        .select_related("bundle", "operation", "order", "worker", "opened_by")
        .order_by("opened_at", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/rework_list.html",
        {
            "tab": "rework",
            "page": page,
            "rows": page.object_list,
            "open_status": ReworkStatus.OPEN,
            "can_inspect": has_perm(request, Perm.QUALITY_INSPECT),
        },
    )


@require_POST
@require_perm(Perm.QUALITY_INSPECT)
def rework_repaired(request: HttpRequest, pk: int) -> HttpResponse:
    rework = get_object_or_404(Rework.objects.select_related("bundle"), pk=pk)
    try:
        rework_mark_repaired(rework, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Bundle %(bundle)s is repaired and waits for re-inspection.")
            % {"bundle": rework.bundle.number},
        )
    return redirect("quality:rework_list")


# --- the defect catalogue ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require_perm(Perm.QUALITY_SETUP)
def defect_types(request: HttpRequest) -> HttpResponse:
    seed_defect_catalogue()
    form = DefectTypeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = defect_type_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(defect)s was added.") % {"defect": made})
                return redirect("quality:defect_types")
        status = 422
    return render(
        request,
        "quality/defect_types.html",
        {
            "tab": "catalogue",
            "form": form,
            "types": DefectType.objects.order_by("-is_active", "code"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require_perm(Perm.QUALITY_SETUP)
def defect_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    defect_type = get_object_or_404(DefectType.objects, pk=pk)
    if request.method == "POST" and request.POST.get("active") in ("0", "1"):
        # The list's activate / deactivate button.
        defect_type_update(
            defect_type=defect_type, by=request.user, is_active=request.POST["active"] == "1"
        )
        return redirect("quality:defect_types")
    initial: dict[str, Any] = {
        name: getattr(defect_type, name)
        for name in ("code", "name", "category", "severity", "is_active")
    }
    form = DefectTypeEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                defect_type_update(defect_type=defect_type, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("%(defect)s was saved.") % {"defect": defect_type})
                return redirect("quality:defect_types")
        status = 422
    return render(
        request,
        "quality/defect_type_edit.html",
        {"tab": "catalogue", "form": form, "defect_type": defect_type},
        status=status,
    )
