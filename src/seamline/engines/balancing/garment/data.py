"""The garment line-balancing problem: a style's operations, the operators, a target.

Minutes are standard minutes per garment (SMV). An operator's ``efficiency`` on an
operation is standard minutes earned per minute worked (1.0 = the standard pace, 0.8 =
slower): an operator at 0.8 needs SMV / 0.8 actual minutes per garment.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Operation:
    key: str  # the bulletin operation's id, as text
    smv: float
    machine_type: str  # catalog MachineType code, e.g. "SNLS", "OL4", "MANUAL"
    grade: int = 1  # skill grade the operation needs (1..5)
    predecessors: tuple[str, ...] = ()  # operations that must come before it


@dataclass(frozen=True, slots=True)
class Operator:
    """A real worker (or a generic one). ``efficiency`` holds measured paces by operation
    key or by machine type (the operation's own key wins); ``default_efficiency`` applies
    where nothing was measured. ``machines``: the machine types they can run (empty: any)."""

    key: str
    grade: int = 3
    efficiency: tuple[tuple[str, float], ...] = ()
    default_efficiency: float = 1.0
    # Returns mode: the bundle may go back upstream to an operator on the same machine, so
    # the line order no longer limits who does what (see ``LinePlan.returns``).
    returns_allowed: bool = False
    machines: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class BalanceProblem:
    """Give ``target_per_hour`` (garments per hour: takt = 60 / target) or ``head_count``
    (that many operators: the best output they can reach). ``operators`` are the real
    workers to place; when empty, generic operators at ``default_efficiency`` are used
    (as many as the target needs, or ``head_count``)."""

    operations: tuple[Operation, ...]
    operators: tuple[Operator, ...] = ()
    target_per_hour: float | None = None
    head_count: int | None = None
    # Machine types one operator may mix (besides operations on one and the same type).
    compatible: tuple[frozenset[str], ...] = field(default=())
    max_operations_per_operator: int = 4
    default_efficiency: float = 1.0
    # Returns mode: the bundle may go back upstream to an operator on the same machine, so
    # the line order no longer limits who does what (see ``LinePlan.returns``).
    returns_allowed: bool = False
