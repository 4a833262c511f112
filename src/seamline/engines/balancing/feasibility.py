"""One cycle time, both directions of the line: bounds, heuristic plans, and the
branch-bound-remember search for "fits in m stations?"."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from seamline.engines.balancing.bounds import increment_times, two_way_lower_bound
from seamline.engines.balancing.data import LineData
from seamline.engines.balancing.graph import Graph, build_graph
from seamline.engines.balancing.heuristics import greedy, priority_rules
from seamline.engines.balancing.search import SearchTimeout, StationSearch, never

Plan = list[list[int]]  # stations in order, each a list of task numbers (1-based)


class Undecided:
    """The deadline came before the question was settled."""


UNDECIDED = Undecided()
FIRST_LOADS_CAP = 5_000  # enough to tell a narrow first station from a wide one
WIND_DOWN_S = 0.15  # the longest overrun of a search past its deadline, measured


def search_deadline(start: float, time_limit: float) -> float:
    """When the searches stop, so that the answer is back within the time limit: they look
    at the clock every few thousand loads, and a second process is stopped at the end."""
    return start + time_limit - min(WIND_DOWN_S, time_limit / 20)


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
        self._first_loads_for: tuple[int, tuple[int, int]] | None = None

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

    def exact(self, m: int, deadline: float, skip: int | None = None) -> Plan | None | Undecided:
        """One round of exact search on each side (but `skip`, searched elsewhere) with
        the current budget, the larger share to the side that branches less at its first
        station."""
        for index, (side, share) in enumerate(zip(self.sides, self._shares(m), strict=True)):
            if index == skip:
                continue
            budget = self.budget * (1.0 if skip is not None else share)
            try:
                loads = side.search.run(m, min(deadline, time.monotonic() + budget))
            except SearchTimeout:
                continue
            return None if loads is None else side.plan(loads)
        return UNDECIDED

    def narrow_side(self, m: int) -> int:
        """The side (0 forward, 1 reversed) whose first station admits fewer loads."""
        forward, backward = self._first_loads(m)
        return 1 if backward < forward else 0

    def interrupt_on(self, interrupted: Callable[[], bool] | None) -> None:
        """Pause both sides' searches (beam and exact) as soon as this says True (None:
        only at their deadlines)."""
        for side in self.sides:
            side.search.interrupted = interrupted or never

    def _shares(self, m: int) -> tuple[float, float]:
        """Budget shares of the two sides for m stations. As in SALOME (Scholl & Klein),
        the direction with fewer first-station loads usually has the smaller tree: when
        one side has a tenth of the other's loads or less, it gets three quarters of the
        time (SCHOLL at c = 1483, 47 stations: 3 first loads on the reversed line, 2,964
        forward; only the reversed search finds the plan within seconds)."""
        forward, backward = self._first_loads(m)
        if forward * 10 <= backward:
            return (1.5, 0.5)
        if backward * 10 <= forward:
            return (0.5, 1.5)
        return (1.0, 1.0)

    def _first_loads(self, m: int) -> tuple[int, int]:
        """How many loads the first station of an m-station plan may take on each side
        (counted up to a cap)."""
        if self._first_loads_for is None or self._first_loads_for[0] != m:
            forward, backward = (
                side.search.count_first_loads(m, FIRST_LOADS_CAP) for side in self.sides
            )
            self._first_loads_for = (m, (forward, backward))
        return self._first_loads_for[1]

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
