"""Plans without a solver: the cutting master's greedy and one marker per size."""

from __future__ import annotations

import math
from collections.abc import Sequence

from seamline.engines.cutplan.fabric_data import FabricOrder, Ratio

RawLay = tuple[Ratio, int]  # (garments per size, plies)


def greedy_cut(order: FabricOrder, target: Sequence[int], spare: int = 0) -> list[RawLay] | None:
    """Cut ``target`` (garments per size), the way a cutting master does: exactly, or
    with up to ``spare`` garments over-cut in all.

    Each round tries the ply counts that divide some size's remainder into whole
    garments (and the full ply count), fills the marker up to the table with every
    whole garment each size still needs at that count (largest remainders first; then,
    while the spare lasts, one garment more of the sizes closest to a whole one), also
    tries every known marker that fits the remainder, keeps the lay that cuts the most
    garment area still needed, and repeats on what is left. ``None`` when no marker
    that fits the table can cut what is left.
    """
    cap = order.max_marker_length * order.area_per_mm
    top = order.max_plies
    rem = list(target)
    lays: list[RawLay] = []
    known = [r for r in order.known if order.fits(r)]
    while any(rem):
        plies_options = {top}
        for i, r in enumerate(rem):
            if r:
                most = max(1, math.floor(cap / order.areas[i] + 1e-9))
                for j in range(1, most + 1):
                    for p in {r // j, -(-r // j)} if spare else {r // j}:
                        if 1 <= p <= top:
                            plies_options.add(p)
        options: list[tuple[float, int, Ratio, int]] = []
        for plies in plies_options:
            ratio = _fill(order, rem, plies, cap, spare)
            if ratio is not None:
                options.append((_useful(order, rem, ratio, plies), plies, ratio, plies))
        for ratio in known:
            plies = min((rem[i] // g for i, g in enumerate(ratio) if g), default=0)
            if plies >= 1:
                plies = min(plies, top)
                options.append((_useful(order, rem, ratio, plies), plies, ratio, plies))
        if not options:
            return None
        _, _, ratio, plies = max(options)
        for i, g in enumerate(ratio):
            spare -= max(0, g * plies - rem[i])
            rem[i] = max(0, rem[i] - g * plies)
        lays.append((ratio, plies))
    return lays


def _useful(order: FabricOrder, rem: Sequence[int], ratio: Ratio, plies: int) -> float:
    """Garment area a lay cuts that is still needed."""
    return sum(min(g * plies, r) * a for g, r, a in zip(ratio, rem, order.areas, strict=True))


def _fill(
    order: FabricOrder, rem: Sequence[int], plies: int, cap: float, spare: int = 0
) -> Ratio | None:
    """Whole garments per size at ``plies`` plies, largest remainders first, up to the
    table, then (within ``spare`` over-cut) one more of the sizes closest to a whole
    garment; a garment is dropped while the result is a known marker too long for it."""
    ratio = [0] * len(rem)
    room = cap
    for i in sorted(range(len(rem)), key=lambda j: (-rem[j], j)):
        take = min(rem[i] // plies, math.floor(room / order.areas[i] + 1e-9))
        if take > 0:
            ratio[i] = take
            room -= take * order.areas[i]
    for i in sorted(range(len(rem)), key=lambda j: (-(rem[j] % plies), j)):
        short = plies - rem[i] % plies
        if rem[i] % plies and short <= spare and order.areas[i] <= room + 1e-9:
            ratio[i] += 1
            room -= order.areas[i]
            spare -= short
    while any(ratio):
        if order.fits(tuple(ratio)):
            return tuple(ratio)
        last = max(i for i, g in enumerate(ratio) if g)
        ratio[last] -= 1
    return None


def per_size_lays(order: FabricOrder, c: int) -> list[RawLay]:
    """The crude plan "one marker per size": each size alone, as many garments of it as
    the table holds, full ply count, the last lay of a size with the plies it still
    needs (its over-cut is the rounding to whole markers)."""
    lays: list[RawLay] = []
    for i, q in enumerate(order.demand[c]):
        if not q:
            continue
        unit = order.unit(i)
        garments = 1
        while order.fits(tuple(g * (garments + 1) for g in unit)):
            garments += 1
        ratio = tuple(g * garments for g in unit)
        if not order.fits(ratio):  # the single garment's nested marker is too long
            ratio = _smallest_with(order, i)
            garments = ratio[i]
        plies = math.ceil(q / garments)
        while plies > 0:
            lays.append((ratio, min(plies, order.max_plies)))
            plies -= order.max_plies
    return lays


def _smallest_with(order: FabricOrder, i: int) -> Ratio:
    """The fitting marker holding size ``i`` with the least garment area."""
    options = [r for r in order.known if r[i] and order.fits(r)]
    unit = order.unit(i)
    options += [
        tuple(u + (j == k) for k, u in enumerate(unit))
        for j in range(order.n_sizes)
        if order.fits(tuple(u + (j == k) for k, u in enumerate(unit)))
    ]
    return min(options, key=lambda r: (sum(g * a for g, a in zip(r, order.areas, strict=True)), r))


def plan_cost(order: FabricOrder, lays: Sequence[RawLay]) -> float:
    """Money: fabric plus lays."""
    return sum(order.lay_cost_of(ratio, plies) for ratio, plies in lays)


def overcut(order: FabricOrder, c: int, lays: Sequence[RawLay]) -> int:
    """Garments cut beyond colour ``c``'s order (assumes no size is cut short)."""
    return sum(sum(r[i] * p for r, p in lays) for i in range(order.n_sizes)) - sum(order.demand[c])


def covers(order: FabricOrder, c: int, lays: Sequence[RawLay]) -> bool:
    """Every size of colour ``c`` is cut at least as ordered, within the limits."""
    for i, q in enumerate(order.demand[c]):
        if sum(r[i] * p for r, p in lays) < q:
            return False
    return all(1 <= p <= order.max_plies and order.fits(r) and any(r) for r, p in lays)
