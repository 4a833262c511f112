"""The answer of the allocation engine: the split, its objective, a proven bound, and why."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Status(enum.StrEnum):
    OPTIMAL = "optimal"  # objective equals the bound (within solver tolerance)
    FEASIBLE = "feasible"  # a plan within the reported gap; the time limit stopped the proof
    EMPTY = "empty"  # nothing could be placed (no eligible factory for any line)


class Reason(enum.StrEnum):
    """Why a factory got what it got; several can apply."""

    LOWEST_COST = "lowest_cost"  # among the cheapest eligible per minute (with risk)
    BID = "bid"  # its bid was taken
    FAIR_SHARE = "fair_share"  # fair mode: loaded like the others
    CAPACITY_FULL = "capacity_full"  # got work up to its free capacity before the due date
    COSTLIER = "costlier"  # eligible, but others were cheaper for the same dates
    MISSING_CAPABILITY = "missing_capability"
    NO_CAPACITY_BEFORE_DUE = "no_capacity_before_due"
    BELOW_MIN_BATCH = "below_min_batch"  # what was left for it was smaller than its batch
    HIGH_RISK = "high_risk"  # its lateness risk priced it out


@dataclass(frozen=True, slots=True)
class Assignment:
    factory: str
    line: str
    quantity: int
    minutes: float  # quantity x SMV
    cost: float  # this assignment's share of the objective (with its risk penalty)
    bid: bool = False


@dataclass(frozen=True, slots=True)
class Explanation:
    """One factory's part: what it got, how full that leaves it, and the reasons."""

    factory: str
    quantity: int
    minutes: float
    free_minutes: float  # before the latest due date it could serve
    utilisation: float  # minutes / free minutes, 0..1
    cost_per_minute: float  # with its lateness-risk penalty
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = ()  # capabilities it lacks for some line


@dataclass(frozen=True, slots=True)
class AllocationResult:
    assignments: tuple[Assignment, ...]
    unplaced: dict[str, int]  # line -> garments no factory could take
    objective: float
    bound: float  # proven lower bound on the objective
    status: Status
    runtime_s: float
    explanations: tuple[Explanation, ...] = field(default=())

    @property
    def gap(self) -> float:
        """Relative distance from the bound: 0.01 is 1 %."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / self.objective)

    def quantity_of(self, factory: str) -> int:
        return sum(a.quantity for a in self.assignments if a.factory == factory)
