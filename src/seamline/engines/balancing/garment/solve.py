"""Balance a garment line (being written)."""

from __future__ import annotations

from seamline.engines.balancing.garment.data import BalanceProblem
from seamline.engines.balancing.garment.result import LinePlan


def balance_line(problem: BalanceProblem, *, time_limit_s: float = 5.0) -> LinePlan:
    raise NotImplementedError
