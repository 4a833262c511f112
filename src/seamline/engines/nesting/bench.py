"""Nest one strip-packing instance file and write the solution: the logic behind
``seamline bench nesting`` and ``python -m benchmarks nesting``."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from seamline.engines.nesting.check import check_marker
from seamline.engines.nesting.data import NestingProblem
from seamline.engines.nesting.read import read_instance
from seamline.engines.nesting.result import NestResult
from seamline.engines.nesting.solve import nest


@dataclass(frozen=True, slots=True)
class BenchRun:
    name: str
    problem: NestingProblem
    result: NestResult
    errors: tuple[str, ...]  # check_marker's findings; empty when the marker is valid

    @property
    def length(self) -> float:
        return self.result.marker.length

    @property
    def density(self) -> float:
        return self.result.marker.efficiency


def run_instance(
    path: str | Path, *, time_limit_s: float, seed: int | None = None, workers: int | None = None
) -> BenchRun:
    """Read, nest and check one instance file."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    problem = read_instance(data)
    result = nest(problem, time_limit_s=time_limit_s, seed=seed, workers=workers)
    errors = tuple(check_marker(problem, result.marker))
    return BenchRun(str(data.get("name") or path.stem), problem, result, errors)


def _item_id(piece_id: str) -> int | str:
    return int(piece_id) if piece_id.isdigit() else piece_id


def solution_json(run: BenchRun) -> dict[str, Any]:
    """Placements (item id, rotation in degrees, translation, placed polygon), length
    and density, in the instance's own units."""
    marker = run.result.marker
    return {
        "name": run.name,
        "strip_height": marker.width,
        "length": marker.length,
        "density": marker.efficiency,
        "runtime_s": run.result.runtime,
        "valid": not run.errors,
        "placements": [
            {
                "item_id": _item_id(p.piece_id),
                "rotation": p.rotation,
                "translation": [p.x, p.y],
                "polygon": [[x, y] for x, y in p.polygon],
            }
            for p in marker.placements
        ],
    }


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Nest, write ``--out``, print the check; the last line is the length and density."""
    out = out or sys.stdout

    def say(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    try:
        bench = run_instance(
            args.instance, time_limit_s=args.time_limit, seed=args.seed, workers=args.workers
        )
    except (OSError, ValueError) as exc:
        say(f"cannot nest {args.instance}: {exc}")
        return 1
    Path(args.out).write_text(json.dumps(solution_json(bench), indent=1) + "\n", encoding="utf-8")
    for error in bench.errors:
        say(f"INVALID: {error}")
    say(
        f"{bench.name}: {len(bench.result.marker.placements)} pieces, "
        f"{bench.result.runtime:.1f}s, {'valid' if not bench.errors else 'INVALID'}, "
        f"written to {args.out}"
    )
    say(f"length {bench.length:.4f} density {bench.density:.4f}")
    return 0 if not bench.errors else 1
