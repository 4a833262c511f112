"""SALBP benchmark on the Scholl (1993) data sets.

SALBP-1: every (graph, cycle time) pair of ``scholl_salbp1_optima.csv`` against the
literature optimum ``m_opt``. SALBP-2: every (graph, m) pair of
``scholl_salbp2_instances.csv`` against the best cycle time recorded there (proven
optimal only where ``status = optimal_cpsat``; elsewhere ``c_best_found`` and
``c_lower_bound`` are CP-SAT's 5-second bounds, not literature values).

One line per instance, then a summary line per problem.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from seamline.engines.balancing import LineData, read_in2
from seamline.engines.balancing.salbp1 import balance_for_cycle_time
from seamline.engines.balancing.salbp2 import balance_for_stations

REPO = Path(__file__).resolve().parent.parent


def benchmarks_dir() -> Path:
    """``SEAMLINE_BENCHMARKS_DIR`` or ``<repo>/../shared/benchmarks``."""
    env = os.environ.get("SEAMLINE_BENCHMARKS_DIR")
    return Path(env) if env else REPO.parent / "shared" / "benchmarks"


@dataclass
class Row:
    found: int
    known: int | None  # best known value (optimum for SALBP-1)
    known_proven: bool
    proven: bool
    runtime: float


def _load(folder: Path, name: str, cache: dict[str, LineData]) -> LineData:
    if name not in cache:
        cache[name] = read_in2(folder / "scholl" / name)
    return cache[name]


def run_salbp1(folder: Path, time_limit: float, only: str | None, workers: int = 2) -> list[Row]:
    rows: list[Row] = []
    cache: dict[str, LineData] = {}
    with (folder / "scholl_salbp1_optima.csv").open(newline="") as f:
        for rec in csv.DictReader(f):
            if only and only.upper() not in rec["instance_file"].upper():
                continue
            data = _load(folder, rec["instance_file"], cache)
            c, known = int(rec["cycle_time"]), int(rec["m_opt"])
            res = balance_for_cycle_time(data, c, time_limit=time_limit, workers=workers)
            row = Row(res.n_stations, known, True, res.proven_optimal, res.runtime)
            rows.append(row)
            print(
                f"SALBP-1 {rec['instance_file']:<13} n={data.n_tasks:<4} c={c:<6} "
                f"m={res.n_stations:<4} opt={known:<4} lb={res.lower_bound:<4} "
                f"{'proven' if res.proven_optimal else 'open  '} "
                f"{'ok ' if res.n_stations == known else 'GAP'} {res.runtime:6.2f}s",
                flush=True,
            )
    return rows


def run_salbp2(folder: Path, time_limit: float, only: str | None) -> list[Row]:
    rows: list[Row] = []
    cache: dict[str, LineData] = {}
    with (folder / "scholl_salbp2_instances.csv").open(newline="") as f:
        for rec in csv.DictReader(f):
            if only and only.upper() not in rec["instance_file"].upper():
                continue
            data = _load(folder, rec["instance_file"], cache)
            m = int(rec["m"])
            known = int(rec["c_best_found"]) if rec["c_best_found"] else None
            known_proven = rec["status"] == "optimal_cpsat"
            res = balance_for_stations(data, m, time_limit=time_limit)
            rows.append(Row(res.cycle_time, known, known_proven, res.proven_optimal, res.runtime))
            if known is None:
                verdict = "new"
            elif res.cycle_time < known:
                verdict = "better"
            elif res.cycle_time == known:
                verdict = "ok"
            else:
                verdict = f"+{res.cycle_time - known}"
            print(
                f"SALBP-2 {rec['instance_file']:<13} n={data.n_tasks:<4} m={m:<4} "
                f"c={res.cycle_time:<6} known={known if known is not None else '-':<6} "
                f"({'opt' if known_proven else 'ub '}) lb={res.lower_bound:<6} "
                f"{'proven' if res.proven_optimal else 'open  '} {verdict:<6} "
                f"{res.runtime:6.2f}s",
                flush=True,
            )
    return rows


def _times(rows: list[Row]) -> str:
    times = [r.runtime for r in rows]
    return f"mean {statistics.fmean(times):.2f}s max {max(times):.2f}s"


def summarize_salbp1(rows: list[Row]) -> str:
    at_opt = sum(r.found == r.known for r in rows)
    proven = sum(r.proven for r in rows)
    return (
        f"SALBP-1 summary: {len(rows)} instances, {at_opt} at the known optimum, "
        f"{proven} proven optimal, {_times(rows)}"
    )


def summarize_salbp2(rows: list[Row]) -> str:
    proven = sum(r.proven for r in rows)
    with_known = [r for r in rows if r.known is not None]
    match = sum(r.found == r.known for r in with_known)
    better = sum(r.known is not None and r.found < r.known for r in with_known)
    worse1 = sum(r.known is not None and r.found == r.known + 1 for r in with_known)
    worse = sum(r.known is not None and r.found > r.known + 1 for r in with_known)
    opt_rows = [r for r in rows if r.known_proven]
    opt_match = sum(r.found == r.known for r in opt_rows)
    return (
        f"SALBP-2 summary: {len(rows)} instances, {proven} proven optimal; "
        f"{opt_match}/{len(opt_rows)} at the proven reference optimum; against the "
        f"{len(with_known)} recorded values {match} equal, {better} better, {worse1} worse "
        f"by 1, {worse} worse by more; {len(rows) - len(with_known)} had no reference; "
        f"{_times(rows)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks salbp", description=__doc__)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--only", help="only instance files containing this text")
    parser.add_argument("--problem", choices=("1", "2"), help="SALBP-1 or SALBP-2 only")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes per SALBP-1 instance (the target: 2 cores)",
    )
    args = parser.parse_args(argv)
    folder = benchmarks_dir() / "salbp"
    if not folder.is_dir():
        print(f"no SALBP data in {folder} (set SEAMLINE_BENCHMARKS_DIR)")
        return 2
    started = time.monotonic()
    summaries = []
    if args.problem in (None, "1"):
        rows1 = run_salbp1(folder, args.time_limit, args.only, args.workers)
        if rows1:
            summaries.append(summarize_salbp1(rows1))
    if args.problem in (None, "2"):
        rows2 = run_salbp2(folder, args.time_limit, args.only)
        if rows2:
            summaries.append(summarize_salbp2(rows2))
    for line in summaries:
        print(line)
    print(f"total wall time {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
