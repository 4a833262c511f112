"""Final inspection by AQL: the sampling plan for a lot and the recorded verdict."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from seamline.engines.aql import AQL_LABELS, LEVELS
from seamline.orders.models import Order
from seamline.quality import final
from seamline.quality.choices import InspectionKind
from seamline.quality.models import DefectType, Inspection
from seamline.quality.schemas_final import (
    FinalInspectionIn,
    FinalInspectionOut,
    PlanOut,
    PlanQuery,
)
from seamline.quality.services import DefectInput
from seamline.shipping.models import Shipment
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import invalid, rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["quality"])
router.add_decorator(rows_first({"inspection_id": Inspection}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")

NOT_FOUND = {"detail": "Not Found"}


def _class_out(plan: final.ClassPlan) -> dict[str, Any]:
    return {"severity": plan.severity, **plan.as_json(), "arrow_note": plan.arrow_note}


def _plan_out(plan: final.FinalPlan | None, query: PlanQuery) -> dict[str, Any]:
    return {
        "lot_size": plan.lot_size if plan else query.lot_size,
        "level": plan.level if plan else query.level,
        "code_letter": plan.code_letter if plan else None,
        "sample_size": plan.sample_size if plan else None,
        "inspect_all": plan.inspect_all if plan else False,
        "classes": [_class_out(c) for c in plan.classes] if plan else [],
        "levels": list(LEVELS),
        "aqls": list(AQL_LABELS),
    }


def inspection_out(inspection: Inspection) -> dict[str, Any]:
    plan = final.plan_from_json(inspection.plan)
    found = inspection.plan.get("found", {})
    verdicts = inspection.plan.get("verdicts", {})
    return {
        "id": inspection.pk,
        "client_id": inspection.client_id,
        "shipment_id": inspection.shipment_id,
        "order_id": inspection.order_id,
        "lot_size": inspection.lot_size,
        "level": inspection.level,
        "inspected_at": inspection.inspected_at,
        "inspector": str(inspection.inspector) if inspection.inspector else None,
        "checked_qty": inspection.checked_qty,
        "defective_qty": inspection.defective_qty,
        "outcome": inspection.outcome,
        "verdict": "accept" if inspection.outcome == "pass" else "reject",
        "cartons_opened": inspection.plan.get("cartons_opened", []),
        "classes": [
            {
                "severity": c.severity,
                "found": found.get(c.severity, 0),
                "accept": c.accept,
                "reject": c.reject,
                "verdict": verdicts.get(c.severity, ""),
            }
            for c in plan.classes
        ],
        "defects": [
            {
                "defect_type_id": d.defect_type_id,
                "code": d.defect_type.code,
                "name": d.defect_type.name,
                "severity": d.severity,
                "location": d.location,
                "count": d.count,
            }
            for d in inspection.defects.select_related("defect_type").order_by("pk")
        ],
        "note": inspection.note,
        "plan": {k: v for k, v in inspection.plan.items() if k != "fingerprint"},
    }


@router.get("/final-plan", response=PlanOut, url_name="quality_final_plan")
def plan_get(request: HttpRequest, query: Query[PlanQuery]) -> Any:
    """The single sampling plan (normal inspection) for a lot size, level and AQLs; without
    `lot_size`, the levels and AQLs the table knows."""
    api_require(request, Perm.QUALITY_VIEW)
    if query.lot_size is None:
        return _plan_out(None, query)
    plan = final.final_plan(
        lot_size=query.lot_size,
        level=query.level,
        aql_critical=query.aql_critical,
        aql_major=query.aql_major,
        aql_minor=query.aql_minor,
    )
    return _plan_out(plan, query)


@router.post(
    "/final-inspections",
    response={200: FinalInspectionOut, 201: FinalInspectionOut},
    url_name="quality_final_inspection_record",
)
def inspection_record(request: HttpRequest, payload: FinalInspectionIn) -> Any:
    """Record a lot's final inspection: 201 new, 200 the same submission again, 409 the
    client id used for another inspection, 422 naming the field, 404 an unknown shipment."""
    api_require(request, Perm.QUALITY_INSPECT)
    shipment = Shipment.objects.filter(pk=payload.shipment_id).first()
    order = Order.objects.filter(pk=payload.order_id).first()
    if shipment is None or order is None:
        return JsonResponse(NOT_FOUND, status=404)
    types = DefectType.objects.in_bulk({d.defect_type_id for d in payload.defects})
    unknown = [n for n, d in enumerate(payload.defects, start=1) if d.defect_type_id not in types]
    if unknown:
        return invalid(
            ValidationError(
                {
                    "defects": [
                        _("Defect row %(n)s: no defect type %(id)s.")
                        % {"n": n, "id": payload.defects[n - 1].defect_type_id}
                        for n in unknown
                    ]
                }
            )
        )
    try:
        recorded = final.final_inspection_submit(
            shipment=shipment,
            order=order,
            level=payload.level,
            aql_critical=payload.aql_critical,
            aql_major=payload.aql_major,
            aql_minor=payload.aql_minor,
            defects=[
                DefectInput(
                    defect_type=types[d.defect_type_id],
                    count=d.count,
                    location=d.location,
                    severity=d.severity,
                )
                for d in payload.defects
            ],
            defective_qty=payload.defective_qty,
            cartons_opened=payload.cartons_opened,
            client_id=payload.client_id,
            by=request.user,
            inspected_at=payload.inspected_at,
            note=payload.note,
        )
    except final.ClientIdReused as exc:
        return JsonResponse({"detail": " ".join(exc.messages), "code": "id_reused"}, status=409)
    out = inspection_out(recorded.inspection)
    return Status(201, out) if recorded.created else out


@router.get(
    "/final-inspections/{inspection_id}",
    response=FinalInspectionOut,
    url_name="quality_final_inspection_get",
)
def inspection_get(request: HttpRequest, inspection_id: int) -> Any:
    """One final inspection: its plan, found vs Ac/Re per class, its defects, the verdict."""
    api_require(request, Perm.QUALITY_VIEW)
    inspection = (
        Inspection.objects.filter(kind=InspectionKind.FINAL)
        .select_related("inspector")
        .filter(pk=inspection_id)
        .first()
    )
    if inspection is None:
        return JsonResponse(NOT_FOUND, status=404)
    return inspection_out(inspection)
