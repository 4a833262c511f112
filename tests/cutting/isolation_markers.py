"""Markers in the tenant-isolation walk: a pattern with a queued marker and a nested one."""

from __future__ import annotations

from decimal import Decimal

from seamline.catalog.models import Pattern, Style
from seamline.cutting.choices import MarkerStatus
from seamline.cutting.markers import marker_create
from seamline.cutting.models import Marker
from seamline.engines.nesting import Marker as Nested
from seamline.engines.nesting import Placement
from tests.cutting.factories import marker_pattern
from tests.isolation import Cases, World


def _drawing(label: str) -> Nested:
    """A one-piece marker as the engine stores it (the walk needs a drawing, not a nesting)."""
    square = ((0.0, 0.0), (300.0, 0.0), (300.0, 300.0), (0.0, 300.0))
    piece = Placement(
        piece_id=label,
        label=label,
        copy=0,
        mirrored=False,
        rotation=0.0,
        x=0.0,
        y=0.0,
        polygon=square,
    )
    return Nested(width=1500.0, length=300.0, efficiency=0.2, placements=(piece,))


def build(world: World, marker: str) -> World:
    pattern = marker_pattern(name=f"MKPAT {marker}")
    Style.objects.filter(pk=pattern.style_id).update(
        code=f"MKST-{marker}", name=f"Marker style {marker}"
    )
    pattern = Pattern.objects.select_related("style").get(pk=pattern.pk)
    sizes = {size.code: size for size in pattern.style.size_grid.sizes.all()}
    made = [
        marker_create(
            pattern=pattern,
            ratio={sizes["S"]: 1, sizes["M"]: n},
            fabric_width_mm=1500,
            direction="two_way",
            spacing_mm=Decimal("2"),
            time_limit_s=2,
            by=world.get("owner"),
        )
        for n in (1, 2)
    ]
    drawing = _drawing(f"S Front {marker}")
    Marker.objects.filter(pk=made[1].pk).update(
        status=MarkerStatus.DONE,
        length_mm=Decimal("300.0"),
        efficiency_pct=Decimal("20.00"),
        placements=drawing.to_json(),
    )
    return {"marker_pattern": pattern, "marker_queued": made[0], "marker_done": made[1]}


def _pattern(world: World) -> dict[str, int]:
    return {"pk": world["marker_pattern"].pk}


def _queued(world: World) -> dict[str, int]:
    return {"pk": world["marker_queued"].pk}


def _done(world: World) -> dict[str, int]:
    return {"pk": world["marker_done"].pk}


CASES = Cases(
    build=build,
    urls={
        "cutting:marker_list": _pattern,
        "cutting:marker_new": _pattern,
        "cutting:marker_detail": _done,
        "cutting:marker_progress": _queued,
        "cutting:marker_stop": _queued,
        "cutting:marker_svg": _done,
        "cutting:marker_pdf": _done,
        "cutting:marker_dxf": _done,
        "api:cutting_marker_get": lambda w: {"marker_id": w["marker_queued"].pk},
        "api:cutting_marker_stop": lambda w: {"marker_id": w["marker_queued"].pk},
        "api:cutting_marker_svg": lambda w: {"marker_id": w["marker_done"].pk},
        "api:cutting_marker_pdf": lambda w: {"marker_id": w["marker_done"].pk},
        "api:cutting_marker_dxf": lambda w: {"marker_id": w["marker_done"].pk},
    },
)
