"""What nesting gives back: a marker (placed pieces on the fabric) and the run's facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Placement:
    """One copy of a piece on the marker.

    The piece's outline is turned grain-aligned, flipped across the grain line when
    ``mirrored``, turned by ``rotation`` degrees about the origin, then moved by
    (``x``, ``y``). ``polygon`` is the result in marker coordinates (mm): x along the
    fabric length from the marker start, y across the width from one selvedge.
    """

    piece_id: str
    label: str
    copy: int
    mirrored: bool
    rotation: float
    x: float
    y: float
    polygon: tuple[tuple[float, float], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "piece_id": self.piece_id,
            "label": self.label,
            "copy": self.copy,
            "mirrored": self.mirrored,
            "rotation": self.rotation,
            "x": self.x,
            "y": self.y,
            "polygon": [[x, y] for x, y in self.polygon],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Placement:
        try:
            return cls(
                piece_id=str(data["piece_id"]),
                label=str(data.get("label", "")),
                copy=int(data["copy"]),
                mirrored=bool(data.get("mirrored", False)),
                rotation=float(data["rotation"]),
                x=float(data["x"]),
                y=float(data["y"]),
                polygon=tuple((float(x), float(y)) for x, y in data["polygon"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a placement: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Marker:
    """Pieces laid on a fabric ``width`` mm wide over ``length`` mm; ``efficiency`` is
    the piece area over the marker area (0..1)."""

    width: float
    length: float
    efficiency: float
    placements: tuple[Placement, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types, as stored in the database."""
        return {
            "width": self.width,
            "length": self.length,
            "efficiency": self.efficiency,
            "placements": [p.to_json() for p in self.placements],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Marker:
        try:
            placements = tuple(Placement.from_json(p) for p in data["placements"])
            return cls(
                width=float(data["width"]),
                length=float(data["length"]),
                efficiency=float(data["efficiency"]),
                placements=placements,
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a marker: {exc}") from exc


@dataclass(frozen=True, slots=True)
class NestResult:
    """The best marker found, whether the run was stopped before the solver finished,
    the wall time in seconds and the area lower bound on the length."""

    marker: Marker
    stopped: bool
    runtime: float
    lower_bound_length: float
