"""An independent checker: is a returned plan allowed by the problem?

Written apart from the model on purpose (it shares no code with it), so the tests and
the benchmark can verify every plan the engine returns against the rules themselves:
quantities add up, capabilities, bids, minimum batches, and the capacity before each
due date when a factory works its lines earliest-due-first.
"""

from __future__ import annotations

from collections import defaultdict

from seamline.engines.allocation.data import AllocationProblem, Bid
from seamline.engines.allocation.result import AllocationResult

TOLERANCE = 1e-6  # relative, on minutes and on the objective


def valid_bids(problem: AllocationProblem) -> dict[tuple[str, str], Bid]:
    """The bid that counts for each (factory, line): one ready by the line's due period,
    the cheapest if a factory bid more than once (then the larger quantity)."""
    due = {line.key: line.due_period for line in problem.lines}
    chosen: dict[tuple[str, str], Bid] = {}
    for bid in problem.bids:
        if bid.line not in due or bid.ready_period > due[bid.line] or bid.quantity <= 0:
            continue
        key = (bid.factory, bid.line)
        best = chosen.get(key)
        if best is None or (bid.price, -bid.quantity) < (best.price, -best.quantity):
            chosen[key] = bid
    return chosen


def plan_cost(problem: AllocationProblem, result: AllocationResult) -> float:
    """The objective of ``result``'s plan, computed from the problem's own prices."""
    factories = {f.key: f for f in problem.factories}
    lines = {line.key: line for line in problem.lines}
    bids = valid_bids(problem)
    total = 0.0
    for a in result.assignments:
        f, line = factories[a.factory], lines[a.line]
        risk = line.smv * problem.lateness_penalty * f.lateness_risk
        bid = bids.get((a.factory, a.line))
        per_garment = bid.price + risk if bid else line.smv * f.cost_per_minute + risk
        total += a.quantity * per_garment
    for key, garments in result.unplaced.items():
        total += garments * lines[key].smv * problem.unplaced_penalty
    return total


def violations(problem: AllocationProblem, result: AllocationResult) -> list[str]:
    """Every rule ``result`` breaks, in words; an empty list for an allowed plan."""
    out: list[str] = []
    factories = {f.key: f for f in problem.factories}
    lines = {line.key: line for line in problem.lines}
    bids = valid_bids(problem)
    placed: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    work: dict[str, list[tuple[int, float]]] = defaultdict(list)  # factory -> (due, minutes)
    for a in result.assignments:
        if a.factory not in factories or a.line not in lines:
            out.append(f"{a.factory}/{a.line}: unknown factory or line")
            continue
        if (a.factory, a.line) in seen:
            out.append(f"{a.factory}/{a.line}: assigned twice")
        seen.add((a.factory, a.line))
        f, line = factories[a.factory], lines[a.line]
        if not isinstance(a.quantity, int) or a.quantity <= 0:
            out.append(f"{a.factory}/{a.line}: quantity {a.quantity!r} is not a positive int")
            continue
        placed[a.line] += a.quantity
        if not line.required <= f.capabilities:
            out.append(f"{a.factory}/{a.line}: lacks {sorted(line.required - f.capabilities)}")
        batch = max(f.min_batch, line.min_batch)
        if a.quantity < batch:
            out.append(f"{a.factory}/{a.line}: {a.quantity} below the batch {batch}")
        bid = bids.get((a.factory, a.line))
        if bid is not None and a.quantity > bid.quantity:
            out.append(f"{a.factory}/{a.line}: {a.quantity} above the bid {bid.quantity}")
        if a.bid != (bid is not None):
            out.append(f"{a.factory}/{a.line}: bid flag {a.bid} is wrong")
        if abs(a.minutes - a.quantity * line.smv) > TOLERANCE * max(1.0, a.minutes):
            out.append(f"{a.factory}/{a.line}: minutes {a.minutes} != quantity x SMV")
        horizon = len(f.capacity)
        if line.due_period < 0 or horizon == 0:
            out.append(f"{a.factory}/{a.line}: no period before the due date")
            continue
        work[a.factory].append((min(line.due_period, horizon - 1), a.quantity * line.smv))
    for key, line in lines.items():
        left = result.unplaced.get(key, 0)
        if not isinstance(left, int) or left < 0:
            out.append(f"{key}: unplaced {left!r} is not a non-negative int")
        elif placed[key] + left != line.quantity:
            out.append(f"{key}: placed {placed[key]} + unplaced {left} != {line.quantity}")
    out.extend(
        f"{key}: unplaced for an unknown line" for key in result.unplaced if key not in lines
    )
    for key, jobs in work.items():
        capacity = factories[key].capacity
        for p in range(len(capacity)):
            need = sum(minutes for due, minutes in jobs if due <= p)
            have = float(sum(capacity[: p + 1]))
            if need > have + TOLERANCE * max(1.0, have):
                out.append(f"{key}: {need:.2f} min due by period {p} > {have:.0f} free")
    cost = plan_cost(problem, result)
    if abs(cost - result.objective) > TOLERANCE * max(1.0, abs(cost)):
        out.append(f"objective {result.objective} != the plan's cost {cost}")
    if result.bound > result.objective + TOLERANCE * max(1.0, abs(result.objective)):
        out.append(f"bound {result.bound} above the objective {result.objective}")
    return out
