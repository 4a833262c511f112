"""Inline and end-of-line inspections: attribution, outcomes, rework, replays and the pages.

The scene: `cut_order()` bundles 1-6 (bundle 1: 20 pieces of size S), bulletin 10, 20, 30.
W1 did op 10 and W2 op 20 on bundle 1; op 30 on bundle 1 is not done yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from seamline.quality.choices import InspectionKind, Outcome
from seamline.quality.defaults import seed_defect_catalogue
from seamline.quality.models import DefectType, Inspection, InspectionDefect
from seamline.quality.selectors import passed_by_cell
from seamline.quality.services import DefectInput, inspection_record
from seamline.shopfloor.choices import ReworkStatus
from seamline.shopfloor.models import Rework
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(tenant_a: Organization) -> Iterator[CutOrder]:
    with tenant_context(tenant_a):
        cut = cut_order()
        w1, w2 = cut.workers
        b1 = cut.bundles[0].number
        results = record_scans([ScanInput("s1", b1, 10, w1.code), ScanInput("s2", b1, 20, w2.code)])
        assert [r.status for r in results] == ["credited", "credited"]
        seed_defect_catalogue()
        yield cut


def dt_(code: str) -> DefectType:
    return DefectType.objects.get(code=code)


def eol(cut: CutOrder, **kwargs: Any) -> Inspection:
    values: dict[str, Any] = {
        "kind": InspectionKind.END_OF_LINE,
        "bundle": cut.bundles[0],
        "checked_qty": None,
        "defects": [],
        "outcome": Outcome.PASS,
    }
    values.update(kwargs)
    return inspection_record(**values)


# --- attribution ----------------------------------------------------------------------------


def test_a_defect_is_attributed_to_the_worker_who_scanned_that_operation(
    scene: CutOrder,
) -> None:
    w1, w2 = scene.workers
    op10, op20, op30 = scene.operations
    inspection = eol(
        scene,
        defects=[
            DefectInput(dt_("SKIP"), count=2, operation=op20),
            DefectInput(dt_("STAIN"), operation=op10, location="front"),
            DefectInput(dt_("THRD")),  # no operation: nobody
            DefectInput(dt_("OPEN"), operation=op30),  # never credited: nobody
        ],
        outcome=Outcome.PASS,
    )
    rows = list(inspection.defects.order_by("pk").values_list("defect_type__code", "worker_id"))
    assert rows == [("SKIP", w2.pk), ("STAIN", w1.pk), ("THRD", None), ("OPEN", None)]
    skip = InspectionDefect.objects.get(inspection=inspection, defect_type__code="SKIP")
    assert (skip.severity, skip.order_id, skip.style_id, skip.kind, skip.line_id) == (
        "major",
        scene.order.pk,
        scene.style.pk,
        "end_of_line",
        scene.line.pk,
    )
    assert skip.inspected_at == inspection.inspected_at


def test_an_inline_defect_defaults_to_the_inspected_operation_and_its_worker(
    scene: CutOrder,
) -> None:
    w1, w2 = scene.workers
    inspection = inspection_record(
        kind=InspectionKind.INLINE,
        bundle=scene.bundles[0],
        operation=scene.operations[1],
        checked_qty=5,
        defects=[DefectInput(dt_("BRKN"))],
        outcome=Outcome.PASS,
    )
    (defect,) = inspection.defects.all()
    assert (defect.operation_id, defect.worker_id) == (scene.operations[1].pk, w2.pk)
    assert inspection.line_id == scene.line.pk
    assert (inspection.checked_qty, inspection.defective_qty, inspection.passed_qty) == (5, 1, 0)


# --- outcomes -------------------------------------------------------------------------------


def test_pass_passes_checked_less_rejected(scene: CutOrder) -> None:
    inspection = eol(
        scene, defects=[DefectInput(dt_("STAIN"), count=3)], defective_qty=2, rejected_qty=1
    )
    assert (
        inspection.checked_qty,
        inspection.defective_qty,
        inspection.rejected_qty,
        inspection.passed_qty,
    ) == (20, 2, 1, 19)
    bundle = scene.bundles[0]
    assert passed_by_cell(scene.order) == {(scene.style.pk, scene.colour.pk, bundle.size_id): 19}


def test_reject_rejects_the_whole_bundle(scene: CutOrder) -> None:
    inspection = eol(scene, defects=[DefectInput(dt_("HOLE"))], outcome=Outcome.REJECT)
    assert (
        inspection.checked_qty,
        inspection.defective_qty,
        inspection.rejected_qty,
        inspection.passed_qty,
    ) == (20, 20, 20, 0)
    assert passed_by_cell(scene.order) == {}
    with pytest.raises(ValidationError, match="already"):
        eol(scene)


def test_rework_sends_the_defective_pieces_back_and_reinspection_closes_it(
    scene: CutOrder,
) -> None:
    w1, w2 = scene.workers
    op20 = scene.operations[1]
    first = eol(
        scene,
        defects=[DefectInput(dt_("SKIP"), count=4, operation=op20)],
        defective_qty=3,
        rejected_qty=1,
        outcome=Outcome.REWORK,
    )
    assert (first.passed_qty, first.rejected_qty) == (17, 1)
    rework = first.rework
    assert rework is not None
    assert (rework.operation_id, rework.pieces, rework.worker_id, rework.status) == (
        op20.pk,
        2,
        w2.pk,
        ReworkStatus.OPEN,
    )
    # Re-inspection: the two pieces back from rework by default; it closes the rework.
    second = eol(scene, client_id="again")
    rework.refresh_from_db()
    assert rework.status == ReworkStatus.CLOSED
    assert rework.closed_at == second.inspected_at
    assert (second.checked_qty, second.passed_qty) == (2, 2)
    bundle = scene.bundles[0]
    assert passed_by_cell(scene.order) == {(scene.style.pk, scene.colour.pk, bundle.size_id): 19}


def test_inline_never_passes_pieces_and_rework_goes_to_the_inspected_operation(
    scene: CutOrder,
) -> None:
    inspection = inspection_record(
        kind=InspectionKind.INLINE,
        bundle=scene.bundles[0],
        operation=scene.operations[0],
        checked_qty=5,
        defects=[DefectInput(dt_("PUCK"), count=2)],
        outcome=Outcome.REWORK,
    )
    assert inspection.passed_qty == 0
    assert inspection.rework is not None
    assert (inspection.rework.operation_id, inspection.rework.pieces) == (
        scene.operations[0].pk,
        2,
    )


def test_rework_without_an_operation_is_refused_and_nothing_is_written(scene: CutOrder) -> None:
    with pytest.raises(ValidationError) as refused:
        eol(scene, defects=[DefectInput(dt_("STAIN"))], outcome=Outcome.REWORK)
    assert "rework_operation" in refused.value.error_dict
    assert not Inspection.objects.exists()
    assert not Rework.objects.exists()


# --- refusals name the row ------------------------------------------------------------------


def test_bad_defect_rows_are_named(scene: CutOrder) -> None:
    other = cut_order()
    with pytest.raises(ValidationError, match="Defect 2: the number of defects"):
        eol(scene, defects=[DefectInput(dt_("SKIP")), DefectInput(dt_("SKIP"), count=0)])
    with pytest.raises(ValidationError, match="Defect 2: operation 10 is not in the bulletin"):
        eol(
            scene,
            defects=[
                DefectInput(dt_("SKIP")),
                DefectInput(dt_("SKIP"), operation=other.operations[0]),
            ],
        )
    with pytest.raises(ValidationError) as refused:
        eol(scene, defects=[DefectInput(dt_("SKIP"), count=3)], defective_qty=2, rejected_qty=3)
    assert "rejected_qty" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        eol(scene, checked_qty=21)
    assert "checked_qty" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        inspection_record(
            kind=InspectionKind.INLINE,
            bundle=scene.bundles[0],
            checked_qty=3,
            defects=[],
            outcome=Outcome.PASS,
        )
    assert "operation" in refused.value.error_dict
    assert not Inspection.objects.exists()


# --- idempotency ----------------------------------------------------------------------------


def test_the_same_client_id_replays_and_other_content_is_refused(scene: CutOrder) -> None:
    defects = [DefectInput(dt_("SKIP"), operation=scene.operations[1])]
    first = eol(scene, client_id="dev-1", defects=defects, outcome=Outcome.REWORK)
    again = eol(scene, client_id="dev-1", defects=defects, outcome=Outcome.REWORK)
    assert again.pk == first.pk
    assert again.replayed is True  # type: ignore[attr-defined]
    assert Inspection.objects.count() == 1
    assert Rework.objects.count() == 1
    with pytest.raises(ValidationError, match="already used"):
        eol(scene, client_id="dev-1", defects=defects, outcome=Outcome.PASS)
    assert Inspection.objects.count() == 1


# --- pages ----------------------------------------------------------------------------------


def test_the_form_records_an_inline_inspection_from_a_coupon_code(
    scene: CutOrder, client_as: Any, tenant_a: Organization
) -> None:
    inspector = client_as(tenant_a, Role.INSPECTOR)
    page = inspector.get(reverse("quality:inspection_new"), {"kind": "inline"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="defect_type"' in html
    assert "quality/inspection.js" in html
    with tenant_context(tenant_a):
        skip = dt_("SKIP")
    b1 = scene.bundles[0].number
    response = inspector.post(
        reverse("quality:inspection_new"),
        {
            "client_id": "form-1",
            "kind": "inline",
            "bundle": f"{b1}-20",
            "checked_qty": "5",
            "outcome": "rework",
            "defect_type": [str(skip.pk), ""],
            "count": ["2", "1"],
            "location": ["collar", ""],
            "defect_operation": ["", ""],
            "rejected_qty": "",
        },
    )
    assert response.status_code == 302
    with tenant_context(tenant_a):
        inspection = Inspection.objects.get(client_id="form-1")
        assert inspection.operation_id == scene.operations[1].pk
        (defect,) = inspection.defects.all()
        assert (defect.count, defect.location, defect.worker_id) == (
            2,
            "collar",
            scene.workers[1].pk,
        )
    detail = inspector.get(response["Location"])
    assert detail.status_code == 200
    assert scene.workers[1].code in detail.content.decode()


def test_the_form_names_a_bad_row_and_keeps_what_was_typed(
    scene: CutOrder, client_as: Any, tenant_a: Organization
) -> None:
    inspector = client_as(tenant_a, Role.INSPECTOR)
    with tenant_context(tenant_a):
        skip = dt_("SKIP")
    response = inspector.post(
        reverse("quality:inspection_new"),
        {
            "client_id": "form-2",
            "kind": "end_of_line",
            "bundle": str(scene.bundles[0].number),
            "outcome": "pass",
            "defect_type": [str(skip.pk), str(skip.pk)],
            "count": ["1", "1"],
            "location": ["", ""],
            "defect_operation": ["", "99"],
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Defect 2: operation 99 is not in the bulletin" in html
    assert 'value="99"' in html
    with tenant_context(tenant_a):
        assert not Inspection.objects.exists()


def test_an_unknown_bundle_is_named(
    scene: CutOrder, client_as: Any, tenant_a: Organization
) -> None:
    inspector = client_as(tenant_a, Role.INSPECTOR)
    response = inspector.post(
        reverse("quality:inspection_new"),
        {"kind": "end_of_line", "bundle": "99999", "outcome": "pass"},
    )
    assert response.status_code == 422
    assert "There is no bundle 99999" in response.content.decode()


def test_a_worker_cannot_record_an_inspection(
    scene: CutOrder, worker_a: Client, tenant_a: Organization
) -> None:
    response = worker_a.post(
        reverse("quality:inspection_new"),
        {"kind": "end_of_line", "bundle": str(scene.bundles[0].number), "outcome": "pass"},
    )
    assert response.status_code == 403
    assert worker_a.get(reverse("quality:inspection_list")).status_code == 403
    with tenant_context(tenant_a):
        assert not Inspection.objects.exists()


def test_the_list_filters_and_links_to_detail(
    scene: CutOrder,
    supervisor_a: Client,
    tenant_a: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    with tenant_context(tenant_a):
        passed = eol(scene, client_id="a")
        inline = inspection_record(
            kind=InspectionKind.INLINE,
            bundle=scene.bundles[1],
            operation=scene.operations[0],
            checked_qty=3,
            defects=[],
            outcome=Outcome.PASS,
            client_id="b",
        )
    with django_assert_max_num_queries(12):
        page = supervisor_a.get(reverse("quality:inspection_list"))
    assert page.status_code == 200
    assert [i.pk for i in page.context["inspections"]] == [inline.pk, passed.pk]
    assert reverse("quality:inspection_detail", args=[passed.pk]) in page.content.decode()
    only_inline = supervisor_a.get(reverse("quality:inspection_list"), {"kind": "inline"})
    assert [i.pk for i in only_inline.context["inspections"]] == [inline.pk]
    by_bundle = supervisor_a.get(
        reverse("quality:inspection_list"), {"bundle": scene.bundles[0].number}
    )
    assert [i.pk for i in by_bundle.context["inspections"]] == [passed.pk]


def test_rework_list_marks_repaired(
    scene: CutOrder, supervisor_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        sent = eol(
            scene,
            defects=[DefectInput(dt_("SKIP"), operation=scene.operations[1])],
            outcome=Outcome.REWORK,
        )
        assert sent.rework is not None
        rework_id = sent.rework.pk
    page = supervisor_a.get(reverse("quality:rework_list"))
    assert page.status_code == 200
    url = reverse("quality:rework_repaired", args=[rework_id])
    assert url in page.content.decode()
    assert supervisor_a.get(url).status_code == 405
    assert supervisor_a.post(url).status_code == 302
    with tenant_context(tenant_a):
        rework = Rework.objects.get(pk=rework_id)
        assert rework.status == ReworkStatus.REPAIRED
        assert rework.repaired_at is not None
    again = supervisor_a.get(reverse("quality:rework_list"))
    assert "Re-inspect" in again.content.decode()


def test_rework_shows_in_wip_until_the_bundle_is_reinspected(
    scene: CutOrder, supervisor_a: Client, tenant_a: Organization
) -> None:
    url = f"/api/v1/shopfloor/floor/orders/{scene.order.pk}/progress"

    def rework_at_20() -> int:
        (style,) = supervisor_a.get(url).json()["wip"]
        return int(next(op["rework_pieces"] for op in style["operations"] if op["sequence"] == 20))

    with tenant_context(tenant_a):
        eol(
            scene,
            defects=[DefectInput(dt_("OPEN"), count=3, operation=scene.operations[1])],
            outcome=Outcome.REWORK,
        )
    assert rework_at_20() == 3
    page = supervisor_a.get(reverse("shopfloor:floor_order", args=[scene.order.pk]))
    assert "3 in rework" in page.content.decode()
    with tenant_context(tenant_a):
        eol(scene, client_id="re-inspection")
        assert Rework.objects.get().status == ReworkStatus.CLOSED
    assert rework_at_20() == 0
