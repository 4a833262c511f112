"""Plane geometry of pattern pieces: turning, flipping and measuring rings of points.

Angles are degrees, counter-clockwise; rings are closed implicitly (first point not
repeated). Pure Python plus shapely for validity and areas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from shapely.geometry import Polygon
from shapely.validation import explain_validity, make_valid

Point = tuple[float, float]
Ring = tuple[Point, ...]


def rotate(ring: Iterable[Point], degrees: float) -> Ring:
    """Turn ``ring`` about the origin; quarter turns are exact."""
    quarter = (degrees % 360.0) / 90.0
    if quarter.is_integer():
        c, s = ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))[int(quarter) % 4]
    else:
        rad = math.radians(degrees)
        c, s = math.cos(rad), math.sin(rad)
    return tuple((c * x - s * y, s * x + c * y) for x, y in ring)


def mirror(ring: Iterable[Point]) -> Ring:
    """Flip across the x axis (the grain line once the piece is grain-aligned)."""
    return tuple((x, -y) for x, y in ring)


def translate(ring: Iterable[Point], dx: float, dy: float) -> Ring:
    return tuple((x + dx, y + dy) for x, y in ring)


def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area: positive when the ring runs counter-clockwise."""
    n = len(ring)
    total = 0.0
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def counter_clockwise(ring: Ring) -> Ring:
    return ring if signed_area(ring) >= 0 else tuple(reversed(ring))


def bounds(ring: Iterable[Point]) -> tuple[float, float, float, float]:
    xs, ys = zip(*ring, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def height(ring: Iterable[Point]) -> float:
    _, y0, _, y1 = bounds(ring)
    return y1 - y0


def min_height_any_angle(ring: Ring) -> float:
    """The least height of ``ring`` over every rotation: the narrowest width of its
    convex hull, reached with one hull edge lying flat."""
    hull = Polygon(ring).convex_hull
    pts = list(hull.exterior.coords)[:-1]
    best = math.inf
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True):
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
        best = min(best, height(rotate(pts, -angle)))
    return best


def outline_problem(ring: Ring) -> str | None:
    """Why ``ring`` is not a usable piece outline, or ``None`` when it is."""
    if len(ring) < 3:
        return "the outline needs at least 3 points"
    if any(not (math.isfinite(x) and math.isfinite(y)) for x, y in ring):
        return "the outline has a coordinate that is not a finite number"
    if len(set(ring)) < 3:
        return "the outline has fewer than 3 distinct points"
    x0, y0, x1, y1 = bounds(ring)
    size = max(x1 - x0, y1 - y0)
    polygon = Polygon(ring)
    area = polygon.area if polygon.is_valid else make_valid(polygon).area
    if size <= 0 or area <= 1e-9 * size * size:
        return "the outline is degenerate (it encloses no area)"
    if not polygon.is_valid:
        return f"the outline crosses itself ({explain_validity(polygon)})"
    return None
