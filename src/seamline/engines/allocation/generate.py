"""Seeded allocation instances for the benchmark and the tests (same seed, same instance).

A cluster of ``factories`` members and a brand's order of ``lines`` lines: ten
capability codes (each line needs one or two, each factory has three to six), 8-12
weekly periods of free minutes (some weeks already booked), due periods spread over
the horizon and a little beyond, minimum batches on both sides, lateness risks, and a
few hundred bids (some too late to count). The free minutes are scaled so the order
needs about ``load`` of what the capable factories have free.
"""

from __future__ import annotations

import random

from seamline.engines.allocation.data import AllocationProblem, Bid, Factory, Mode, OrderLine

CODES = (
    "knits",
    "wovens",
    "denim",
    "outerwear",
    "lingerie",
    "sportswear",
    "kidswear",
    "shirts",
    "trousers",
    "embroidery",
)


def instance(
    seed: int,
    *,
    factories: int = 1000,
    lines: int = 200,
    load: float = 0.6,
    bids: int | None = None,
    mode: Mode = Mode.COST,
) -> AllocationProblem:
    rng = random.Random(seed)  # noqa: S311 - a reproducible instance, not a secret
    horizon = rng.randint(8, 12)
    weights = [1.0 / (k + 1) ** 0.5 for k in range(len(CODES))]  # some codes more common
    order: list[OrderLine] = []
    for i in range(lines):
        required = frozenset(rng.choices(CODES, weights=weights, k=rng.choice((1, 1, 2))))
        order.append(
            OrderLine(
                key=f"L{i:04d}",
                quantity=rng.randint(300, 12_000),
                smv=round(rng.uniform(6.0, 40.0), 2),
                due_period=rng.randint(2, horizon + 1),
                required=required,
                min_batch=rng.choice((0, 0, 0, 50, 100)),
            )
        )
    demand = sum(line.quantity * line.smv for line in order)
    sizes = [rng.lognormvariate(0.0, 0.6) for _ in range(factories)]
    per_period = demand / load / horizon / sum(sizes)
    members: list[Factory] = []
    for k in range(factories):
        caps = frozenset(rng.sample(CODES, rng.randint(3, 6)))
        booked = rng.choice((0, 0, 0, 1, 1, 2))  # weeks already full
        capacity = tuple(
            0 if p < booked else round(sizes[k] * per_period * rng.uniform(0.5, 1.5))
            for p in range(horizon)
        )
        members.append(
            Factory(
                key=f"F{k:04d}",
                capabilities=caps,
                capacity=capacity,
                cost_per_minute=round(rng.uniform(0.05, 0.15), 4),
                min_batch=rng.choice((0, 50, 100, 200, 300)),
                lateness_risk=round(rng.betavariate(1.5, 12.0), 3),
            )
        )
    offers: list[Bid] = []
    n_bids = lines * 2 if bids is None else bids
    while len(offers) < n_bids:
        line = rng.choice(order)
        factory = rng.choice(members)
        if not line.required <= factory.capabilities:
            continue
        offers.append(
            Bid(
                factory=factory.key,
                line=line.key,
                quantity=rng.randint(100, max(100, line.quantity // 2)),
                price=round(line.smv * factory.cost_per_minute * rng.uniform(0.75, 1.1), 2),
                ready_period=rng.randint(0, horizon),
            )
        )
    return AllocationProblem(
        factories=tuple(members), lines=tuple(order), bids=tuple(offers), mode=mode
    )
