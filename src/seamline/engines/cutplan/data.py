"""Immutable problem data for cut-order planning (lay planning) of one colour."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class CutOrder:
    """The pieces ordered per size of one colour and the limits of the cutting room.

    ``sizes`` and ``quantities`` run in parallel, in the order the sizes were given.
    A lay is a marker (garments per size, at most ``max_garments_per_marker`` in all)
    spread over ``1..max_plies`` plies (only even counts when ``even_plies``, as for
    tubular fabric). The cut of each size must lie within ``tolerance_pct`` percent of
    the quantity ordered; see :meth:`band`.
    """

    sizes: tuple[str, ...]
    quantities: tuple[int, ...]
    max_plies: int
    max_garments_per_marker: int
    tolerance_pct: float = 0.0
    even_plies: bool = False

    def __post_init__(self) -> None:
        if len(self.sizes) != len(self.quantities):
            raise ValueError("sizes and quantities must have the same length")
        if len(set(self.sizes)) != len(self.sizes):
            raise ValueError("a size appears twice")
        for size, q in zip(self.sizes, self.quantities, strict=True):
            if not isinstance(size, str) or not size:
                raise ValueError(f"a size must be a non-empty string, got {size!r}")
            if not _is_int(q) or q < 0:
                raise ValueError(f"size {size}: the quantity must be an integer >= 0, got {q!r}")
        if not _is_int(self.max_plies) or self.max_plies < 1:
            raise ValueError(f"max_plies must be an integer >= 1, got {self.max_plies!r}")
        if self.even_plies and self.max_plies < 2:
            raise ValueError("even_plies needs max_plies >= 2")
        g = self.max_garments_per_marker
        if not _is_int(g) or g < 1:
            raise ValueError(f"max_garments_per_marker must be an integer >= 1, got {g!r}")
        t = self.tolerance_pct
        if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
            raise ValueError(f"tolerance_pct must be a number, got {t!r}")
        if not 0 <= t < 100:
            raise ValueError(f"tolerance_pct must be in [0, 100), got {t!r}")

    @classmethod
    def build(
        cls,
        quantities: Mapping[str, int],
        *,
        max_plies: int,
        max_garments_per_marker: int,
        tolerance_pct: float = 0.0,
        even_plies: bool = False,
    ) -> CutOrder:
        """Build from a mapping size -> pieces ordered."""
        if not isinstance(quantities, Mapping):
            raise ValueError("quantities must be a mapping size -> pieces")
        return cls(
            tuple(quantities),
            tuple(quantities.values()),
            max_plies,
            max_garments_per_marker,
            tolerance_pct,
            even_plies,
        )

    @property
    def n_sizes(self) -> int:
        return len(self.sizes)

    @property
    def total(self) -> int:
        return sum(self.quantities)

    @property
    def ply_step(self) -> int:
        """2 when only even ply counts are allowed, else 1."""
        return 2 if self.even_plies else 1

    @property
    def usable_max_plies(self) -> int:
        """The largest ply count allowed (even when ``even_plies``)."""
        return self.max_plies - self.max_plies % self.ply_step

    def band(self, i: int) -> tuple[int, int]:
        """The cut allowed for size ``i``: ``[ceil(q(1 - t)), floor(q(1 + t))]``.

        When rounding inwards leaves no integer (tiny quantities), the cut must equal
        the quantity ordered.
        """
        q = self.quantities[i]
        t = Fraction(str(self.tolerance_pct)) / 100
        lower = math.ceil(q * (1 - t))
        upper = math.floor(q * (1 + t))
        if lower > upper:
            return q, q
        return lower, upper

    def bands(self) -> tuple[tuple[int, int], ...]:
        return tuple(self.band(i) for i in range(self.n_sizes))

    def feasible_band(self, i: int) -> tuple[int, int]:
        """The band tightened to what lays can cut: even values only when
        ``even_plies``. A band that holds no even value (an odd quantity with no
        tolerance) becomes the next even value up: tubular fabric cuts pairs."""
        lower, upper = self.band(i)
        step = self.ply_step
        lower += -lower % step
        upper -= upper % step
        if lower > upper:
            return lower, lower
        return lower, upper
