"""The result of a line-balancing run."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    OPTIMAL = "optimal"  # the objective equals the proven lower bound
    FEASIBLE = "feasible"  # a plan was found, the time limit stopped the proof


class Problem(enum.StrEnum):
    SALBP1 = "salbp1"  # fewest stations for a cycle time
    SALBP2 = "salbp2"  # shortest cycle time for a number of stations


@dataclass(frozen=True, slots=True)
class LineBalance:
    """A balanced line: stations in order, each a list of task numbers in a feasible order.

    For SALBP-1 the objective is ``n_stations`` and ``cycle_time`` is the requested cycle
    time; for SALBP-2 the objective is ``cycle_time`` (the largest station time) for the
    requested number of stations. ``lower_bound`` is a proven lower bound on the objective;
    ``proven_optimal`` holds when it equals the objective.
    """

    stations: tuple[tuple[int, ...], ...]
    n_stations: int
    cycle_time: int
    lower_bound: int
    proven_optimal: bool
    station_times: tuple[int, ...]
    runtime: float  # seconds
    problem: Problem = Problem.SALBP1

    @property
    def status(self) -> Status:
        return Status.OPTIMAL if self.proven_optimal else Status.FEASIBLE

    @property
    def objective(self) -> int:
        """Stations (SALBP-1) or cycle time (SALBP-2)."""
        return self.n_stations if self.problem is Problem.SALBP1 else self.cycle_time

    @property
    def bound(self) -> int:
        return self.lower_bound

    @property
    def gap(self) -> float:
        """Relative gap between the objective and the lower bound."""
        return (self.objective - self.lower_bound) / self.objective if self.objective else 0.0
