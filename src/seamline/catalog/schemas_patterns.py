"""JSON shapes of the patterns API. Coordinates and areas are in millimetres."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class PatternPieceIn(Schema):
    name: str = Field(min_length=1, max_length=60)
    size: str = Field(min_length=1, max_length=16, description="A size code of the style's grid.")
    outline: list[list[float]] = Field(
        min_length=3, description="The closed cut line as [[x, y], ...] in `units`."
    )
    grain_angle: float = Field(default=0.0, description="Degrees from the x axis.")
    quantity: int = Field(default=1, ge=1, le=20, description="Pieces per garment.")
    mirrored: bool = Field(default=False, description="Cut as left/right pairs.")


class PatternIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    units: Literal["mm", "cm", "in"] = "mm"
    pieces: list[PatternPieceIn] = Field(min_length=1)


class PatternOut(Schema):
    id: int
    style_id: int
    name: str
    source: str
    file_name: str
    note: str
    created_at: dt.datetime
    size_count: int
    piece_count: int


class PatternPieceOut(Schema):
    id: int
    size: str
    name: str
    outline: list[list[float]]
    grain_angle: float
    quantity: int
    mirrored: bool
    area_mm2: int


class PatternDetailOut(PatternOut):
    sizes: list[str]
    garment_area_mm2: dict[str, float] = Field(
        description="Size code -> fabric area of one garment (area × quantity, summed)."
    )
    pieces: list[PatternPieceOut]
