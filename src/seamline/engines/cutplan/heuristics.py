"""Quick plans without a solver: targets per size and the cutting master's greedy."""

from __future__ import annotations

import math

from seamline.engines.cutplan.data import CutOrder


def targets(order: CutOrder) -> tuple[int, ...]:
    """The cut to aim at per size: the quantity when the lays can cut it exactly, else
    the nearest value below it (or the band's lower end) they can cut."""
    out: list[int] = []
    for i, q in enumerate(order.quantities):
        lower, upper = order.feasible_band(i)
        aim = q - q % order.ply_step  # the bounds are multiples of the step already
        out.append(min(max(aim, lower), upper))
    return tuple(out)


def lay_lower_bound(order: CutOrder) -> int:
    """Every lay cuts at most ``max_garments_per_marker * max_plies`` garments."""
    need = sum(order.feasible_band(i)[0] for i in range(order.n_sizes))
    return math.ceil(need / (order.max_garments_per_marker * order.usable_max_plies))


def greedy_lays(order: CutOrder, target: tuple[int, ...]) -> list[tuple[tuple[int, ...], int]]:
    """Cut ``target`` exactly, the way a cutting master does by hand.

    Each round tries the ply counts that divide some size's remainder into whole
    garments (and the full ply count), fills the marker with every whole garment each
    size still needs at that count (largest remainders first, up to the marker limit),
    keeps the lay that cuts the most garments, and repeats on what is left. ``target``
    must hold even values when only even ply counts are allowed. Returns
    ``(ratio, plies)`` pairs.
    """
    step = order.ply_step
    top = order.usable_max_plies
    cap = order.max_garments_per_marker
    rem = list(target)
    lays: list[tuple[tuple[int, ...], int]] = []
    while any(rem):
        candidates = {top}
        for r in rem:
            for j in range(1, cap + 1):
                p = min(top, r // j)
                p -= p % step
                if p >= step:
                    candidates.add(p)
        best: tuple[int, int, tuple[int, ...]] | None = None
        for plies in candidates:
            ratio = _fill(rem, plies, cap)
            pieces = sum(ratio) * plies
            if pieces and (best is None or (pieces, plies) > best[:2]):
                best = (pieces, plies, ratio)
        if best is None:  # pragma: no cover - targets are multiples of the step
            raise ValueError("the targets cannot be cut with the allowed ply counts")
        _, plies, ratio = best
        for i, r in enumerate(ratio):
            rem[i] -= r * plies
        lays.append((ratio, plies))
    return lays


def _fill(rem: list[int], plies: int, cap: int) -> tuple[int, ...]:
    """Whole garments per size at ``plies`` plies, largest remainders first."""
    ratio = [0] * len(rem)
    room = cap
    for i in sorted(range(len(rem)), key=lambda j: -rem[j]):
        take = min(rem[i] // plies, room)
        ratio[i] = take
        room -= take
        if room == 0:
            break
    return tuple(ratio)


def per_size_lays(order: CutOrder) -> int:
    """The count of the crude plan "one marker per size": each size alone, full
    markers of that size at the full ply count."""
    full = order.max_garments_per_marker * order.usable_max_plies
    return sum(math.ceil(q / full) for q in order.quantities)
