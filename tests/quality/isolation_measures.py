"""Quality measures in the tenant-isolation walk: per tenant, an inline inspection made now
(inside the pages' default 14 days) by the tenant's own worker, with a defect of a type and
on a line whose codes and names carry the marker. The measures page and the /measures,
/pareto and /record endpoints take no row in their URL, so `urls` is empty: the walk's
listing test checks that none of them shows the other tenant's marker."""

from __future__ import annotations

from django.utils import timezone

from seamline.quality.choices import InspectionKind, Outcome, Severity
from seamline.quality.models import DefectType, Inspection, InspectionDefect
from seamline.shopfloor.models import Line
from tests.cutting.factories import CutOrder, cut_order
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    """Rows written straight, not through the services: cheap to build."""
    cut: CutOrder = world.get("cut") or cut_order()
    line = Line.objects.create(code=f"QM{marker}"[:20], name=f"Measures line {marker}")
    defect_type = DefectType.objects.create(code=f"DT{marker}"[:20], name=f"Defect {marker}")
    now = timezone.now()
    inspection = Inspection.objects.create(
        client_id=f"measures-{marker}",
        kind=InspectionKind.INLINE,
        order=cut.order,
        style=cut.style,
        bundle=cut.bundles[0],
        operation=cut.operations[0],
        line=line,
        inspected_at=now,
        checked_qty=5,
        defective_qty=1,
        outcome=Outcome.PASS,
        note=f"measures {marker}",
    )
    InspectionDefect.objects.create(
        inspection=inspection,
        defect_type=defect_type,
        severity=Severity.MAJOR,
        location="front",
        count=1,
        operation=cut.operations[0],
        worker=world.get("worker") or cut.workers[0],
        inspected_at=now,
        order=cut.order,
        style=cut.style,
        line=line,
        kind=InspectionKind.INLINE,
    )
    return {"measures_inspection": inspection, "measures_defect_type": defect_type}


CASES = Cases(build=build, urls={})
