"""The allocation problem: split order lines among factories.

Time is in periods (weeks): period 0 is the first week that can still take work. A
factory's ``capacity[p]`` is the standard minutes it has free in period p; a line's work
must be finished by the end of its ``due_period``. Costs are per standard minute (or per
garment for a bid) in the cluster's currency; the engine works in floats, callers turn
its quantities into money with Decimal.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Mode(enum.StrEnum):
    COST = "cost"  # least cost plus lateness-risk penalty
    FAIR = "fair"  # least highest share of free capacity used, then least cost


@dataclass(frozen=True, slots=True)
class Factory:
    key: str
    capabilities: frozenset[str]
    capacity: tuple[int, ...]  # free standard minutes per period, period 0 first
    cost_per_minute: float
    min_batch: int = 0  # a factory takes no line's work in lots smaller than this
    lateness_risk: float = 0.0  # 0..1, e.g. its share of late deliveries


@dataclass(frozen=True, slots=True)
class OrderLine:
    key: str
    quantity: int  # garments
    smv: float  # standard minutes per garment
    due_period: int
    required: frozenset[str] = frozenset()
    min_batch: int = 0  # the order's own smallest batch (the larger of the two applies)


@dataclass(frozen=True, slots=True)
class Bid:
    """A factory's own offer for a line: at most ``quantity`` at ``price`` per garment,
    ready by the end of ``ready_period``. It replaces the factory's cost for that line."""

    factory: str
    line: str
    quantity: int
    price: float
    ready_period: int


@dataclass(frozen=True, slots=True)
class AllocationProblem:
    factories: tuple[Factory, ...]
    lines: tuple[OrderLine, ...]
    bids: tuple[Bid, ...] = ()
    mode: Mode = Mode.COST
    # Cost added per standard minute for each unit of lateness risk (risk 0.1 and
    # penalty 2.0 add 0.2 per minute).
    lateness_penalty: float = 1.0
    # Cost of a garment left unplaced (no capacity or capability for it), per minute;
    # large, so the engine places everything it can.
    unplaced_penalty: float = 1_000.0
