"""One cycle time, both directions of the line: bounds, heuristic plans, and the
branch-bound-remember search for "fits in m stations?"."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from seamline.engines.balancing.bounds import increment_times, two_way_lower_bound
from seamline.engines.balancing.data import LineData
from seamline.engines.balancing.graph import Graph, build_graph
from seamline.engines.balancing.heuristics import greedy, priority_rules
from seamline.engines.balancing.search import SearchTimeout, StationSearch

Plan = list[list[int]]  # stations in order, each a list of task numbers (1-based)


class Undecided:
    """The deadline came before the question was settled."""


UNDECIDED = Undecided()


@dataclass
class _Side:
    """One direction of the line (forward or reversed) prepared for a cycle time."""

    graph: Graph
    times: list[int]  # incremented task times, internal indices
    reverse: bool
    c: int
    _search: StationSearch | None = field(default=None, repr=False)

    @property
    def search(self) -> StationSearch:
        if self._search is None:
            self._search = StationSearch(self.graph, self.times, self.c)
        return self._search

    def plan(self, loads: list[list[int]]) -> Plan:
        """Loads of internal indices as a forward plan of task numbers."""
        stations = [[self.graph.label[i] for i in load] for load in loads]
        if self.reverse:
            stations = [list(reversed(s)) for s in reversed(stations)]
        return stations


def line_graphs(data: LineData) -> tuple[Graph, Graph]:
    """The line and the reversed line (the same for every cycle time)."""
    return build_graph(data), build_graph(data, reverse=True)


def greedy_plan(graphs: tuple[Graph, Graph], c: int) -> Plan:
    """The best plan of the priority rules, run on both directions (original times)."""
    best: Plan | None = None
    for graph, reverse in zip(graphs, (False, True), strict=True):
        side = _Side(graph, list(graph.times), reverse, c)
        for rule in priority_rules(graph, graph.times, c):
            plan = side.plan(greedy(graph, graph.times, c, rule))
            if best is None or len(plan) < len(best):
                best = plan
    assert best is not None
    return best


class CycleTimeCheck:
    """Everything about one cycle time c: a stations lower bound, greedy plans, and
    searches on the line and on the reversed line (whose memories are kept)."""

    def __init__(self, data: LineData, c: int, graphs: tuple[Graph, Graph] | None = None) -> None:
        self.data = data
        self.c = c
        forward, backward = graphs or line_graphs(data)
        inc = increment_times(forward, forward.times, c)
        by_task = {forward.label[i]: inc[i] for i in range(forward.n)}
        back_times = [by_task[backward.label[i]] for i in range(backward.n)]
        self.lower_bound = two_way_lower_bound(forward, backward, inc, c)
        self.sides = (_Side(forward, inc, False, c), _Side(backward, back_times, True, c))
        self.budget = 0.05
        self.width = 8

    def greedy_plan(self) -> Plan:
        return greedy_plan((self.sides[0].graph, self.sides[1].graph), self.c)

    def beam(self, m: int, deadline: float) -> Plan | None:
        """A plan of at most m stations from a beam search on either side, if found."""
        # the fullest of the first 16 loads per partial plan; from width 32 on, also a
        # beam that looks at `width` loads per partial plan (other plans on tight lines)
        tries = [(side, 16) for side in self.sides]
        if self.width > 16:
            tries += [(side, self.width) for side in self.sides]
        for side, per_state in tries:
            try:
                loads = side.search.beam(m, self.width, deadline, per_state=per_state)
            except SearchTimeout:
                continue
            if loads is not None:
                return side.plan(loads)
        return None

    def exact(self, m: int, deadline: float) -> Plan | None | Undecided:
        """One round of exact search on each side with the current budget."""
        for side in self.sides:
            try:
                loads = side.search.run(m, min(deadline, time.monotonic() + self.budget))
            except SearchTimeout:
                continue
            return None if loads is None else side.plan(loads)
        return UNDECIDED

    def grow(self) -> None:
        """Next round: twice the time for the exact search, twice the beam width."""
        self.budget *= 2
        self.width *= 2

    def fits(self, m: int, deadline: float) -> Plan | None | Undecided:
        """A plan with at most m stations, None if there is none, or UNDECIDED."""
        if self.lower_bound > m:
            return None
        while time.monotonic() < deadline:
            plan = self.beam(m, deadline)
            if plan is not None:
                return plan
            outcome = self.exact(m, deadline)
            if not isinstance(outcome, Undecided):
                return outcome
            self.grow()
        return UNDECIDED
