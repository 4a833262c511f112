"""Final inspection pages: the AQL plan calculator, the lots waiting and the inspections done,
the phone form that records a lot's sample, and an inspection's result. Thin: parse, check
the permission once, call `quality.final`, render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seamline.orders.models import Order
from seamline.quality import final
from seamline.quality.choices import InspectionKind, Severity
from seamline.quality.defaults import seed_defect_catalogue
from seamline.quality.forms_final import FinalInspectionForm, PlanCalculatorForm, PlanFields
from seamline.quality.models import DefectType, Inspection
from seamline.quality.services import DefectInput
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Shipment
from seamline.shipping.selectors import final_lots
from seamline.tenancy.access import require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors

PAGE_SIZE = 25
OPEN_STATUSES = (ShipmentStatus.PLANNED,)


def _final_inspections() -> Any:
    return Inspection.objects.filter(kind=InspectionKind.FINAL).select_related(
        "order", "shipment", "inspector"
    )


@require_GET
@require_perm(Perm.QUALITY_VIEW)
def final_plan(request: HttpRequest) -> HttpResponse:
    """The calculator: lot size, level and AQLs -> code letter, sample size, Ac/Re."""
    form = PlanCalculatorForm(request.GET or None)
    plan = None
    if form.is_bound and form.is_valid():
        try:
            plan = final.final_plan(lot_size=form.cleaned_data["lot_size"], **form.plan_args())
        except ValidationError as exc:
            apply_errors(form, exc)
    return render(request, "quality/final_plan.html", {"tab": "final", "form": form, "plan": plan})


@require_GET
@require_perm(Perm.QUALITY_VIEW)
def final_list(request: HttpRequest) -> HttpResponse:
    """Lots of planned shipments without a current final inspection, then the inspections."""
    waiting = [
        (shipment, lot)
        for shipment in Shipment.objects.filter(status__in=OPEN_STATUSES).order_by(
            "ship_date", "pk"
        )
        for lot in final_lots(shipment)
        if not lot.current
    ]
    page = Paginator(_final_inspections(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/final_list.html",
        {"tab": "final", "waiting": waiting, "page": page, "inspections": page.object_list},
    )


def _severity_groups(types: list[DefectType]) -> list[tuple[str, str, list[DefectType]]]:
    return [
        (severity.value, str(severity.label), [t for t in types if t.severity == severity])
        for severity in (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
        if any(t.severity == severity for t in types)
    ]


@require_http_methods(["GET", "POST"])
@require_perm(Perm.QUALITY_INSPECT)
def final_new(request: HttpRequest, shipment_pk: int, order_pk: int) -> HttpResponse:
    """The phone form: the plan on top, a counter per defect type, the live verdict."""
    shipment = get_object_or_404(Shipment.objects, pk=shipment_pk)
    order = get_object_or_404(Order.objects, pk=order_pk)
    lot = final.final_lot(shipment, order)
    if lot is None:
        raise Http404(_("This order has no cartons on this shipment."))
    open_shipment = shipment.status in OPEN_STATUSES
    if open_shipment and not DefectType.objects.exists():
        seed_defect_catalogue()
    types = list(DefectType.objects.filter(is_active=True).order_by("severity", "code"))

    source = request.POST if request.method == "POST" else request.GET
    choices = PlanFields(source if "level" in source else None)
    plan_args = (
        choices.plan_args()
        if choices.is_bound and choices.is_valid()
        else {
            "level": final.DEFAULT_LEVEL,
            "aql_critical": None,
            "aql_major": final.DEFAULT_AQL_MAJOR,
            "aql_minor": final.DEFAULT_AQL_MINOR,
        }
    )
    try:
        plan = final.final_plan(lot_size=lot.lot_size, **plan_args)
    except ValidationError as exc:  # a lot of a single piece has no sampling plan
        messages.error(request, " ".join(exc.messages))
        return redirect("quality:final_list")
    numbers = final.lot_carton_numbers(shipment, order)
    suggested = final.cartons_to_open(numbers)

    if request.method == "POST":
        form = FinalInspectionForm(request.POST, defect_types=types)
        if not open_shipment:
            messages.error(request, _("This shipment can no longer be inspected."))
        elif form.is_valid():
            try:
                inspection = final.final_inspection_record(
                    shipment=shipment,
                    order=order,
                    **form.plan_args(),
                    defects=[DefectInput(defect_type=t, count=n) for t, n in form.counts()],
                    defective_qty=form.cleaned_data["defective_qty"],
                    cartons_opened=form.cleaned_data["cartons"],
                    client_id=form.cleaned_data["client_id"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("quality:final_detail", pk=inspection.pk)
    else:
        form = FinalInspectionForm(
            defect_types=types,
            initial={
                **plan_args,
                "aql_critical": plan_args["aql_critical"] or "0",
                "cartons": ", ".join(str(n) for n in suggested),
                "client_id": uuid.uuid4().hex,
            },
        )
    counters = {t.pk: form[FinalInspectionForm.counter_name(t)] for t in types}
    groups = [
        (severity, label, [(t, counters[t.pk]) for t in group])
        for severity, label, group in _severity_groups(types)
    ]
    return render(
        request,
        "quality/final_form.html",
        {
            "tab": "final",
            "shipment": shipment,
            "order": order,
            "lot": lot,
            "plan": plan,
            "form": form,
            "groups": groups,
            "open_shipment": open_shipment,
            "carton_count": len(numbers),
            "suggested": suggested,
        },
    )


@require_GET
@require_perm(Perm.QUALITY_VIEW)
def final_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection's verdict, its plan, the defects found and found vs Ac/Re per class."""
    inspection = get_object_or_404(_final_inspections(), pk=pk)
    plan = final.plan_from_json(inspection.plan)
    found = inspection.plan.get("found", {})
    verdicts = inspection.plan.get("verdicts", {})
    rows = [(c, found.get(c.severity, 0), verdicts.get(c.severity, "")) for c in plan.classes]
    defects = inspection.defects.select_related("defect_type").order_by("severity", "pk")
    lot = (
        final.final_lot(inspection.shipment, inspection.order)
        if inspection.shipment is not None
        else None
    )
    return render(
        request,
        "quality/final_detail.html",
        {
            "tab": "final",
            "inspection": inspection,
            "plan": plan,
            "rows": rows,
            "defects": defects,
            "lot": lot,
            "current": lot is not None and lot.lot_size == inspection.lot_size,
        },
    )
