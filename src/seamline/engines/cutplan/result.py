"""The result of a cut-order planning run."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    OPTIMAL = "optimal"  # fewest lays proven, and the least over-cut for that count
    # (the shortfall, the last tie-break, is only searched briefly)
    FEASIBLE = "feasible"  # a plan was found; the time limit stopped a proof


@dataclass(frozen=True, slots=True)
class Lay:
    """One lay: a marker ``ratio`` (size -> garments per marker) spread over ``plies``."""

    ratio: dict[str, int]
    plies: int

    @property
    def garments_per_marker(self) -> int:
        return sum(self.ratio.values())

    @property
    def pieces(self) -> int:
        """Garments cut by this lay."""
        return self.garments_per_marker * self.plies

    def cut(self, size: str) -> int:
        return self.ratio.get(size, 0) * self.plies


@dataclass(frozen=True, slots=True)
class CutPlan:
    """Lays for one colour, fewest lays first, then least over-cut.

    ``cut`` holds the garments cut per size; ``overcut_pct`` is the total over-cut
    (pieces cut beyond the order, summed over sizes) as a percentage of the pieces
    ordered. ``lower_bound`` is a proven lower bound on the number of lays and
    ``lay_count_proven_minimal`` holds when ``n_lays`` equals it.
    """

    lays: tuple[Lay, ...]
    cut: dict[str, int]
    ordered: dict[str, int]
    overcut_pct: float
    n_lays: int
    lay_count_proven_minimal: bool
    lower_bound: int
    status: Status
    runtime: float  # seconds

    @property
    def objective(self) -> int:
        return self.n_lays

    @property
    def bound(self) -> int:
        return self.lower_bound

    @property
    def overcut(self) -> int:
        """Pieces cut beyond the order, summed over sizes."""
        return sum(max(0, self.cut[s] - q) for s, q in self.ordered.items())

    @property
    def shortfall(self) -> int:
        """Pieces ordered but not cut, summed over sizes."""
        return sum(max(0, q - self.cut[s]) for s, q in self.ordered.items())
