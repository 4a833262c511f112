"""Patterns and their pieces in the tenant-isolation walk."""

from __future__ import annotations

from seamline.catalog.patterns import pattern_import_polygons
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    style = world["style"]  # its grid's sizes: f"{marker}S" and "M"
    square = [[0, 0], [300, 0], [300, 400], [0, 400]]
    pattern = pattern_import_polygons(
        style=style,
        name=f"{marker} base",
        document={
            "units": "mm",
            "pieces": [
                {"name": f"{marker} front", "size": size, "outline": square, "grain_angle": 90}
                for size in (f"{marker}S", "M")
            ],
        },
        by=world["owner"],
    )
    return {"pattern": pattern}


def _style(w: World) -> dict[str, int]:
    return {"pk": w["style"].pk}


def _pattern(w: World) -> dict[str, int]:
    return {"pk": w["pattern"].pk}


CASES = Cases(
    build=build,
    urls={
        "catalog:pattern_list": _style,
        "catalog:pattern_upload": _style,
        "catalog:pattern_detail": _pattern,
        "catalog:pattern_delete": _pattern,
        "api:pattern_list": lambda w: {"style_id": w["style"].pk},
        "api:pattern_create": lambda w: {"style_id": w["style"].pk},
        "api:pattern_upload": lambda w: {"style_id": w["style"].pk},
        "api:pattern_get": lambda w: {"pattern_id": w["pattern"].pk},
        "api:pattern_delete": lambda w: {"pattern_id": w["pattern"].pk},
    },
)
