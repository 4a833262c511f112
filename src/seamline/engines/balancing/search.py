"""Station-oriented branch, bound and remember for "does the line fit in m stations?".

Stations are filled one after another with maximal loads of available tasks (a load to
which no available task could still be added). A load is enumerated once, in increasing
task index (the numbering is topological, so tasks made available by a load member come
later). Pruning: the idle time of all stations may not exceed m*c - sum(t) (LB1), the
LB2/LB3 weights of the tasks left, the tail bound of every unassigned task, and a memory
of assigned-task sets already shown not to fit in the stations left (the "remember" of
Sewell & Jacobson's BB&R). Loads are tried fullest first (Hoffmann's rule), and among
equally full ones those of fewest tasks: long tasks go early, the short ones are kept to
fill the stations still to come. The search stops at its deadline and goes on from there
at the next call for the same number of stations, so growing time budgets never redo
work (BARTHOL2 at c = 85 fits in 50 stations: found after about 0.6 s of uninterrupted
search, but not within 10 s when every budget started over from the first station). A
beam search over the same loads finds good plans fast.

While a load is built, a task is added only if the load can still reach the minimum
load: a subset-sum test over the tasks that may still join. On tight lines the same few
thousand task sets come back again and again, so their sums are cached, and the tasks
barred by a skipped task are carried down the enumeration instead of recomputed (SCHOLL
at c = 1483: the reversed line's search for 47 stations goes through the same tree, same
memory, in ~10 s instead of ~28 s with the sums recomputed at every step).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Generator, Iterator, Sequence

from seamline.engines.balancing.bounds import half_weight, tails, third_weight
from seamline.engines.balancing.graph import Graph

CHUNK = 512
SUMS_BYTES = 16_000_000  # memory for the cached subset sums (c + 1 bits a task set)

# (load time, members, assigned mask after, available mask after, LB2 weight, LB3 weight)
Load = tuple[int, tuple[int, ...], int, int, int, int]
Path = tuple[tuple[int, ...], "Path"] | tuple[()]


def _fill_key(entry: Load) -> tuple[int, int]:
    """Fullest load first; among equally full ones, the one of fewest (so longer) tasks:
    the short tasks are left to fill the stations still to come."""
    return -entry[0], len(entry[1])


class SearchTimeout(Exception):
    """The deadline passed before the search finished."""


class StationSearch:
    """Searches plans of at most m stations for one graph, task times and cycle time.

    The memory is kept between calls, so asking for m, then m+1, reuses the work.
    """

    def __init__(self, graph: Graph, times: Sequence[int], c: int) -> None:
        self.graph = graph
        self.times = list(times)
        self.c = c
        self.w2 = [half_weight(t, c) for t in self.times]
        self.w3 = [third_weight(t, c) for t in self.times]
        tail = tails(graph, self.times, c)
        top = max(tail, default=0)
        # tail_mask[r]: tasks that need more than r stations from their own station on
        self.tail_mask = [0] * (top + 1)
        for r in range(top + 1):
            mask = 0
            for j, tj in enumerate(tail):
                if tj > r:
                    mask |= 1 << j
            self.tail_mask[r] = mask
        self.memo: dict[int, int] = {}
        self._sums: dict[int, int] = {}
        self._sums_cap = max(1_000, SUMS_BYTES // (c // 8 + 64))
        self._pending: tuple[int, Generator[None, None, list[list[int]] | None]] | None = None
        self.deadline = 0.0
        # asked now and then besides the deadline: True pauses the search as a deadline
        # would (another process has answered the question)
        self.interrupted: Callable[[], bool] = never
        self.counter = 0
        first = 0
        for j in range(graph.n):
            if not graph.preds[j]:
                first |= 1 << j
        self.first = first
        self.maximal_loads = self._make_enumerator()
        if sys.getrecursionlimit() < 4 * graph.n + 200:
            sys.setrecursionlimit(4 * graph.n + 200)

    def _make_enumerator(self) -> Callable[[int, int, int], Iterator[Load | None]]:
        c, times, w2, w3 = self.c, self.times, self.w2, self.w3
        preds, succs = self.graph.preds, self.graph.succs
        succ_all, full = self.graph.succ_all, self.graph.full
        clock = time.monotonic
        cache = self._sums
        sums = self._subset_sums

        def joinable(assigned: int, avail: int, lo: int, cap: int, need: int, barred: int) -> bool:
            """Can tasks still joinable bring the load into [min load, c]? Subset sums
            of the available tasks from lo on (usually enough), then also of the later
            tasks that may become available: all but the successors of skipped
            available tasks (`barred`; every unassigned task follows an available
            one). Sums are cached by task set."""
            if need > cap:
                return False
            pool = (avail >> lo) << lo
            reach = cache.get(pool)
            if reach is None:
                reach = sums(pool, 1, pool)
            span = (2 << (cap - need)) - 1  # loads need..cap, shifted down by need
            if (reach >> need) & span:
                return True
            extra = ((full & ~assigned) >> lo << lo) & ~avail & ~barred
            if not extra:
                return False
            both = pool | extra
            more = cache.get(both)
            if more is None:
                more = sums(both, reach, extra)
            return bool((more >> need) & span)

        def extend(
            assigned: int,
            avail: int,
            lo: int,
            load: int,
            lw2: int,
            lw3: int,
            members: tuple[int, ...],
            min_load: int,
            barred: int,
        ) -> Iterator[Load | None]:
            """Loads extending `members` by available tasks from index lo on; the
            caller has checked that the minimum load is still within reach."""
            self.counter += 1
            if self.counter & 4095 == 0 and (clock() > self.deadline or self.interrupted()):
                yield None  # a pause: the consumer stops, or resumes later from here
            cap = c - load
            tight = min_load > load  # else no load below needs the check (nor barred)
            x = (avail >> lo) << lo
            fitted = False
            while x:
                low = x & -x
                x ^= low
                i = low.bit_length() - 1
                ti = times[i]
                if ti > cap:
                    if tight:
                        barred |= succ_all[i]
                    continue
                fitted = True
                a2 = assigned | low
                av2 = avail ^ low
                for s in succs[i]:
                    if not preds[s] & ~a2:
                        av2 |= 1 << s
                need = min_load - load - ti
                if need <= 0 or joinable(a2, av2, i + 1, cap - ti, need, barred):
                    yield from extend(
                        a2,
                        av2,
                        i + 1,
                        load + ti,
                        lw2 + w2[i],
                        lw3 + w3[i],
                        (*members, i),
                        min_load,
                        barred,
                    )
                if tight:
                    barred |= succ_all[i]  # i is skipped by the siblings still to come
            if fitted or load < min_load or not members:
                return
            # maximal: no skipped available task fits either
            y = avail & ((1 << lo) - 1)
            while y:
                low = y & -y
                y ^= low
                if times[low.bit_length() - 1] <= cap:
                    return
            yield (load, members, assigned, avail, lw2, lw3)

        def maximal_loads(assigned: int, avail: int, min_load: int) -> Iterator[Load | None]:
            """Maximal loads, with None for a pause when the deadline has passed."""
            if min_load > 0 and not joinable(assigned, avail, 0, c, min_load, 0):
                return iter(())
            return extend(assigned, avail, 0, 0, 0, 0, (), min_load, 0)

        return maximal_loads

    def _subset_sums(self, pool: int, reach: int, extra: int) -> int:
        """Bit s set: some tasks of the pool take s time units together (s <= c), from
        the sums `reach` of the pool without `extra`. The load enumeration asks this of
        the same few thousand task sets again and again, so it is cached."""
        if len(self._sums) >= self._sums_cap:
            self._sums.clear()
        times, window = self.times, (1 << (self.c + 1)) - 1
        while extra:
            low = extra & -extra
            extra ^= low
            reach |= (reach << times[low.bit_length() - 1]) & window
        self._sums[pool] = reach
        return reach

    def count_first_loads(self, m: int, cap: int) -> int:
        """How many maximal loads the first station of an m-station plan may take
        (at most cap; the count stops there)."""
        self.deadline = float("inf")
        min_load = sum(self.times) - (m - 1) * self.c
        count = 0
        for entry in self.maximal_loads(0, self.first, min_load):
            if entry is not None:
                count += 1
                if count >= cap:
                    break
        return count

    def _hopeless(self, assigned: int, r: int, rem: int, rw2: int, rw3: int) -> bool:
        """Bounds: the tasks left cannot fit in r stations."""
        if r <= 0 or rem > r * self.c or rw2 > 2 * r or rw3 > 6 * r:
            return True
        return r < len(self.tail_mask) and bool(self.tail_mask[r] & ~assigned)

    def run(self, m: int, deadline: float) -> list[list[int]] | None:
        """Loads (internal indices) of a plan with at most m stations, or None if none
        exists. Raises SearchTimeout at the deadline; the next call for the same m goes
        on from where this one stopped (no work is done twice)."""
        self.deadline = deadline
        if self.graph.n == 0:
            return []
        if self._pending is None or self._pending[0] != m:
            self._pending = (m, self._search(m))
        try:
            next(self._pending[1])
        except StopIteration as done:
            self._pending = None
            plan: list[list[int]] | None = done.value
            return plan
        raise SearchTimeout

    def _search(self, m: int) -> Generator[None, None, list[list[int]] | None]:
        """The depth-first search for m stations; it yields when the deadline passes."""
        c = self.c
        full = self.graph.full
        memo = self.memo
        hopeless = self._hopeless
        maximal_loads = self.maximal_loads
        clock = time.monotonic
        found: list[list[int]] = []

        def station(
            assigned: int, avail: int, k: int, rem: int, rw2: int, rw3: int, path: Path
        ) -> Generator[None, None, bool]:
            if assigned == full:
                found.extend(_unwind(path))
                return True
            r = m - k
            if memo.get(assigned, 0) >= r or hopeless(assigned, r, rem, rw2, rw3):
                return False
            if clock() > self.deadline:
                yield
            min_load = rem - (r - 1) * c  # the other r-1 stations take at most (r-1)*c
            candidates = maximal_loads(assigned, avail, min_load)
            while True:
                # fullest loads first, in chunks to bound the memory
                chunk: list[Load] = []
                for entry in candidates:
                    if entry is None:
                        yield
                        continue
                    chunk.append(entry)
                    if len(chunk) == CHUNK:
                        break
                if not chunk:
                    break
                chunk.sort(key=_fill_key)
                for load, members, a2, av2, lw2, lw3 in chunk:
                    child = station(
                        a2, av2, k + 1, rem - load, rw2 - lw2, rw3 - lw3, (members, path)
                    )
                    if (yield from child):
                        return True
            if memo.get(assigned, 0) < r:
                memo[assigned] = r
            return False

        if (yield from station(0, self.first, 0, sum(self.times), sum(self.w2), sum(self.w3), ())):
            return found
        return None

    def _beam_key(self, item: tuple[int, tuple[int, int, int, int, Path]]) -> tuple[int, int, int]:
        """Least work left first; among equals, the least precedence-bound remainder, then
        the least LB3 weight left (long tasks placed early)."""
        assigned, (_, rem, _, rw3, _) = item
        unassigned = ~assigned
        r = 0
        for r, mask in enumerate(self.tail_mask):  # noqa: B007
            if not mask & unassigned:
                break
        return rem, r, rw3

    def beam(
        self,
        m: int,
        width: int,
        deadline: float,
        per_state: int = 16,
        tie_break: bool = True,
    ) -> list[list[int]] | None:
        """Beam search for a plan of at most m stations: level by level keep the `width`
        partial plans with the least idle time, each extended by its fullest loads among
        the first `per_state` enumerated. None if the beam dies out."""
        self.deadline = deadline
        c, full = self.c, self.graph.full
        total = sum(self.times)
        # assigned -> (avail, rem, rw2, rw3, path)
        level: dict[int, tuple[int, int, int, int, Path]] = {
            0: (self.first, total, sum(self.w2), sum(self.w3), ())
        }
        for k in range(m):
            if full in level:
                break
            r = m - k
            nxt: dict[int, tuple[int, int, int, int, Path]] = {}
            for assigned, (avail, rem, rw2, rw3, path) in level.items():
                if self.memo.get(assigned, 0) >= r or self._hopeless(assigned, r, rem, rw2, rw3):
                    continue
                min_load = rem - (r - 1) * c
                options = _first(self.maximal_loads(assigned, avail, min_load), per_state)
                options.sort(key=_fill_key)
                for load, members, a2, av2, lw2, lw3 in options[: max(2, width // 4)]:
                    if a2 not in nxt:
                        nxt[a2] = (av2, rem - load, rw2 - lw2, rw3 - lw3, (members, path))
            if not nxt:
                return None
            key = self._beam_key if tie_break else _rem_key
            best = sorted(nxt.items(), key=key)[:width]
            level = dict(best)
        if full in level:
            return _unwind(level[full][4])
        return None


def never() -> bool:
    return False


def _first(loads: Iterator[Load | None], k: int) -> list[Load]:
    """The first k loads; SearchTimeout at a pause."""
    out: list[Load] = []
    for entry in loads:
        if entry is None:
            raise SearchTimeout
        out.append(entry)
        if len(out) >= k:
            break
    return out


def _rem_key(item: tuple[int, tuple[int, int, int, int, Path]]) -> int:
    return item[1][1]


def _unwind(path: Path) -> list[list[int]]:
    plan: list[list[int]] = []
    node = path
    while node:
        plan.append(list(node[0]))
        node = node[1]
    plan.reverse()
    return plan
