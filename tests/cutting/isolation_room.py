"""The cutting room of an order in the tenant-isolation walk: the cut order of `world["cut"]`
gets a pattern (named with the marker) and a fabric width, so its room shows them."""

from __future__ import annotations

from typing import Any

from seamline.catalog.choices import PatternSource
from seamline.catalog.models import Pattern, PatternPiece
from seamline.cutting.models import CutPlan
from tests.cutting.room_world import rectangle
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    cut = world["cut"]
    pattern = Pattern.objects.create(
        style=cut.style, name=f"Room pattern {marker}", source=PatternSource.POLYGONS
    )
    for size in cut.sizes:
        PatternPiece.objects.create(
            pattern=pattern,
            size=size,
            name=f"Body {marker}",
            outline=rectangle(500, 700),
            area_mm2=500 * 700,
        )
    CutPlan.objects.filter(pk=cut.plan.pk).update(fabric_width_mm=1500)
    return {"room_pattern": pattern}


def _plan(world: World) -> dict[str, Any]:
    return {"pk": world["cut"].plan.pk}


def _api_plan(world: World) -> dict[str, Any]:
    return {"plan_id": world["cut"].plan.pk}


CASES = Cases(
    build=build,
    urls={
        "cutting:room_order": lambda w: {"pk": w["cut"].order.pk},
        "cutting:room": _plan,
        "cutting:room_settings": _plan,
        "cutting:room_propose": _plan,
        "cutting:room_apply": _plan,
        "cutting:room_nest": _plan,
        "cutting:room_lay_cut": lambda w: {"pk": w["cut"].lay.pk},
        "api:cutting_room_get": _api_plan,
        "api:cutting_room_update": _api_plan,
        "api:cutting_room_propose": _api_plan,
        "api:cutting_room_apply": _api_plan,
        "api:cutting_room_fabric": _api_plan,
    },
)
