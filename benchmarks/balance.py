"""Garment line balance on seeded jeans-like bulletins (no shared data needed).

For each seed: a 60-operation five-pocket jeans bulletin (sections joining in assembly
and finishing, machine types SNLS, DNLS, OL3/OL4/OL5, FL, KANSAI, BARTACK, BH, BS, SNAP,
IRON, MANUAL; SMV 0.2-1.5) with 40 real operators (grades, machine skills, measured paces
0.6-1.1 on some machines and operations), balanced twice with ``balance_line``:

* head count: at most 40 operators, shortest cycle; gap = cycle / bound - 1;
* target: ``--target`` garments per hour (default: 85 % of the head-count output,
  rounded), fewest operators; gap = operators - bound (operators);
* returns: the head count again with ``returns_allowed`` (the bundle may go back upstream
  to an operator on the same machine); ``returns`` = precedences going back upstream.

Every plan goes through the independent checker (``garment.check``); ``slivers`` counts
the shares of split operations under 10 % of the operation or under 0.1 minute that the
plan kept (``garment.slivers``: only where merging them would cost more than 1 % cycle).
"""

from __future__ import annotations

import argparse
import dataclasses
import time

from seamline.engines.balancing.garment import BalanceProblem, LinePlan, balance_line
from seamline.engines.balancing.garment.check import check_plan
from seamline.engines.balancing.garment.generate import jeans_problem
from seamline.engines.balancing.garment.slivers import plan_slivers


def _line(label: str, problem: BalanceProblem, plan: LinePlan, seconds: float, gap: str) -> str:
    errors = check_plan(problem, plan)
    verdict = "ok" if not errors else f"BROKEN ({len(errors)}: {errors[0]})"
    return (
        f"{label:<22} {seconds:6.2f}s  operators={plan.operators_needed:<3} "
        f"cycle={plan.cycle_time:6.3f}  bound={plan.lower_bound:7.3f}  gap={gap:<7} "
        f"efficiency={plan.balance_efficiency:5.1%}  output/h={plan.output_per_hour:6.1f}  "
        f"{plan.status.value:<10} returns={plan.returns:<3} slivers={len(plan_slivers(plan)):<2} "
        f"check={verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks balance", description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--operators", type=int, default=40)
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per solve")
    parser.add_argument("--target", type=float, help="garments per hour for the target mode")
    args = parser.parse_args(argv)
    worst = 0.0
    broken = 0
    for seed in args.seeds:
        problem = jeans_problem(seed, operators=args.operators, head_count=args.operators)
        started = time.monotonic()
        plan = balance_line(problem, time_limit_s=args.time_limit)
        seconds = time.monotonic() - started
        worst = max(worst, seconds)
        broken += bool(check_plan(problem, plan))
        gap = f"{plan.cycle_time / plan.lower_bound - 1:.1%}" if plan.lower_bound else "-"
        print(
            _line(f"seed {seed} head count {args.operators}", problem, plan, seconds, gap),
            flush=True,
        )

        problem = dataclasses.replace(problem, returns_allowed=True)
        started = time.monotonic()
        returns_plan = balance_line(problem, time_limit_s=args.time_limit)
        seconds = time.monotonic() - started
        worst = max(worst, seconds)
        broken += bool(check_plan(problem, returns_plan))
        gap = (
            f"{returns_plan.cycle_time / returns_plan.lower_bound - 1:.1%}"
            if returns_plan.lower_bound
            else "-"
        )
        print(
            _line(f"seed {seed} returns {args.operators}", problem, returns_plan, seconds, gap),
            flush=True,
        )

        target = args.target or (round(0.85 * plan.output_per_hour) if plan.output_per_hour else 10)
        problem = jeans_problem(seed, operators=args.operators, target_per_hour=target)
        started = time.monotonic()
        plan = balance_line(problem, time_limit_s=args.time_limit)
        seconds = time.monotonic() - started
        worst = max(worst, seconds)
        broken += bool(check_plan(problem, plan))
        gap = f"+{plan.operators_needed - plan.lower_bound:.0f}"
        print(_line(f"seed {seed} target {target:g}/h", problem, plan, seconds, gap), flush=True)
    print(f"slowest solve {worst:.2f}s (target: under 5 s); plans breaking a rule: {broken}")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
