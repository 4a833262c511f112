"""The balance of a sewing line: who does what share of which operation, and the figures."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Status(enum.StrEnum):
    OPTIMAL = "optimal"  # no plan with these operators has a shorter cycle (or fewer operators)
    FEASIBLE = "feasible"  # the best found in the time limit; `lower_bound` says how far at most
    INFEASIBLE = "infeasible"  # e.g. an operation no operator may do (machine or grade)


@dataclass(frozen=True, slots=True)
class Share:
    """Operator ``operator`` sews ``share`` (0..1] of the garments at ``operation``."""

    operation: str
    operator: str
    share: float
    minutes: float  # actual minutes per garment of the line this costs the operator


@dataclass(frozen=True, slots=True)
class OperatorLoad:
    operator: str
    operations: tuple[str, ...]
    machine_type: str
    minutes: float  # actual minutes per garment of the line (sum of the operator's shares)
    load: float  # minutes / takt (1.0 = exactly the takt; the bottleneck has the highest)


@dataclass(frozen=True, slots=True)
class LinePlan:
    shares: tuple[Share, ...]
    loads: tuple[OperatorLoad, ...]
    takt: float  # minutes per garment the target asks for (head count: the cycle reached)
    cycle_time: float  # the bottleneck's minutes per garment
    bottleneck: str  # operator key
    output_per_hour: float  # 60 / cycle_time
    balance_efficiency: float  # standard work / (operators x cycle_time), 0..1
    operators_needed: int
    lower_bound: float  # proven lower bound of the cycle time (target: of the operators)
    status: Status
    runtime_s: float
    # precedences i -> j with j done at a position before the last position of i: each is a
    # trip of the bundle back upstream (0 unless the problem allows returns)
    returns: int = 0
