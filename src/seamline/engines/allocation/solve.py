"""Solve an allocation problem (being written)."""

from __future__ import annotations

from seamline.engines.allocation.data import AllocationProblem
from seamline.engines.allocation.result import AllocationResult


def allocate(problem: AllocationProblem, *, time_limit_s: float = 10.0) -> AllocationResult:
    raise NotImplementedError
