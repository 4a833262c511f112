"""Cut-order planning benchmark on generated orders.

Orders come from a seed (5-8 sizes on a bell-shaped size curve, 300-5000 pieces,
max plies 60-120, 4-8 garments per marker, tolerance 0-3 %, every fifth order on
tubular fabric with even plies). Per order: the lays found by ``plan_lays`` against
the lower bound, the cutting master's greedy (exact cut, largest plies first) and the
crude "one marker per size" count. Then a summary line.

With ``--fabric`` the orders are whole cut orders against fabric for
``plan_cut_order`` (5-8 sizes, 1-6 colours of 100-3,000 garments on a bell-shaped size
curve, garment areas growing by size like tees or jeans, fabric 1,500-1,800 mm wide, a
6-12 m table, max plies 60-120, 3 % over-cut, lay and fabric costs, an end allowance per
ply). Per order: fabric used against the lower bound (garment area / width /
efficiency), lays, distinct markers, over-cut and cost, against the baseline "one
marker per size" (each size alone, as many garments as the table holds, full plies)
and against the cutting master's greedy (exact cut, fullest markers first), the start
the solver improves on.
"""

from __future__ import annotations

import argparse
import random
import statistics
from dataclasses import dataclass

from seamline.engines.cutplan import (
    CutOrder,
    FabricOrder,
    greedy_lays,
    per_size_lays,
    solve,
    solve_fabric,
    targets,
)
from seamline.engines.cutplan.fabric_greedy import greedy_cut, plan_cost
from seamline.engines.cutplan.fabric_greedy import per_size_lays as per_size_fabric

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
    parser.add_argument("--fabric", action="store_true", help="cut orders against fabric")
    args = parser.parse_args(argv)
    if args.fabric:
        return fabric_main(args.seed, args.orders, args.time_limit)

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


COLOURS = ("black", "white", "navy", "grey", "red", "olive")
GARMENTS = {  # mm² of fabric in the smallest size's pieces, growth per size
    "tee": (420_000.0, 0.06),
    "jeans": (880_000.0, 0.05),
}


@dataclass(frozen=True)
class FabricRow:
    ratio: float
    lays: int
    markers: int
    overcut_pct: float
    within: bool
    cost: float
    base_ratio: float
    base_lays: int
    base_cost: float
    greedy_lays: int
    greedy_cost: float
    runtime: float


def generate_fabric(seed: int, count: int) -> list[tuple[str, FabricOrder]]:
    """``count`` cut orders against fabric, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = rng.randint(5, 8)
        first = rng.randint(0, len(SIZE_NAMES) - n)
        sizes = SIZE_NAMES[first : first + n]
        kind = rng.choice(sorted(GARMENTS))
        base, growth = GARMENTS[kind]
        base *= rng.uniform(0.9, 1.1) * (1 + growth) ** first
        areas = {s: round(base * (1 + growth) ** i) for i, s in enumerate(sizes)}
        quantities: dict[str, dict[str, int]] = {}
        peak = rng.uniform(0.3, 0.7) * (n - 1)
        spread = rng.uniform(0.9, 2.0)
        for colour in COLOURS[: rng.randint(1, 6)]:
            weights = [
                max(0.02, 2.718 ** (-(((i - peak) / spread) ** 2) / 2) * rng.uniform(0.8, 1.2))
                for i in range(n)
            ]
            total = rng.randint(100, 3000)
            quantities[colour] = {
                s: round(total * w / sum(weights)) for s, w in zip(sizes, weights, strict=True)
            }
        order = FabricOrder.build(
            quantities,
            garment_area=areas,
            fabric_width=float(rng.randrange(1500, 1801, 50)),
            max_plies=rng.randint(60, 120),
            max_marker_length=float(rng.randrange(6000, 12001, 500)),
            overcut_pct=3,
            cost_per_lay=float(rng.randrange(80, 251, 10)),
            fabric_cost_per_m=float(rng.randrange(15, 41)),
            end_allowance=float(rng.randrange(20, 41, 5)),
        )
        out.append((kind, order))
    return out


def fabric_main(seed: int, count: int, time_limit: float) -> int:
    rows: list[FabricRow] = []
    print(
        f"{'order':>5} {'kind':>5} {'sizes':>5} {'col':>3} {'garments':>8} {'table':>5} "
        f"{'plies':>5} {'bound m':>8} {'fabric m':>8} {'ratio':>6} {'lays':>4} {'mk':>3} "
        f"{'over%':>5} {'status':>8} {'base lays':>9} {'base ratio':>10} {'cost/base':>9} "
        f"{'greedy lays':>11} {'cost/greedy':>11} {'time':>6}"
    )
    for j, (kind, order) in enumerate(generate_fabric(seed, count), start=1):
        plan = solve_fabric(order, time_limit_s=time_limit)
        base = [per_size_fabric(order, c) for c in range(len(order.colours))]
        base_length = sum(order.fabric_length(r, p) for lays in base for r, p in lays)
        greedy = [greedy_cut(order, row) or [] for row in order.demand]
        garments = sum(sum(row) for row in order.demand)
        row = FabricRow(
            plan.length_ratio,
            plan.n_lays,
            plan.n_markers,
            100.0 * sum(c.overcut for c in plan.colours) / garments,
            plan.within_allowance,
            plan.cost,
            base_length / plan.lower_bound_length,
            sum(len(lays) for lays in base),
            sum(plan_cost(order, lays) for lays in base),
            sum(len(lays) for lays in greedy),
            sum(plan_cost(order, lays) for lays in greedy),
            plan.runtime,
        )
        rows.append(row)
        print(
            f"{j:>5} {kind:>5} {order.n_sizes:>5} {len(order.colours):>3} {garments:>8} "
            f"{order.max_marker_length / 1000:>5.1f} {order.max_plies:>5} "
            f"{plan.lower_bound_length / 1000:>8.1f} {plan.fabric_length / 1000:>8.1f} "
            f"{row.ratio:>6.4f} {row.lays:>4} {row.markers:>3} {row.overcut_pct:>5.2f} "
            f"{plan.status:>8} {row.base_lays:>9} {row.base_ratio:>10.4f} "
            f"{row.cost / row.base_cost:>9.4f} {row.greedy_lays:>11} "
            f"{row.cost / row.greedy_cost:>11.4f} {row.runtime:>6.2f}"
        )
    if not rows:
        return 0
    mean_ratio = statistics.mean(r.ratio for r in rows)
    print(
        f"summary: {len(rows)} orders, fabric / bound mean {mean_ratio:.4f} "
        f"max {max(r.ratio for r in rows):.4f} (baseline mean "
        f"{statistics.mean(r.base_ratio for r in rows):.4f}), lays mean "
        f"{statistics.mean(r.lays for r in rows):.2f} vs baseline "
        f"{statistics.mean(r.base_lays for r in rows):.2f}, cost / baseline mean "
        f"{statistics.mean(r.cost / r.base_cost for r in rows):.4f}, greedy lays "
        f"{statistics.mean(r.greedy_lays for r in rows):.2f} cost / greedy mean "
        f"{statistics.mean(r.cost / r.greedy_cost for r in rows):.4f}, within over-cut "
        f"{sum(r.within for r in rows)}/{len(rows)}, mean over-cut "
        f"{statistics.mean(r.overcut_pct for r in rows):.3f} %, time mean "
        f"{statistics.mean(r.runtime for r in rows):.2f} s max {max(r.runtime for r in rows):.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
