"""Dispatcher: ``python -m benchmarks NAME [options]`` runs ``benchmarks/NAME.py``."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = {
    "allocation": "benchmarks.allocation",
    "balance": "benchmarks.balance",
    "cutplan": "benchmarks.cutplan",
    "nesting": "benchmarks.nesting",
    "payroll": "benchmarks.payroll",
    "salbp": "benchmarks.salbp",
    "scans": "benchmarks.scans",
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in BENCHMARKS:
        print(f"usage: python -m benchmarks {{{','.join(sorted(BENCHMARKS))}}} [options]")
        return 2
    module = importlib.import_module(BENCHMARKS[args[0]])
    result: int = module.main(args[1:])
    return result


if __name__ == "__main__":
    raise SystemExit(main())
