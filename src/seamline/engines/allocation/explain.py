"""Why each factory got what it got, read off the returned plan (so it is true of it)."""

from __future__ import annotations

from seamline.engines.allocation.model import EPS, Prepared, free_minutes
from seamline.engines.allocation.repair import Plan
from seamline.engines.allocation.result import Assignment, Explanation, Reason


def assignments(plan: Plan) -> tuple[Assignment, ...]:
    prep = plan.prep
    out = []
    for j in sorted((j for j, q in enumerate(plan.x) if q), key=lambda j: (prep.pairs[j].line, j)):
        pair = prep.pairs[j]
        q = plan.x[j]
        out.append(
            Assignment(
                factory=prep.problem.factories[pair.factory].key,
                line=prep.problem.lines[pair.line].key,
                quantity=q,
                minutes=q * pair.smv,
                cost=q * pair.per_garment,
                bid=pair.bid,
            )
        )
    return tuple(out)


def _free_before_latest_due(prep: Prepared, fi: int) -> float:
    if prep.by_factory[fi]:
        return free_minutes(prep, fi)
    factory = prep.problem.factories[fi]
    dues = [
        min(prep.problem.lines[li].due_period, len(factory.capacity) - 1) for li in prep.capable[fi]
    ]
    dues = [d for d in dues if d >= 0]
    return prep.cumulative[fi][max(dues)] if dues else 0.0


def explanations(plan: Plan, *, fair: bool = False) -> tuple[Explanation, ...]:
    """One per factory, in the problem's order; ``fair``: the plan came from fair mode."""
    prep = plan.prep
    pairs = prep.pairs
    cheapest = [min((pairs[j].per_garment for j in js), default=0.0) for js in prep.by_line]
    # per line, the per-garment cost of the cheapest pair that got work
    taken = [
        min((pairs[j].per_garment for j in js if plan.x[j]), default=None) for js in prep.by_line
    ]
    out = []
    for fi, factory in enumerate(prep.problem.factories):
        js = prep.by_factory[fi]
        got = [j for j in js if plan.x[j]]
        quantity = sum(plan.x[j] for j in got)
        minutes = sum(plan.x[j] * pairs[j].smv for j in got)
        free = _free_before_latest_due(prep, fi)
        reasons: list[Reason] = []
        if got:
            if any(pairs[j].bid for j in got):
                reasons.append(Reason.BID)
            if any(
                not pairs[j].bid and pairs[j].per_garment <= cheapest[pairs[j].line] + EPS
                for j in got
            ):
                reasons.append(Reason.LOWEST_COST)
            if fair:
                reasons.append(Reason.FAIR_SHARE)
            if any(_full(plan, j) for j in got):
                reasons.append(Reason.CAPACITY_FULL)
        else:
            if prep.missing[fi]:
                reasons.append(Reason.MISSING_CAPABILITY)
            if prep.no_capacity[fi]:
                reasons.append(Reason.NO_CAPACITY_BEFORE_DUE)
            if prep.below_batch[fi] or any(
                0 < plan.left[pairs[j].line] < pairs[j].batch for j in js
            ):
                reasons.append(Reason.BELOW_MIN_BATCH)
            dearer = [
                j
                for j in js
                if (t := taken[pairs[j].line]) is not None and t < pairs[j].per_garment - EPS
            ]
            if dearer:
                reasons.append(Reason.COSTLIER)
            if any(_priced_out_by_risk(prep, j, taken[pairs[j].line]) for j in dearer):
                reasons.append(Reason.HIGH_RISK)
        out.append(
            Explanation(
                factory=factory.key,
                quantity=quantity,
                minutes=minutes,
                free_minutes=free,
                utilisation=minutes / free if free > 0 else 0.0,
                cost_per_minute=prep.per_minute[fi],
                reasons=tuple(reasons),
                missing=tuple(sorted(prep.missing[fi])),
            )
        )
    return tuple(out)


def _full(plan: Plan, j: int) -> bool:
    """Not one more garment of pair ``j``'s line fits before its due date."""
    pair = plan.prep.pairs[j]
    return min(plan.slack[pair.factory][pair.due :]) < pair.smv - EPS


def _priced_out_by_risk(prep: Prepared, j: int, taken: float | None) -> bool:
    """Without its risk penalty the pair would have been as cheap as one that got work."""
    pair = prep.pairs[j]
    factory = prep.problem.factories[pair.factory]
    risk = pair.smv * prep.problem.lateness_penalty * factory.lateness_risk
    return taken is not None and risk > 0 and pair.per_garment - risk <= taken + EPS
