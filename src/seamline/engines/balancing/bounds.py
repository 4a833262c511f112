"""Lower bounds and reductions for SALBP (Scholl & Klein; Scholl 1999, ch. 5)."""

from __future__ import annotations

from collections.abc import Sequence

from seamline.engines.balancing.graph import Graph, bits


def half_weight(t: int, c: int) -> int:
    """LB2 weight in halves: a task longer than c/2 fills a station alone."""
    if 2 * t > c:
        return 2
    return 1 if 2 * t == c else 0


def third_weight(t: int, c: int) -> int:
    """LB3 weight in sixths: 1 above 2c/3, 2/3 at 2c/3, 1/2 in between c/3 and 2c/3,
    1/3 at c/3."""
    if 3 * t > 2 * c:
        return 6
    if 3 * t == 2 * c:
        return 4
    if 3 * t > c:
        return 3
    return 2 if 3 * t == c else 0


def stations_lower_bound(times: Sequence[int], c: int) -> int:
    """max(LB1, LB2, LB3): stations needed for tasks of these times at cycle time c."""
    if not times:
        return 0
    lb1 = -(-sum(times) // c)
    lb2 = -(-sum(half_weight(t, c) for t in times) // 2)
    lb3 = -(-sum(third_weight(t, c) for t in times) // 6)
    return max(lb1, lb2, lb3)


def bin_packing_bound(times: Sequence[int], c: int) -> int:
    """Martello & Toth's L2: for each k <= c/2, the tasks longer than c - k each fill a
    station, those in (c/2, c - k] each open one, and the tasks in [k, c/2] need what
    the latter leave idle, rounded up to whole stations."""
    desc = sorted(times, reverse=True)
    n = len(desc)
    prefix = [0]
    for t in desc:
        prefix.append(prefix[-1] + t)

    def count_above(x: float) -> int:  # tasks with time > x
        lo, hi = 0, n
        while lo < hi:
            mid = (lo + hi) // 2
            if desc[mid] > x:
                lo = mid + 1
            else:
                hi = mid
        return lo

    half = count_above(c / 2)
    best = 0
    for k in sorted({t for t in desc if 2 * t <= c} | {0}):
        big = count_above(c - k)  # J1
        mid_n = half - big  # J2
        mid_sum = prefix[half] - prefix[big]
        small_end = count_above(k - 0.5)  # tasks >= k
        small_sum = prefix[small_end] - prefix[half]
        extra = max(0, -(-(small_sum - (mid_n * c - mid_sum)) // c))
        best = max(best, big + mid_n + extra)
    return best


def increment_times(graph: Graph, times: Sequence[int], c: int) -> list[int]:
    """Task-time incrementing: a station holding task j holds at most t_j + s*, where s*
    is the largest sum of other tasks' times not above c - t_j (a subset sum over the
    tasks that may share a station with j). Raising t_j to c - s* keeps every feasible
    plan feasible and sharpens all bounds. Applied once per task, in order."""
    t = list(times)
    n = graph.n
    for j in range(n):
        room = c - t[j]
        if room <= 0:
            continue
        # tasks that can share j's station: not related by precedence, or related with
        # the chain fitting; keep it cheap: all tasks whose time fits the room
        reach = 1  # bit s set: some subset of partners sums to s
        full = (1 << (room + 1)) - 1
        best_bit = 1 << room
        for i in range(n):
            if i == j or t[i] > room:
                continue
            reach = (reach | (reach << t[i])) & full
            if reach & best_bit:
                break
        if reach & best_bit:
            continue
        s_star = reach.bit_length() - 1
        t[j] = c - s_star
    return t


def tails(graph: Graph, times: Sequence[int], c: int) -> list[int]:
    """Stations needed from task j's station to the end: bound of {j} and its successors."""
    out = []
    for j in range(graph.n):
        group = [times[j]] + [times[s] for s in bits(graph.succ_all[j])]
        out.append(stations_lower_bound(group, c))
    return out


def salbp1_lower_bound(graph: Graph, times: Sequence[int], c: int) -> int:
    """Stations lower bound: LB1-LB3 and the head/tail bounds of every task."""
    lb = stations_lower_bound(times, c)
    if graph.n:
        lb = max(lb, max(tails(graph, times, c)))
    return lb


def two_way_lower_bound(
    forward: Graph, backward: Graph, forward_times: Sequence[int], c: int
) -> int:
    """Stations bound from both directions: LB1-LB3 and, for every task j, the stations
    its predecessors need up to j's station plus those its successors need from it on,
    less the one station they share (head_j + tail_j - 1)."""
    if not forward.n:
        return 0
    by_task = {forward.label[i]: forward_times[i] for i in range(forward.n)}
    backward_times = [by_task[backward.label[i]] for i in range(backward.n)]
    tail = dict(zip(forward.label, tails(forward, forward_times, c), strict=True))
    head = dict(zip(backward.label, tails(backward, backward_times, c), strict=True))
    return max(
        stations_lower_bound(forward_times, c),
        bin_packing_bound(forward_times, c),
        max(head[j] + tail[j] - 1 for j in tail),
    )


def cycle_time_lower_bound(times: Sequence[int], m: int) -> int:
    """SALBP-2 bound for m stations: max(t_max, ceil(sum/m)) and, for k = 1, 2, ..., the
    k+1 shortest of the k*m+1 longest tasks (some station holds k+1 of them)."""
    if not times:
        return 0
    lb = max(max(times), -(-sum(times) // m))
    desc = sorted(times, reverse=True)
    k = 1
    while k * m + 1 <= len(desc):
        lb = max(lb, sum(desc[k * m - k : k * m + 1]))
        k += 1
    return lb
