"""Cluster allocation benchmark on generated instances.

Instances come from a seed (``seamline.engines.allocation.generate.instance``): 1,000
factories x 200 order lines by default, ten capability codes, 8-12 weekly periods,
minimum batches, lateness risks and bids. Per seed: the size, the model's variables
(eligible pairs), the runtime, the objective, the proven lower bound, the gap, the
garments left unplaced and whether the independent checker found the plan allowed.
Target: gap <= 1 % in under 10 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import time

from seamline.engines.allocation import Mode, allocate
from seamline.engines.allocation.check import violations
from seamline.engines.allocation.generate import instance
from seamline.engines.allocation.model import prepare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks allocation", description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--factories", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--gap", type=float, default=0.01, help="stop at this relative gap")
    parser.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.COST.value)
    args = parser.parse_args(argv)

    print(f"cores: {os.cpu_count()}, mode {args.mode}, gap target {args.gap:.2%}")
    print(
        f"{'seed':>5} {'factories':>9} {'lines':>5} {'vars':>7} {'time s':>7} "
        f"{'objective':>14} {'bound':>14} {'gap %':>6} {'unplaced':>8} {'status':>8} {'checked':>7}"
    )
    failures = 0
    for seed in args.seeds:
        problem = instance(seed, factories=args.factories, lines=args.lines, mode=Mode(args.mode))
        variables = len(prepare(problem).pairs)
        start = time.perf_counter()
        result = allocate(problem, time_limit_s=args.time_limit, gap=args.gap)
        elapsed = time.perf_counter() - start
        broken = violations(problem, result)
        ok = not broken and result.gap <= args.gap and elapsed < args.time_limit
        failures += not ok
        print(
            f"{seed:>5} {args.factories:>9} {args.lines:>5} {variables:>7} {elapsed:>7.2f} "
            f"{result.objective:>14.2f} {result.bound:>14.2f} {100 * result.gap:>6.3f} "
            f"{sum(result.unplaced.values()):>8} {result.status.value:>8} "
            f"{'yes' if not broken else 'NO':>7}"
        )
        for message in broken[:10]:
            print(f"      {message}")
    print(f"summary: {len(args.seeds) - failures}/{len(args.seeds)} within the gap and time")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
