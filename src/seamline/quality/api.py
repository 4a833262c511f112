"""Inspections (inline, end of line), defect catalogue and rework, for scanners and systems.

POST /inspections answers 201 for a new inspection, 200 for a replay of the same client id
and content, 409 for the same client id with other content, 422 naming the field of bad
input, and 404 for a bundle number this factory does not have.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.catalog.models import Operation
from seamline.cutting.models import Bundle
from seamline.quality.defaults import seed_defect_catalogue
from seamline.quality.models import DefectType, Inspection
from seamline.quality.schemas import (
    DefectTypeIn,
    DefectTypeOut,
    InspectionFilters,
    InspectionIn,
    InspectionOut,
    ReworkFilters,
    ReworkOut,
)
from seamline.quality.services import (
    DefectInput,
    QualityError,
    defect_type_create,
    inspection_record,
)
from seamline.shopfloor.models import Line, Rework
from seamline.shopfloor.rework import OPEN_STATUSES, rework_mark_repaired
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import invalid, rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["quality"])
router.add_decorator(rows_first({"inspection_id": Inspection, "rework_id": Rework}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


# --- shaping rows --------------------------------------------------------------------------


def rework_out(rework: Rework) -> dict[str, Any]:
    return {
        "id": rework.pk,
        "bundle_id": rework.bundle_id,
        "bundle_number": rework.bundle.number,
        "order_id": rework.order_id,
        "order_number": rework.order.number,
        "operation_id": rework.operation_id,
        "operation_sequence": rework.operation.sequence,
        "operation_name": rework.operation.name,
        "pieces": rework.pieces,
        "reason": rework.reason,
        "status": rework.status,
        "worker_id": rework.worker_id,
        "worker_code": rework.worker.code if rework.worker else None,
        "opened_at": rework.opened_at,
        "repaired_at": rework.repaired_at,
        "closed_at": rework.closed_at,
    }


def _reworks() -> QuerySet[Rework]:
    return Rework.objects.select_related("bundle", "order", "operation", "worker")


def _inspections() -> QuerySet[Inspection]:
    return Inspection.objects.select_related(
        "order", "bundle", "operation", "inspector", "rework__bundle", "rework__order",
        "rework__operation", "rework__worker",
    ).prefetch_related("defects__defect_type", "defects__operation", "defects__worker")  # fmt: skip


def inspection_out(inspection: Inspection) -> dict[str, Any]:
    return {
        "id": inspection.pk,
        "client_id": inspection.client_id,
        "kind": inspection.kind,
        "order_id": inspection.order_id,
        "order_number": inspection.order.number,
        "style_id": inspection.style_id,
        "bundle_id": inspection.bundle_id,
        "bundle_number": inspection.bundle.number if inspection.bundle else None,
        "operation_id": inspection.operation_id,
        "operation_sequence": inspection.operation.sequence if inspection.operation else None,
        "line_id": inspection.line_id,
        "inspected_at": inspection.inspected_at,
        "inspector": str(inspection.inspector) if inspection.inspector else None,
        "checked_qty": inspection.checked_qty,
        "defective_qty": inspection.defective_qty,
        "rejected_qty": inspection.rejected_qty,
        "passed_qty": inspection.passed_qty,
        "outcome": inspection.outcome,
        "rework": rework_out(inspection.rework) if inspection.rework else None,
        "note": inspection.note,
        "replayed": getattr(inspection, "replayed", False),
        "defects": [
            {
                "id": d.pk,
                "defect_type_id": d.defect_type_id,
                "code": d.defect_type.code,
                "name": d.defect_type.name,
                "severity": d.severity,
                "location": d.location,
                "count": d.count,
                "operation_id": d.operation_id,
                "operation_sequence": d.operation.sequence if d.operation else None,
                "worker_id": d.worker_id,
                "worker_code": d.worker.code if d.worker else None,
            }
            for d in inspection.defects.all()
        ],
    }


def _operation(bundle: Bundle, sequence: int | None, field: str) -> Operation | None:
    if sequence is None:
        return None
    found = Operation.objects.filter(style_id=bundle.style_id, sequence=sequence).first()
    if found is None:
        raise ValidationError(
            {
                field: _(
                    "Operation %(operation)s is not in the bulletin of bundle %(bundle)s's style."
                )
                % {"operation": sequence, "bundle": bundle.number}
            }
        )
    return found


def _defects(bundle: Bundle, payload: InspectionIn) -> list[DefectInput]:
    if payload.defects:
        seed_defect_catalogue()  # a device may send the common codes before anyone set up
    catalogue = {t.code.upper(): t for t in DefectType.objects.all()}
    result = []
    for n, row in enumerate(payload.defects, start=1):
        label = _("Defect %(n)s") % {"n": n}
        defect_type = catalogue.get(row.defect_type.strip().upper())
        if defect_type is None:
            raise ValidationError(
                {
                    f"defects.{n}.defect_type": _(
                        "%(row)s: there is no defect type %(code)s in the catalogue."
                    )
                    % {"row": label, "code": row.defect_type}
                }
            )
        operation = None
        if row.operation is not None:
            operation = Operation.objects.filter(
                style_id=bundle.style_id, sequence=row.operation
            ).first()
            if operation is None:
                raise ValidationError(
                    {
                        f"defects.{n}.operation": _(
                            "%(row)s: operation %(operation)s is not in the bulletin of "
                            "bundle %(bundle)s's style."
                        )
                        % {"row": label, "operation": row.operation, "bundle": bundle.number}
                    }
                )
        result.append(
            DefectInput(
                defect_type=defect_type,
                count=row.count,
                location=row.location,
                operation=operation,
                severity=row.severity,
            )
        )
    return result


# --- inspections ---------------------------------------------------------------------------


@router.post(
    "/inspections",
    response={200: InspectionOut, 201: InspectionOut},
    url_name="quality_inspection_record",
)
def inspection_create(request: HttpRequest, payload: InspectionIn) -> Any:
    """Record an inline or end-of-line inspection of a bundle (201), or answer the replay of
    one recorded before with the same client id (200)."""
    api_require(request, Perm.QUALITY_INSPECT)
    bundle = Bundle.objects.filter(number=payload.bundle).first()
    if bundle is None:
        raise HttpError(
            404, _("There is no bundle %(bundle)s in this factory.") % {"bundle": payload.bundle}
        )
    line = None
    if payload.line_id is not None:
        line = Line.objects.filter(pk=payload.line_id).first()
        if line is None:
            raise ValidationError({"line_id": _("There is no such line in this factory.")})
    try:
        inspection = inspection_record(
            kind=payload.kind,
            bundle=bundle,
            checked_qty=payload.checked_qty,
            defects=_defects(bundle, payload),
            outcome=payload.outcome,
            operation=_operation(bundle, payload.operation, "operation"),
            defective_qty=payload.defective_qty,
            rejected_qty=payload.rejected_qty,
            rework_operation=_operation(bundle, payload.rework_operation, "rework_operation"),
            line=line,
            client_id=payload.client_id,
            inspected_at=payload.inspected_at,
            by=request.user,
            note=payload.note,
        )
    except ValidationError as exc:
        codes = [e.code for errors in getattr(exc, "error_dict", {}).values() for e in errors]
        if QualityError.ID_REUSED in codes:
            return JsonResponse({"detail": " ".join(exc.messages), "code": "id_reused"}, status=409)
        return invalid(exc)
    replayed = getattr(inspection, "replayed", False)
    out = inspection_out(_inspections().get(pk=inspection.pk))
    out["replayed"] = replayed
    return Status(200 if replayed else 201, out)


@router.get("/inspections", response=list[InspectionOut], url_name="quality_inspection_list")
@paginate(LimitOffsetPagination, max_limit=200)
def inspection_list(request: HttpRequest, filters: Query[InspectionFilters]) -> Any:
    """Recent inspections, newest first, filtered by kind, order, line, outcome or bundle."""
    api_require(request, Perm.QUALITY_VIEW)
    rows = _inspections()
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.order_id:
        rows = rows.filter(order_id=filters.order_id)
    if filters.line_id:
        rows = rows.filter(line_id=filters.line_id)
    if filters.outcome:
        rows = rows.filter(outcome=filters.outcome)
    if filters.bundle:
        rows = rows.filter(bundle__number=filters.bundle)
    return [inspection_out(i) for i in rows]


@router.get(
    "/inspections/{inspection_id}", response=InspectionOut, url_name="quality_inspection_get"
)
def inspection_get(request: HttpRequest, inspection_id: int) -> Any:
    """One inspection with its defects and the rework it sent."""
    api_require(request, Perm.QUALITY_VIEW)
    return inspection_out(_inspections().get(pk=inspection_id))


# --- the defect catalogue ------------------------------------------------------------------


@router.get("/defect-types", response=list[DefectTypeOut], url_name="quality_defect_type_list")
def defect_type_list(request: HttpRequest) -> Any:
    """The factory's defect catalogue (seeded with common defects the first time)."""
    api_require(request, Perm.QUALITY_VIEW)
    if not DefectType.objects.exists():
        seed_defect_catalogue()
    return DefectType.objects.order_by("code")


@router.post("/defect-types", response={201: DefectTypeOut}, url_name="quality_defect_type_create")
def defect_type_add(request: HttpRequest, payload: DefectTypeIn) -> Any:
    """Add a defect type to the catalogue."""
    api_require(request, Perm.QUALITY_SETUP)
    return Status(201, defect_type_create(by=request.user, **payload.dict()))


# --- rework --------------------------------------------------------------------------------


@router.get("/rework", response=list[ReworkOut], url_name="quality_rework_list")
def rework_list(request: HttpRequest, filters: Query[ReworkFilters]) -> Any:
    """Rework not yet re-inspected (open at an operation, or repaired), oldest first."""
    api_require(request, Perm.QUALITY_VIEW)
    statuses: list[str] = [filters.status] if filters.status else [*OPEN_STATUSES]
    rows = _reworks().filter(status__in=statuses).order_by("opened_at", "pk")
    return [rework_out(r) for r in rows]


@router.post("/rework/{rework_id}/repaired", response=ReworkOut, url_name="quality_rework_repaired")
def rework_repaired(request: HttpRequest, rework_id: int) -> Any:
    """The operation repaired the pieces: they leave its WIP and wait for re-inspection."""
    api_require(request, Perm.QUALITY_INSPECT)
    rework_mark_repaired(_reworks().get(pk=rework_id), by=request.user)
    return rework_out(_reworks().get(pk=rework_id))
