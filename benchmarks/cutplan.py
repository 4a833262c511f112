"""Cut-order planning benchmark on generated orders.

Orders come from a seed (5-8 sizes on a bell-shaped size curve, 300-5000 pieces,
max plies 60-120, 4-8 garments per marker, tolerance 0-3 %, every fifth order on
tubular fabric with even plies). Per order: the lays found by ``plan_lays`` against
the lower bound, the cutting master's greedy (exact cut, largest plies first) and the
crude "one marker per size" count. Then a summary line.
"""

from __future__ import annotations

import argparse
import random
import statistics
from dataclasses import dataclass

from seamline.engines.cutplan import CutOrder, greedy_lays, per_size_lays, solve, targets

SIZE_NAMES = ("XS", "S", "M", "L", "XL", "2XL", "3XL", "4XL")


@dataclass(frozen=True)
class Row:
    lays: int
    lower_bound: int
    proven: bool
    overcut_pct: float
    greedy: int
    per_size: int
    runtime: float


def generate(seed: int, count: int) -> list[CutOrder]:
    """``count`` orders, the same for the same seed."""
    rng = random.Random(seed)
    orders = []
    for j in range(count):
        n = rng.randint(5, 8)
        first = rng.randint(0, len(SIZE_NAMES) - n)
        sizes = SIZE_NAMES[first : first + n]
        peak = rng.uniform(0.3, 0.7) * (n - 1)
        spread = rng.uniform(0.9, 2.0)
        weights = [
            max(0.02, 2.718 ** (-(((i - peak) / spread) ** 2) / 2) * rng.uniform(0.8, 1.2))
            for i in range(n)
        ]
        total = rng.randint(300, 5000)
        quantities = [round(total * w / sum(weights)) for w in weights]
        orders.append(
            CutOrder(
                sizes,
                tuple(quantities),
                max_plies=rng.randint(60, 120),
                max_garments_per_marker=rng.randint(4, 8),
                tolerance_pct=rng.choice((0, 0, 1, 2, 3)),
                even_plies=j % 5 == 4,
            )
        )
    return orders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks cutplan", description=__doc__)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--orders", type=int, default=20)
    parser.add_argument("--time-limit", type=float, default=3.0, help="seconds per order")
    parser.add_argument("--workers", type=int, default=None, help="CP-SAT workers")
    args = parser.parse_args(argv)

    rows: list[Row] = []
    print(
        f"{'order':>5} {'sizes':>5} {'pieces':>6} {'plies':>5} {'G':>2} {'tol%':>4} {'even':>4} "
        f"{'LB':>3} {'lays':>4} {'proven':>6} {'over%':>6} {'greedy':>6} {'per-size':>8} "
        f"{'time':>6}"
    )
    for j, order in enumerate(generate(args.seed, args.orders), start=1):
        plan = solve(order, time_limit_s=args.time_limit, workers=args.workers)
        row = Row(
            plan.n_lays,
            plan.lower_bound,
            plan.lay_count_proven_minimal,
            plan.overcut_pct,
            len(greedy_lays(order, targets(order))),
            per_size_lays(order),
            plan.runtime,
        )
        rows.append(row)
        print(
            f"{j:>5} {order.n_sizes:>5} {order.total:>6} {order.max_plies:>5} "
            f"{order.max_garments_per_marker:>2} {order.tolerance_pct:>4} "
            f"{'yes' if order.even_plies else 'no':>4} {row.lower_bound:>3} {row.lays:>4} "
            f"{'yes' if row.proven else 'no':>6} {row.overcut_pct:>6.2f} {row.greedy:>6} "
            f"{row.per_size:>8} {row.runtime:>6.2f}"
        )
    if not rows:
        return 0
    print(
        f"summary: {len(rows)} orders, mean lays {statistics.mean(r.lays for r in rows):.2f} "
        f"(lower bound {statistics.mean(r.lower_bound for r in rows):.2f}, "
        f"greedy {statistics.mean(r.greedy for r in rows):.2f}, "
        f"per-size {statistics.mean(r.per_size for r in rows):.2f}), "
        f"proven minimal {sum(r.proven for r in rows)}/{len(rows)}, "
        f"mean over-cut {statistics.mean(r.overcut_pct for r in rows):.3f} %, "
        f"time mean {statistics.mean(r.runtime for r in rows):.2f} s "
        f"max {max(r.runtime for r in rows):.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
