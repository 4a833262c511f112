"""Immutable, validated problem data for cut-order planning against fabric."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

Ratio = tuple[int, ...]  # garments per size, in the order of ``FabricOrder.sizes``
MarkerKey = tuple[tuple[str, int], ...]  # sorted (size, garments) pairs without zeros


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(name: str, value: object, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return float(value)


@dataclass(frozen=True, slots=True)
class FabricOrder:
    """A cut order of several colours against one fabric, and the cutting room's limits.

    ``sizes`` are the sizes with a garment area, in the order given; ``demand[c][i]`` the
    garments of ``sizes[i]`` ordered in ``colours[c]``. ``known`` maps a ratio (garments
    per size, parallel to ``sizes``) to its nested marker length. Lengths in mm, areas
    in mm². Build it with :meth:`build`, which validates the input.
    """

    sizes: tuple[str, ...]
    areas: tuple[float, ...]
    colours: tuple[str, ...]
    ordered_sizes: tuple[tuple[str, ...], ...]  # per colour, the sizes of its mapping
    demand: tuple[Ratio, ...]
    fabric_width: float
    max_plies: int
    max_marker_length: float
    overcut_pct: float
    cost_per_lay: float
    fabric_cost_per_m: float
    end_allowance: float
    efficiency: float
    known: Mapping[Ratio, float]

    @classmethod
    def build(
        cls,
        quantities: Mapping[str, Mapping[str, int]],
        *,
        garment_area: Mapping[str, float],
        fabric_width: float,
        max_plies: int,
        max_marker_length: float,
        overcut_pct: float,
        cost_per_lay: float,
        fabric_cost_per_m: float,
        end_allowance: float = 0.0,
        efficiency: float = 0.80,
        known_markers: Mapping[MarkerKey, float] | None = None,
    ) -> FabricOrder:
        if not isinstance(garment_area, Mapping) or not garment_area:
            raise ValueError("garment_area must be a non-empty mapping size -> mm²")
        sizes = tuple(garment_area)
        for size in sizes:
            if not isinstance(size, str) or not size:
                raise ValueError(f"a size must be a non-empty string, got {size!r}")
        areas = tuple(
            _number(f"garment_area of size {s}", garment_area[s], positive=True) for s in sizes
        )
        index = {s: i for i, s in enumerate(sizes)}

        if not isinstance(quantities, Mapping):
            raise ValueError("quantities must be a mapping colour -> size -> garments")
        colours: list[str] = []
        ordered_sizes: list[tuple[str, ...]] = []
        demand: list[Ratio] = []
        for colour, row in quantities.items():
            if not isinstance(colour, str) or not colour:
                raise ValueError(f"a colour must be a non-empty string, got {colour!r}")
            if not isinstance(row, Mapping):
                raise ValueError(f"colour {colour}: quantities must be a mapping size -> garments")
            vector = [0] * len(sizes)
            for size, q in row.items():
                if size not in index:
                    raise ValueError(f"colour {colour}: size {size!r} has no garment area")
                if not _is_int(q) or q < 0:
                    raise ValueError(
                        f"colour {colour}, size {size}: the quantity must be an integer >= 0, "
                        f"got {q!r}"
                    )
                vector[index[size]] = q
            colours.append(colour)
            ordered_sizes.append(tuple(row))
            demand.append(tuple(vector))

        width = _number("fabric_width", fabric_width, positive=True)
        if not _is_int(max_plies) or max_plies < 1:
            raise ValueError(f"max_plies must be an integer >= 1, got {max_plies!r}")
        table = _number("max_marker_length", max_marker_length, positive=True)
        over = _number("overcut_pct", overcut_pct)
        if over >= 100:
            raise ValueError(f"overcut_pct must be below 100, got {overcut_pct!r}")
        lay_cost = _number("cost_per_lay", cost_per_lay)
        price = _number("fabric_cost_per_m", fabric_cost_per_m)
        allowance = _number("end_allowance", end_allowance)
        eff = _number("efficiency", efficiency, positive=True)
        if eff > 1:
            raise ValueError(f"efficiency must be at most 1, got {efficiency!r}")

        known: dict[Ratio, float] = {}
        for key, length in (known_markers or {}).items():
            ratio = _marker_ratio(key, index)
            value = _number(f"the length of marker {key!r}", length, positive=True)
            if ratio in known and known[ratio] != value:
                raise ValueError(f"marker {key!r} is given twice with different lengths")
            known[ratio] = value

        order = cls(
            sizes,
            areas,
            tuple(colours),
            tuple(ordered_sizes),
            tuple(demand),
            width,
            max_plies,
            table,
            over,
            lay_cost,
            price,
            allowance,
            eff,
            known,
        )
        for i, size in enumerate(sizes):
            if any(row[i] for row in demand) and not order.size_fits(i):
                need = order.marker_length(order.unit(i))[0]
                raise ValueError(
                    f"size {size}: one garment needs {need:.0f} mm of marker, longer than "
                    f"the table ({table:.0f} mm)"
                )
        return order

    # -- derived values ---------------------------------------------------------------

    @property
    def n_sizes(self) -> int:
        return len(self.sizes)

    @property
    def area_per_mm(self) -> float:
        """mm² of garments one mm of marker holds at the assumed efficiency."""
        return self.fabric_width * self.efficiency

    def unit(self, i: int) -> Ratio:
        """The ratio of one garment of size ``i``."""
        return tuple(1 if j == i else 0 for j in range(self.n_sizes))

    def estimate(self, ratio: Ratio) -> float:
        """The estimated marker length (mm): garment area / (width x efficiency)."""
        return sum(r * a for r, a in zip(ratio, self.areas, strict=True)) / self.area_per_mm

    def marker_length(self, ratio: Ratio) -> tuple[float, bool]:
        """The marker length of ``ratio`` (mm) and whether it is an estimate."""
        if ratio in self.known:
            return self.known[ratio], False
        return self.estimate(ratio), True

    def fits(self, ratio: Ratio) -> bool:
        return self.marker_length(ratio)[0] <= self.max_marker_length + 1e-9

    def size_fits(self, i: int) -> bool:
        """Some marker that holds size ``i`` fits the table."""
        if any(r[i] and length <= self.max_marker_length for r, length in self.known.items()):
            return True
        unit = self.unit(i)
        if self.fits(unit):
            return True
        # the single-garment marker is known and too long: one more small garment
        return any(
            self.fits(tuple(u + (j == k) for k, u in enumerate(unit))) for j in range(self.n_sizes)
        )

    def allowance(self, c: int) -> int:
        """Garments colour ``c`` may be over-cut: ``floor(overcut_pct % of its order)``."""
        total = sum(self.demand[c])
        return math.floor(total * Fraction(str(self.overcut_pct)) / 100)

    def fabric_length(self, ratio: Ratio, plies: int) -> float:
        return plies * (self.marker_length(ratio)[0] + self.end_allowance)

    def lay_cost_of(self, ratio: Ratio, plies: int) -> float:
        """Money: the fabric of one lay plus the cost of a lay."""
        return self.fabric_length(ratio, plies) / 1000 * self.fabric_cost_per_m + self.cost_per_lay

    def key(self, ratio: Ratio) -> MarkerKey:
        return tuple(sorted((self.sizes[i], r) for i, r in enumerate(ratio) if r))


def _marker_ratio(key: object, index: Mapping[str, int]) -> Ratio:
    """The ratio vector of a known-marker key (pairs (size, garments); zeros dropped)."""
    if not isinstance(key, tuple):
        raise ValueError(f"a known marker must be a tuple of (size, garments) pairs, got {key!r}")
    vector = [0] * len(index)
    for pair in key:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValueError(f"marker {key!r}: {pair!r} is not a (size, garments) pair")
        size, garments = pair
        if size not in index:
            raise ValueError(f"marker {key!r}: size {size!r} has no garment area")
        if not _is_int(garments) or garments < 0:
            raise ValueError(f"marker {key!r}: garments of size {size} must be an integer >= 0")
        if vector[index[size]]:
            raise ValueError(f"marker {key!r}: size {size} appears twice")
        vector[index[size]] = garments
    if not any(vector):
        raise ValueError(f"marker {key!r} holds no garment")
    return tuple(vector)
