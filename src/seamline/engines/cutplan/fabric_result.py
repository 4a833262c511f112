"""The result of cut-order planning against fabric: lays, fabric and cost per colour."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FabricLay:
    """One lay: a marker ``ratio`` (size -> garments per marker, no zeros) spread over
    ``plies`` plies. ``marker_length`` is the nested marker's when one of this ratio was
    known, else the estimate from the garment areas (``estimated``); ``fabric_length``
    is ``plies x (marker_length + end_allowance)``. Lengths in mm."""

    ratio: dict[str, int]
    plies: int
    marker_length: float
    estimated: bool
    fabric_length: float

    @property
    def garments_per_marker(self) -> int:
        return sum(self.ratio.values())

    @property
    def pieces(self) -> int:
        """Garments cut by this lay."""
        return self.garments_per_marker * self.plies

    @property
    def marker_key(self) -> tuple[tuple[str, int], ...]:
        """The ratio as sorted ``(size, garments)`` pairs: the key of ``known_markers``."""
        return tuple(sorted(self.ratio.items()))


@dataclass(frozen=True, slots=True)
class ColourPlan:
    """The lays of one colour. ``cut`` holds the garments cut per size (never below
    ``ordered``); ``overcut_pct`` is the garments cut beyond the order as a percentage of
    the colour's garments ordered; ``fabric_length`` in mm."""

    colour: str
    lays: tuple[FabricLay, ...]
    ordered: dict[str, int]
    cut: dict[str, int]
    overcut_pct: float
    fabric_length: float
    within_allowance: bool

    @property
    def overcut(self) -> int:
        """Garments cut beyond the order, summed over sizes."""
        return sum(self.cut.values()) - sum(self.ordered.values())

    @property
    def n_lays(self) -> int:
        return len(self.lays)


@dataclass(frozen=True, slots=True)
class FabricPlan:
    """Lays for every colour of a cut order, least cost first (fabric + lays).

    ``lower_bound_length`` is the total garment area / fabric width / efficiency (mm):
    the fabric the order needs at the assumed marker efficiency with no over-cut and
    no end allowance; ``lower_bound_lays`` the fewest lays any plan needs (each ply of a
    marker holds at most the table's garment area). ``markers`` lists the distinct
    ratios used (as sorted ``(size, garments)`` pairs), the marker papers the cutting
    room needs; a ratio used by several colours appears once. ``status`` is
    ``"optimal"`` when the least cost was proven for every colour, else ``"feasible"``.
    """

    colours: tuple[ColourPlan, ...]
    n_lays: int
    fabric_length: float
    fabric_cost: float
    lay_cost: float
    cost: float
    lower_bound_length: float
    lower_bound_lays: int
    within_allowance: bool
    status: str
    runtime: float  # seconds
    markers: tuple[tuple[tuple[str, int], ...], ...]

    @property
    def fabric_metres(self) -> float:
        return self.fabric_length / 1000.0

    @property
    def n_markers(self) -> int:
        return len(self.markers)

    @property
    def length_ratio(self) -> float:
        """Fabric used against the lower bound (1.0 = no loss beyond the efficiency)."""
        return self.fabric_length / self.lower_bound_length if self.lower_bound_length else 1.0
