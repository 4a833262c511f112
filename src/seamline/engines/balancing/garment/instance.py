"""The problem as the solvers use it: operations in a topological order, the candidate
operators, and each operator's actual minutes per garment on each operation (``None``
where the operator may not do it: grade too low or machine not theirs)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from seamline.engines.balancing.garment.data import BalanceProblem, Operation, Operator

MANUAL = "MANUAL"  # hand work (trimming, turning, folding): goes with any machine
GENERIC_PREFIX = "G"  # generic operators are keyed G1, G2, ...
GENERIC_GRADE = 5  # a generic operator may do any operation


def machines_compatible(
    types: set[str] | frozenset[str], compatible: tuple[frozenset[str], ...]
) -> bool:
    """One operator's machine types: one type, or types of one ``compatible`` group; hand
    work (``MANUAL``) goes with anything."""
    machines = set(types) - {MANUAL}
    return len(machines) <= 1 or any(machines <= group for group in compatible)


def operator_minutes(operator: Operator, operation: Operation) -> float | None:
    """Actual minutes per garment of ``operator`` on ``operation``; None if not allowed."""
    if operator.grade < operation.grade:
        return None
    if operator.machines and operation.machine_type not in operator.machines:
        return None
    paces = dict(operator.efficiency)
    eff = paces.get(operation.key, paces.get(operation.machine_type, operator.default_efficiency))
    if eff <= 0:
        return None
    return operation.smv / eff


@dataclass(frozen=True, slots=True)
class Instance:
    operations: tuple[Operation, ...]  # topological order
    preds: tuple[frozenset[int], ...]  # immediate predecessors, by index
    succs: tuple[frozenset[int], ...]
    succ_all: tuple[frozenset[int], ...]  # transitive successors
    operators: tuple[Operator, ...]
    minutes: tuple[tuple[float | None, ...], ...]  # [operator][operation]
    generic: bool  # operators are identical generic ones (created on demand)
    compatible: tuple[frozenset[str], ...]
    max_ops: int
    best: tuple[float | None, ...]  # fastest eligible operator's minutes per operation

    @property
    def n(self) -> int:
        return len(self.operations)

    def best_minutes(self, j: int) -> float | None:
        return self.best[j]


def topological(operations: tuple[Operation, ...]) -> tuple[Operation, ...]:
    """The operations in a precedence order (bulletin order among free ones). Raises
    ValueError on an unknown predecessor, a duplicate key or a cycle."""
    keys = [op.key for op in operations]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate operation key")
    position = {k: i for i, k in enumerate(keys)}
    indeg = [0] * len(operations)
    succ: list[list[int]] = [[] for _ in operations]
    for i, op in enumerate(operations):
        for p in set(op.predecessors):
            if p not in position:
                raise ValueError(f"operation {op.key}: unknown predecessor {p}")
            succ[position[p]].append(i)
            indeg[i] += 1
    heap = [i for i, d in enumerate(indeg) if d == 0]
    heapq.heapify(heap)
    order: list[int] = []
    while heap:
        i = heapq.heappop(heap)
        order.append(i)
        for s in succ[i]:
            indeg[s] -= 1
            if indeg[s] == 0:
                heapq.heappush(heap, s)
    if len(order) != len(operations):
        raise ValueError("the precedences form a cycle")
    return tuple(operations[i] for i in order)


def generic_operators(problem: BalanceProblem, count: int) -> tuple[Operator, ...]:
    return tuple(
        Operator(
            key=f"{GENERIC_PREFIX}{i + 1}",
            grade=GENERIC_GRADE,
            default_efficiency=problem.default_efficiency,
        )
        for i in range(count)
    )


def build_instance(
    problem: BalanceProblem, operators: tuple[Operator, ...], *, generic: bool
) -> Instance:
    ops = topological(problem.operations)
    index = {op.key: i for i, op in enumerate(ops)}
    preds = tuple(frozenset(index[p] for p in op.predecessors) for op in ops)
    succs_l: list[set[int]] = [set() for _ in ops]
    for j, ps in enumerate(preds):
        for p in ps:
            succs_l[p].add(j)
    succ_all_l: list[frozenset[int]] = [frozenset()] * len(ops)
    for j in reversed(range(len(ops))):
        acc: set[int] = set(succs_l[j])
        for s in succs_l[j]:
            acc |= succ_all_l[s]
        succ_all_l[j] = frozenset(acc)
    minutes = tuple(tuple(operator_minutes(o, op) for op in ops) for o in operators)
    best: list[float | None] = []
    for j in range(len(ops)):
        times = [t for row in minutes if (t := row[j]) is not None]
        best.append(min(times) if times else None)
    return Instance(
        operations=ops,
        preds=preds,
        succs=tuple(frozenset(s) for s in succs_l),
        succ_all=tuple(succ_all_l),
        operators=operators,
        minutes=minutes,
        generic=generic,
        compatible=problem.compatible,
        max_ops=problem.max_operations_per_operator,
        best=tuple(best),
    )
