"""Independent geometric check of a marker against its problem (shapely)."""

from __future__ import annotations

from collections import Counter

from shapely import STRtree
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import make_valid

from seamline.engines.nesting import geometry
from seamline.engines.nesting.data import NestingProblem, angle_allowed
from seamline.engines.nesting.result import Marker

SPACING_SLACK = 0.01  # spacing is kept to within 1 % ("approximately")


def check_marker(problem: NestingProblem, marker: Marker, *, tolerance: float = 1e-6) -> list[str]:
    """What is wrong with ``marker`` as a solution of ``problem``; ``[]`` when valid.

    Every copy of every piece placed exactly once (half of a mirrored pair flipped), each
    placed outline the piece's own outline turned to an allowed angle after grain
    alignment, inside [0, length] x [0, width], no two overlapping by more than
    ``tolerance`` mm², and ``spacing`` kept between pieces.
    """
    errors: list[str] = []
    scale = max(marker.length, marker.width, 1.0)
    edge = max(tolerance, 1e-6 * scale)
    if abs(marker.width - problem.width) > edge:
        errors.append(f"the marker is {marker.width:g} mm wide, the fabric {problem.width:g} mm")
    if not marker.length > 0:
        errors.append(f"the marker length must be positive, got {marker.length:g}")

    expected = {(p.id, c) for p in problem.pieces for c in range(p.quantity)}
    seen = Counter((pl.piece_id, pl.copy) for pl in marker.placements)
    for (piece_id, copy), count in sorted(seen.items()):
        if (piece_id, copy) not in expected:
            errors.append(f"piece {piece_id} copy {copy} is not part of the problem")
        elif count > 1:
            errors.append(f"piece {piece_id} copy {copy} is placed {count} times")
    for piece_id, copy in sorted(expected - set(seen)):
        errors.append(f"piece {piece_id} copy {copy} is not placed")

    pieces = {p.id: p for p in problem.pieces}
    polygons: list[BaseGeometry] = []
    names: list[str] = []
    for pl in marker.placements:
        name = f"piece {pl.piece_id} copy {pl.copy}"
        piece = pieces.get(pl.piece_id)
        if piece is None:
            continue
        if len(pl.polygon) < 3:
            errors.append(f"{name}: the placed outline has fewer than 3 points")
            continue
        if pl.mirrored and not piece.mirrored:
            errors.append(f"{name} is flipped but the piece is not a mirrored pair")
        if not angle_allowed(pl.rotation, piece.allowed(problem.direction)):
            errors.append(f"{name} lies at {pl.rotation:g}°, not an allowed orientation")
        shape = geometry.rotate(piece.shape(flipped=pl.mirrored), pl.rotation)
        want = geometry.translate(shape, pl.x, pl.y)
        if len(want) != len(pl.polygon) or any(
            abs(a - c) > edge or abs(b - d) > edge
            for (a, b), (c, d) in zip(want, pl.polygon, strict=False)
        ):
            errors.append(f"{name}: the placed outline is not the piece's outline")
        x0, y0, x1, y1 = geometry.bounds(pl.polygon)
        if x0 < -edge or y0 < -edge or x1 > marker.length + edge or y1 > marker.width + edge:
            errors.append(
                f"{name} sticks out of the marker (x {x0:.3f}..{x1:.3f}, y {y0:.3f}..{y1:.3f})"
            )
        polygon = Polygon(pl.polygon)
        polygons.append(polygon if polygon.is_valid else make_valid(polygon))
        names.append(name)
    for piece in problem.pieces:
        if piece.mirrored:
            flipped = sum(1 for q in marker.placements if q.piece_id == piece.id and q.mirrored)
            if flipped != piece.quantity // 2:
                errors.append(
                    f"piece {piece.id}: {flipped} of {piece.quantity} copies are flipped, not half"
                )

    min_gap = problem.spacing * (1 - SPACING_SLACK) - edge
    reach = max(problem.spacing, 0.0)
    tree = STRtree(polygons)
    for i, poly in enumerate(polygons):
        candidates = tree.query(poly.buffer(reach) if reach else poly)
        for j in candidates:
            j = int(j)
            if j <= i:
                continue
            other = polygons[j]
            overlap = poly.intersection(other).area
            if overlap > tolerance:
                errors.append(f"{names[i]} and {names[j]} overlap by {overlap:.6g} mm²")
            elif problem.spacing > 0 and poly.distance(other) < min_gap:
                errors.append(
                    f"{names[i]} and {names[j]} are {poly.distance(other):.3f} mm apart, "
                    f"closer than the {problem.spacing:g} mm spacing"
                )
    return errors
