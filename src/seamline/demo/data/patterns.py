"""Graded patterns of the brand's tee and jean, as a pattern maker's CAD would export them:
cut lines in mm with seam allowance, grain along each piece's length, curves flattened.

The shapes are drafted from a handful of body measurements per size (chest, body length,
armhole depth; waist, hip, inseam), so grading is real: every size is its own outline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Point = tuple[float, float]

GRAIN_ALONG_Y = 90.0  # the pieces are drawn upright: their grain runs along y
GRAIN_ALONG_X = 0.0

TEE_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
JEAN_SIZES = ("28", "29", "30", "31", "32", "33", "34", "36", "38")


def _bezier(p0: Point, p1: Point, p2: Point, p3: Point, steps: int = 5) -> list[Point]:
    """Points of a cubic curve after ``p0`` (``p0`` itself left out), ending at ``p3``."""
    points = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        points.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return points


def _mirrored_half(half: Sequence[Point], centre_x: float) -> list[Point]:
    """A symmetric piece from its right half, drawn from the centre of the hem up to the
    centre of the neck: the half, then its mirror image back down."""
    mirror = [(2 * centre_x - x, y) for x, y in reversed(half[1:-1])]
    return [*half, *mirror]


def _round(points: Sequence[Point]) -> list[list[float]]:
    return [[round(x, 1), round(y, 1)] for x, y in points]


def _tee_body(grade: int, neck_depth: float) -> list[Point]:
    """Front or back of a crew-neck tee (they differ by the neck depth)."""
    width = 520 + 25 * grade  # across the chest, seam allowances included
    length = 700 + 20 * grade
    shoulder = 225 + 10 * grade  # from the centre line to the shoulder point
    neck = 100 + 3 * grade  # half the neck opening
    armhole = 235 + 8 * grade
    centre = width / 2
    underarm: Point = (width, length - armhole)
    shoulder_point: Point = (centre + shoulder, length - 45)
    neck_point: Point = (centre + neck, length)
    half: list[Point] = [(centre, 0.0), (width, 0.0), underarm]
    half += _bezier(
        underarm,
        (width - 30, length - armhole + 70),
        (centre + shoulder - 15, length - 150),
        shoulder_point,
    )
    half.append(neck_point)
    half += _bezier(
        neck_point,
        (centre + neck - 5, length - neck_depth * 0.7),
        (centre + neck * 0.55, length - neck_depth),
        (centre, length - neck_depth),
        steps=4,
    )
    return _mirrored_half(half, centre)


def _tee_sleeve(grade: int) -> list[Point]:
    """A short set-in sleeve; the front of the cap is scooped lower than the back, so left
    and right sleeves are mirror images."""
    bicep = 400 + 20 * grade
    hem = 350 + 15 * grade
    under = 120.0
    cap = 115 + 3 * grade
    inset = (bicep - hem) / 2
    left_under: Point = (0.0, under)
    top: Point = (bicep * 0.52, under + cap)
    right_under: Point = (bicep, under)
    points: list[Point] = [(inset, 0.0), (bicep - inset, 0.0), right_under]
    points += _bezier(right_under, (bicep - 60, under + 20), (bicep * 0.8, under + cap), top)
    points += _bezier(top, (bicep * 0.25, under + cap), (70, under + 45), left_under)
    return points[:-1]


def _jean_panel(grade: int, *, back: bool) -> list[Point]:
    """A front or back leg panel from the hem up; the back has the deeper seat and a raised
    centre back."""
    waist_quarter = (32 + grade) * 25.4 / 4 + 10
    length = 1040 + 6 * grade
    hem = 205 + 4 * grade + (20 if back else 0)
    knee = 225 + 4 * grade + (25 if back else 0)
    crotch = (55 if not back else 110) + 3 * grade
    rise = 255 + 4 * grade
    hip = waist_quarter + (25 if not back else 45)
    points: list[Point] = [(0.0, 0.0), (hem, 0.0), (knee + 5, 460.0)]
    crotch_point: Point = (hip + crotch, length - rise)
    points.append(crotch_point)
    seat_top: Point = (hip, length - rise + 90)
    points += _bezier(
        crotch_point,
        (hip + crotch * 0.4, length - rise + 5),
        (hip + 3, length - rise + 40),
        seat_top,
    )
    centre_top: Point = (waist_quarter + (25 if back else 5), length + (30 if back else 0))
    points.append(centre_top)
    points.append((10.0, length))
    points += [(-8.0, length - 200), (-6.0, 460.0)]
    return points


def _jean_yoke(grade: int) -> list[Point]:
    width = 200 + 6 * grade
    return [(0.0, 0.0), (width, 45.0), (width + 5, 95.0), (0.0, 70.0)]


def _waistband(grade: int) -> list[Point]:
    length = (32 + grade) * 25.4 + 90  # waist, plus the button stand and seam allowances
    return [(0.0, 0.0), (length, 0.0), (length, 90.0), (0.0, 90.0)]


def _back_pocket(grade: int) -> list[Point]:
    width = 160 + 4 * grade
    height = 175 + 4 * grade
    return [(0.0, 40.0), (width, 40.0), (width, height), (width / 2, height + 20), (0.0, height)]


def _piece(
    name: str,
    size: str,
    outline: Sequence[Point],
    *,
    quantity: int = 1,
    mirrored: bool = False,
    grain: float = GRAIN_ALONG_Y,
) -> dict[str, Any]:
    return {
        "name": name,
        "size": size,
        "outline": _round(outline),
        "grain_angle": grain,
        "quantity": quantity,
        "mirrored": mirrored,
    }


def tee_pattern() -> dict[str, Any]:
    """Polygon JSON of the crew-neck tee: front, back, a mirrored pair of sleeves."""
    pieces = []
    for grade, size in enumerate(TEE_SIZES, start=-2):
        pieces += [
            _piece("Front", size, _tee_body(grade, neck_depth=95)),
            _piece("Back", size, _tee_body(grade, neck_depth=25)),
            _piece("Sleeve", size, _tee_sleeve(grade), quantity=2, mirrored=True),
        ]
    return {"units": "mm", "pieces": pieces}


def jean_pattern() -> dict[str, Any]:
    """Polygon JSON of the five-pocket jean's shell fabric pieces (pocket bags are another
    fabric): leg panels and yokes in mirrored pairs, waistband, back pockets."""
    pieces = []
    for grade, size in enumerate(JEAN_SIZES, start=-4):
        inch = int(size) - 32  # the grid skips 35 and 37: grade by the waist itself
        pieces += [
            _piece("Front", size, _jean_panel(inch, back=False), quantity=2, mirrored=True),
            _piece("Back", size, _jean_panel(inch, back=True), quantity=2, mirrored=True),
            _piece("Yoke", size, _jean_yoke(grade), quantity=2, mirrored=True),
            _piece("Waistband", size, _waistband(inch), grain=GRAIN_ALONG_X),
            _piece("Back pocket", size, _back_pocket(grade), quantity=2),
        ]
    return {"units": "mm", "pieces": pieces}
