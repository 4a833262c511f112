"""Immutable problem data for nesting a marker: pattern pieces on a fabric width."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from seamline.engines.nesting import geometry
from seamline.engines.nesting.geometry import Ring

# Sparrow keeps a hair of clearance around its collision shapes: a piece exactly as wide
# as the usable fabric does not fit. Pieces within this fraction of it are refused.
FIT_CLEARANCE = 1e-6


class Direction(enum.StrEnum):
    """Which ways a piece may lie on the fabric, its grain line along the fabric length."""

    ONE_WAY = "one_way"  # nap or one-way print: 0° only
    TWO_WAY = "two_way"  # 0° or 180°
    FREE = "free"  # 0°, 90°, 180°, 270°

    @property
    def orientations(self) -> tuple[float, ...]:
        return {
            Direction.ONE_WAY: (0.0,),
            Direction.TWO_WAY: (0.0, 180.0),
            Direction.FREE: (0.0, 90.0, 180.0, 270.0),
        }[self]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _ring(piece_id: str, outline: Any) -> Ring:
    try:
        points = tuple((float(x), float(y)) for x, y in outline)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"piece {piece_id}: the outline must be a list of (x, y) points") from exc
    if len(points) > 1 and points[0] == points[-1]:
        points = points[:-1]  # a closing point repeating the first one is accepted
    return points


@dataclass(frozen=True, slots=True)
class Piece:
    """One pattern piece of a size, ``quantity`` copies to place.

    ``outline`` is a closed ring in mm (first point not repeated). ``grain_angle`` is the
    angle in degrees from the piece's x axis to its grain line: nesting first turns the
    piece so its grain runs along the fabric length. ``mirrored`` pieces are left/right
    pairs: half of ``quantity`` (which must be even) is cut flipped across the grain line.
    ``orientations`` overrides the problem's direction for this piece (angles in degrees
    after grain alignment); an empty tuple lets the piece turn to any angle.
    """

    id: str
    outline: tuple[tuple[float, float], ...]
    quantity: int = 1
    mirrored: bool = False
    grain_angle: float = 0.0
    label: str = ""
    orientations: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"a piece id must be a non-empty string, got {self.id!r}")
        ring = _ring(self.id, self.outline)
        object.__setattr__(self, "outline", ring)
        problem = geometry.outline_problem(ring)
        if problem:
            raise ValueError(f"piece {self.id}: {problem}")
        q = self.quantity
        if isinstance(q, bool) or not isinstance(q, int) or q < 1:
            raise ValueError(f"piece {self.id}: the quantity must be an integer >= 1, got {q!r}")
        if self.mirrored and q % 2:
            raise ValueError(
                f"piece {self.id}: a mirrored pair needs an even quantity "
                f"(half of it flipped), got {q}"
            )
        if not _is_number(self.grain_angle):
            raise ValueError(
                f"piece {self.id}: the grain angle must be a number, got {self.grain_angle!r}"
            )
        if self.orientations is not None:
            raw: Any = self.orientations
            angles = tuple(raw) if isinstance(raw, Iterable) else (raw,)
            if not all(_is_number(a) for a in angles):
                raise ValueError(
                    f"piece {self.id}: orientations must be angles in degrees, got {angles!r}"
                )
            object.__setattr__(self, "orientations", tuple(float(a) for a in angles))

    @property
    def area(self) -> float:
        return abs(geometry.signed_area(self.outline))

    @property
    def aligned(self) -> Ring:
        """The outline turned so the grain line runs along x (the fabric length)."""
        return geometry.rotate(self.outline, -self.grain_angle)

    def shape(self, *, flipped: bool) -> Ring:
        """The grain-aligned outline, flipped across the grain line for a mirrored copy."""
        return geometry.mirror(self.aligned) if flipped else self.aligned

    def allowed(self, direction: Direction) -> tuple[float, ...] | None:
        """Allowed angles on the fabric; ``None`` when any angle is allowed."""
        if self.orientations is None:
            return direction.orientations
        return self.orientations or None

    @property
    def variants(self) -> tuple[tuple[bool, int], ...]:
        """(flipped, copies) for each shape to nest: one, or two for a mirrored pair."""
        if self.mirrored:
            return ((False, self.quantity // 2), (True, self.quantity // 2))
        return ((False, self.quantity),)


@dataclass(frozen=True, slots=True)
class NestingProblem:
    """Pieces to nest on a fabric ``width`` mm wide (the strip height, y); the marker
    length (x) is minimised. ``spacing`` mm is kept between pieces and from the fabric
    edges."""

    pieces: tuple[Piece, ...]
    width: float
    direction: Direction = Direction.TWO_WAY
    spacing: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "pieces", tuple(self.pieces))
        if not self.pieces:
            raise ValueError("there are no pieces to nest")
        for piece in self.pieces:
            if not isinstance(piece, Piece):
                raise ValueError(f"pieces must be Piece objects, got {piece!r}")
        ids = [p.id for p in self.pieces]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"piece ids must be unique: {', '.join(duplicates)} appear twice")
        if not _is_number(self.width) or self.width <= 0:
            raise ValueError(f"the fabric width must be a positive number, got {self.width!r}")
        try:
            object.__setattr__(self, "direction", Direction(self.direction))
        except ValueError as exc:
            raise ValueError(f"unknown fabric direction {self.direction!r}") from exc
        if not _is_number(self.spacing) or self.spacing < 0:
            raise ValueError(f"the spacing must be a number >= 0, got {self.spacing!r}")
        usable = self.usable_width
        if usable <= 0:
            raise ValueError(
                f"a spacing of {self.spacing:g} mm leaves no room on a fabric "
                f"{self.width:g} mm wide"
            )
        for piece in self.pieces:
            for flipped, _ in piece.variants:
                narrowest = self.narrowest(piece, flipped=flipped)
                if narrowest >= usable * (1 - FIT_CLEARANCE):
                    raise ValueError(
                        f"piece {piece.id}: {narrowest:.1f} mm across in its narrowest "
                        f"allowed orientation, wider than the {usable:.1f} mm of fabric "
                        "available"
                    )

    @property
    def usable_width(self) -> float:
        """The width inside the spacing kept from both fabric edges."""
        return self.width - 2 * self.spacing

    def narrowest(self, piece: Piece, *, flipped: bool = False) -> float:
        """How much fabric width ``piece`` needs, lying its narrowest allowed way."""
        shape = piece.shape(flipped=flipped)
        allowed = piece.allowed(self.direction)
        if allowed is None:
            return geometry.min_height_any_angle(shape)
        return min(geometry.height(geometry.rotate(shape, a)) for a in allowed)

    @property
    def copies(self) -> int:
        return sum(p.quantity for p in self.pieces)

    @property
    def area(self) -> float:
        """Sum of the piece areas times their quantities (mm²)."""
        return sum(p.area * p.quantity for p in self.pieces)

    @property
    def lower_bound_length(self) -> float:
        """No marker is shorter than the piece area spread over the whole width."""
        return self.area / self.width

    def piece(self, piece_id: str) -> Piece:
        for p in self.pieces:
            if p.id == piece_id:
                return p
        raise KeyError(piece_id)


def normalise_angle(angle: float) -> float:
    a = angle % 360.0
    return 0.0 if math.isclose(a, 360.0, abs_tol=1e-9) else a


def angle_allowed(angle: float, allowed: Iterable[float] | None, *, tol: float = 1e-3) -> bool:
    if allowed is None:
        return True
    a = normalise_angle(angle)
    for b in allowed:
        d = abs(a - normalise_angle(b)) % 360.0
        if min(d, 360.0 - d) <= tol:
            return True
    return False
