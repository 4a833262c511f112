"""Inspections, rework and the defect catalogue in the tenant-isolation walk, per tenant: a
defect type, an end-of-line inspection that sent a bundle to rework (open), written straight
as rows (the services are tested in this folder)."""

from __future__ import annotations

from django.utils import timezone

from seamline.quality.models import DefectType, Inspection, InspectionDefect
from seamline.shopfloor.models import Rework
from tests.cutting.factories import CutOrder, cut_order
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    cut: CutOrder = world.get("cut") or cut_order()
    bundle, operation = cut.bundles[-1], cut.operations[0]
    now = timezone.now()
    defect_type = DefectType.objects.create(
        code=f"Q-{marker}", name=f"Defect {marker}", category="sewing", severity="major"
    )
    rework = Rework.objects.create(
        bundle=bundle,
        operation=operation,
        order=cut.order,
        pieces=1,
        reason=f"rework {marker}",
        opened_at=now,
    )
    inspection = Inspection.objects.create(
        client_id=f"qc-{marker}",
        kind="end_of_line",
        order=cut.order,
        style=cut.style,
        bundle=bundle,
        inspected_at=now,
        checked_qty=bundle.quantity,
        defective_qty=1,
        passed_qty=bundle.quantity - 1,
        outcome="rework",
        rework=rework,
        note=f"note {marker}",
    )
    InspectionDefect.objects.create(
        inspection=inspection,
        defect_type=defect_type,
        severity="major",
        count=1,
        operation=operation,
        inspected_at=now,
        order=cut.order,
        style=cut.style,
        kind="end_of_line",
    )
    return {"qc_inspection": inspection, "qc_rework": rework, "qc_defect_type": defect_type}


CASES = Cases(
    build=build,
    urls={
        "quality:inspection_detail": lambda w: {"pk": w["qc_inspection"].pk},
        "quality:rework_repaired": lambda w: {"pk": w["qc_rework"].pk},
        "quality:defect_type_edit": lambda w: {"pk": w["qc_defect_type"].pk},
        "api:quality_inspection_get": lambda w: {"inspection_id": w["qc_inspection"].pk},
        "api:quality_rework_repaired": lambda w: {"rework_id": w["qc_rework"].pk},
    },
)
