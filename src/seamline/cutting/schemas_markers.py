"""Markers over JSON: what a client sends to queue one and what it reads back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from seamline.cutting.choices import FabricDirection
from seamline.cutting.markers import marker_garments, marker_ratio_text, placements_count
from seamline.cutting.models import Marker, MarkerRatio
from seamline.orders.schemas import SizeRef


class MarkerIn(Schema):
    pattern_id: int
    ratios: dict[str, int] = Field(
        ...,
        description='Garments per size (size code or id): {"S": 1, "M": 2}; zeros are left out.',
    )
    fabric_width_mm: int = Field(..., description="Usable width between the selvedges, mm.")
    direction: FabricDirection = FabricDirection.TWO_WAY
    spacing_mm: Decimal = Field(Decimal("2.0"), description="Kept between pieces, mm.")
    time_limit_s: int = Field(60, description="Nesting stops after this many seconds.")


class MarkerFilters(Schema):
    pattern_id: int | None = None
    fabric_width_mm: int | None = None


class MarkerRatioOut(Schema):
    size: SizeRef
    ratio: int


class MarkerOut(Schema):
    """Read from a `Marker` row with its ratios prefetched (`markers.marker_get`)."""

    id: int
    pattern_id: int
    status: str = Field(..., description="queued, running, done, stopped or failed.")
    phase: str = Field(..., description="The engine's phase while running.")
    stop_requested: bool
    fabric_width_mm: int
    direction: str
    spacing_mm: Decimal
    time_limit_s: int
    ratio: str = Field(..., description='As the cutting room writes it: "S:1 M:2 L:2".')
    ratios: list[MarkerRatioOut]
    garments: int
    length_mm: float | None = Field(..., description="Best so far while running, final after.")
    efficiency_pct: float | None = Field(..., description="Piece area over marker area, %.")
    placements: int = Field(..., description="Pieces placed on the marker.")
    error: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_ratio(obj: Marker) -> str:
        return marker_ratio_text(obj)

    @staticmethod
    def resolve_ratios(obj: Marker) -> list[MarkerRatio]:
        return list(obj.ratios.all())

    @staticmethod
    def resolve_garments(obj: Marker) -> int:
        return marker_garments(obj)

    @staticmethod
    def resolve_length_mm(obj: Marker) -> float | None:
        return None if obj.length_mm is None else float(obj.length_mm)

    @staticmethod
    def resolve_efficiency_pct(obj: Marker) -> float | None:
        return None if obj.efficiency_pct is None else float(obj.efficiency_pct)

    @staticmethod
    def resolve_placements(obj: Marker) -> int:
        return placements_count(obj)
