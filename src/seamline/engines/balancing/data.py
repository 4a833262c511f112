"""Immutable problem data for simple assembly line balancing (SALBP)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineData:
    """A precedence graph of tasks (operations) with integer task times.

    Tasks are numbered ``1..n`` as in the classic data sets; ``precedences`` holds
    ``(before, after)`` pairs. The constructor checks the numbering, the times and that
    the precedence graph has no cycle.
    """

    task_times: tuple[int, ...]
    precedences: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        n = len(self.task_times)
        for i, t in enumerate(self.task_times, start=1):
            if not isinstance(t, int) or isinstance(t, bool) or t < 0:
                raise ValueError(f"task {i}: the time must be a non-negative integer, got {t!r}")
        for a, b in self.precedences:
            if not (1 <= a <= n and 1 <= b <= n):
                raise ValueError(f"precedence ({a}, {b}) names a task outside 1..{n}")
            if a == b:
                raise ValueError(f"precedence ({a}, {b}) links a task to itself")
        if len(topological_order(n, self.precedences)) != n:
            raise ValueError("the precedence graph has a cycle")

    @classmethod
    def build(cls, task_times: Sequence[int], precedences: Iterable[tuple[int, int]]) -> LineData:
        """Build from any sequences, dropping duplicate arcs."""
        arcs = tuple(dict.fromkeys((int(a), int(b)) for a, b in precedences))
        return cls(tuple(task_times), arcs)

    @property
    def n_tasks(self) -> int:
        return len(self.task_times)

    @property
    def total_time(self) -> int:
        return sum(self.task_times)

    def reversed(self) -> LineData:
        """The same line run backwards: every arc turned round."""
        return LineData(self.task_times, tuple((b, a) for a, b in self.precedences))


def topological_order(n: int, precedences: Iterable[tuple[int, int]]) -> list[int]:
    """Tasks ``1..n`` in an order that respects the arcs (shorter than n on a cycle)."""
    succs: list[list[int]] = [[] for _ in range(n + 1)]
    indegree = [0] * (n + 1)
    for a, b in precedences:
        succs[a].append(b)
        indegree[b] += 1
    stack = [j for j in range(n, 0, -1) if indegree[j] == 0]
    order: list[int] = []
    while stack:
        j = stack.pop()
        order.append(j)
        for s in succs[j]:
            indegree[s] -= 1
            if indegree[s] == 0:
                stack.append(s)
    return order
