"""Nesting benchmark on the garment instances of the ESICUP 2D-irregular library.

shirts, trousers and swim from ``<benchmarks>/nesting/`` are nested with the time limit
each; every marker is checked geometrically (``check_marker``) and its density compared
with the best known one (``best_known.csv``, sparrow's records). One line per instance,
then a summary line. Target: 97 % of the best-known density within 120 s on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time

from benchmarks.salbp import benchmarks_dir
from seamline.engines.nesting.bench import run_instance

INSTANCES = ("shirts", "trousers", "swim")
TARGET = 0.97


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks nesting", description=__doc__)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per instance")
    parser.add_argument("--only", help="only instances whose name contains this text")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None, help="solver threads (all cores)")
    args = parser.parse_args(argv)
    folder = benchmarks_dir() / "nesting"
    if not folder.is_dir():
        print(f"no nesting data in {folder} (set SEAMLINE_BENCHMARKS_DIR)")
        return 2
    with (folder / "best_known.csv").open(newline="") as f:
        known = {row["instance"]: row for row in csv.DictReader(f)}
    names = [n for n in INSTANCES if not args.only or args.only.lower() in n]
    started = time.monotonic()
    ratios: list[float] = []
    invalid = 0
    for name in names:
        run = run_instance(
            folder / f"{name}.json",
            time_limit_s=args.time_limit,
            seed=args.seed,
            workers=args.workers,
        )
        best_length = float(known[name]["best_known_length"])
        best_density = float(known[name]["best_known_density_pct"]) / 100
        ratio = run.density / best_density
        ratios.append(ratio)
        invalid += bool(run.errors)
        for error in run.errors:
            print(f"  INVALID {name}: {error}")
        print(
            f"{name:<9} pieces={len(run.result.marker.placements):<4} "
            f"length={run.length:<10.3f} density={run.density * 100:6.2f}% "
            f"best-known={best_length:<9.3f} ({best_density * 100:5.2f}%) "
            f"ratio={ratio * 100:6.2f}% {'valid' if not run.errors else 'INVALID'} "
            f"{run.result.runtime:6.1f}s",
            flush=True,
        )
    if not ratios:
        print("no instance matched")
        return 2
    reached = sum(r >= TARGET for r in ratios)
    print(
        f"nesting summary: {len(ratios)} instances, {len(ratios) - invalid} valid, "
        f"density / best-known mean {statistics.fmean(ratios) * 100:.2f}% "
        f"min {min(ratios) * 100:.2f}%, {reached} at or above {TARGET * 100:.0f}%, "
        f"total wall time {time.monotonic() - started:.0f}s"
    )
    return 0 if not invalid else 1


if __name__ == "__main__":
    raise SystemExit(main())
