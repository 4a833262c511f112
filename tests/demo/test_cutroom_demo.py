"""The demo's cutting room: graded patterns in every factory, and a confirmed order planned
against fabric on markers nested for it, ready to cut."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from shapely.geometry import Polygon

from seamline.catalog.models import Pattern, PatternPiece
from seamline.cutting.choices import LayStatus, MarkerStatus
from seamline.cutting.models import CutPlan, Lay, Marker
from seamline.cutting.room import fabric_requirement, still_to_cut
from seamline.demo.data.orgs import FACTORIES
from seamline.demo.loader import DemoSummary
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User


def test_every_factory_has_graded_tee_and_jean_patterns(demo: DemoSummary) -> None:
    for spec in FACTORIES:
        with tenant_context(Organization.objects.get(slug=spec.slug)):
            for pattern in Pattern.objects.select_related("style__size_grid"):
                grid = set(pattern.style.size_grid.sizes.values_list("code", flat=True))
                pieces = PatternPiece.objects.filter(pattern=pattern).select_related("size")
                assert {piece.size.code for piece in pieces} == grid
                areas: dict[str, float] = {}
                for piece in pieces:
                    outline = Polygon(piece.outline)
                    assert outline.is_valid, (pattern, piece)
                    areas[piece.size.code] = areas.get(piece.size.code, 0) + outline.area
                # graded: a bigger size takes more fabric
                by_position = [
                    areas[code]
                    for code in pattern.style.size_grid.sizes.order_by("position").values_list(
                        "code", flat=True
                    )
                ]
                assert by_position == sorted(by_position)


def test_the_confirmed_tee_order_is_planned_on_nested_markers(demo: DemoSummary) -> None:
    with tenant_context(Organization.objects.get(slug=FACTORIES[0].slug)):
        plan = CutPlan.objects.get(fabric_width_mm__isnull=False)
        planned = Lay.objects.filter(cut_plan=plan, status=LayStatus.PLANNED)
        assert planned.exists()
        for lay in planned:
            assert lay.marker_length_mm <= plan.max_marker_length_mm
            if lay.marker is not None:
                assert lay.marker.status == MarkerStatus.DONE
                assert lay.marker.fabric_width_mm == plan.fabric_width_mm
        # nested and planned again a few rounds: lays on nested markers, the others on
        # estimates the cutting room offers to nest
        assert planned.filter(marker__isnull=False).exists()
        markers = Marker.objects.filter(status=MarkerStatus.DONE)
        assert all(70 < m.efficiency_pct < 100 for m in markers)
        # the planned lays cover what is left to cut, size by size
        planned_cut: dict[tuple[int, int], int] = {}
        for lay in planned.prefetch_related("ratios"):
            for ratio in lay.ratios.all():
                key = (lay.colour_id, ratio.size_id)
                planned_cut[key] = planned_cut.get(key, 0) + ratio.ratio * lay.plies
        left = still_to_cut(plan)
        assert left
        for colour, sizes in left.items():
            for size, pieces in sizes.items():
                assert planned_cut.get((colour.pk, size.pk), 0) >= pieces
        assert sum(fabric_requirement(plan).values()) > 0


def test_the_planner_opens_the_cutting_room(demo: DemoSummary, client: Client) -> None:
    client.force_login(User.objects.get(username="hongmian-planner"))
    with tenant_context(Organization.objects.get(slug=FACTORIES[0].slug)):
        plan = CutPlan.objects.get(fabric_width_mm__isnull=False)
    page = client.get(reverse("cutting:room", args=[plan.pk]))
    assert page.status_code == 200
    assert plan.order.number.encode() in page.content
