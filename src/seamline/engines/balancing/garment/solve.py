"""Balance a garment line: :func:`balance_line`.

The operators of the returned plan stand in line order (``LinePlan.loads``: position 1
first). Rules every plan keeps (checked by :func:`check.check_plan`):

* an operator does an operation only when their grade reaches the operation's and the
  machine type is among their ``machines`` (when they list any);
* an operator does at most ``max_operations_per_operator`` operations, all on one machine
  type or on types of one ``compatible`` group; hand work (machine type ``MANUAL``:
  trimming, turning, folding) goes with any machine;
* an operation is done by one operator or split over operators at consecutive positions
  (parallel stations); its shares sum to 1 and are derived from minutes (not rounded);
* for every precedence i before j: the last position of i is not after the first of j,
  and they share a position only when one operator does all of i and all of j;
* target mode: every operator's minutes stay within the takt (status INFEASIBLE
  otherwise, see below);
* no sliver (a share of a split operation under 10 % of it or under 0.1 minute, see
  :mod:`slivers`) unless merging it would raise the cycle by more than 1 % (or above
  the takt): the merge pass drops, or grows to a proper share, every other one.

Modes. ``target_per_hour``: takt = 60 / target; the fewest operators (then the shortest
cycle with that many) - real operators are placed from ``problem.operators``, generic ones
(keys ``G1``, ``G2``... at ``default_efficiency``, any grade and machine) are created as
needed; ``head_count``, if also given, caps them. ``head_count`` alone: the shortest cycle
with at most that many operators (real ones: at most that many of them).

Returns mode (``returns_allowed``): the bundle may go back upstream to an operator on the
same machine, so precedence no longer limits who does what: the line is balanced per
machine option (one type or a compatible group; grades, the operation limit, splits and
the takt stay), then the positions are put in line order (runs of positions joined by a
split together, by their earliest operation in a topological order) and
``LinePlan.returns`` counts the precedences i -> j with j at a position before the last of
i. Other fillings at the same cycle are tried for fewer returns (a secondary aim). The
bounds (work, machine classes, LP) do not use the line order and hold here too; the exact
model is a MIP without positions (:func:`exact.solve_returns_exact`), warm-started from the
heuristic's plan.

Status. OPTIMAL when the plan meets the proven ``lower_bound`` (target mode: of the
operators; head count: of the cycle time); FEASIBLE otherwise. INFEASIBLE when an
operation has no eligible operator (no shares then), when the operators cannot cover the
machines or the operation limit, or when the target cannot be reached with the operators
at hand: then the plan is the best cycle they reach (loads above 1 against the takt).

Search. A station-filling heuristic (:mod:`heuristic`) with several priority rules and
random restarts and a bisection on the cycle time, then swaps of real operators between
positions (:func:`heuristic.improve_operators`). Bounds (:mod:`bounds`, :mod:`relax`): work,
machine classes, and for real operators the LP relaxation. On small lines (:func:`exact.
applicable`) an exact MIP (:mod:`exact`, HiGHS) then proves the optimum or improves the
plan; its plans pass :func:`check.check_plan` before they are used. The search returns
early once the plan meets the bound or after ``STALL`` restarts without a gain, otherwise
after about 90 % of ``time_limit_s``. Last, :func:`slivers.merge_slivers` re-divides the
split operations that have slivers (who does what stays; a position left with nothing
is dropped); a head-count plan that paid for it with a little cycle is then FEASIBLE.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

from seamline.engines.balancing.garment.bounds import cycle_lower_bound, operators_lower_bound
from seamline.engines.balancing.garment.check import check_plan
from seamline.engines.balancing.garment.data import BalanceProblem
from seamline.engines.balancing.garment.exact import (
    applicable,
    returns_applicable,
    solve_exact,
    solve_returns_exact,
)
from seamline.engines.balancing.garment.heuristic import (
    Station,
    count_returns,
    fill,
    improve_operators,
    line_order,
    positional_weights,
    without_line_order,
)
from seamline.engines.balancing.garment.instance import (
    MANUAL,
    Instance,
    build_instance,
    generic_operators,
)
from seamline.engines.balancing.garment.relax import lp_cycle_bound, lp_operators_bound
from seamline.engines.balancing.garment.result import LinePlan, OperatorLoad, Share, Status
from seamline.engines.balancing.garment.slivers import SLACK, merge_slivers

BISECTION_STEPS = 14
RESTART_NOISE = 0.35
STALL = 400  # restarts without a gain before the search gives up early
RETURN_TRIES = 80  # returns mode: fillings tried for fewer returns at the plan's cycle
RETURN_TIME_S = 0.5  # ... and at most this long
RETURNS_HEURISTIC_SHARE = 0.5  # returns mode: the heuristic's share of the time before the MIP


def _validate(problem: BalanceProblem) -> None:
    if problem.target_per_hour is None and problem.head_count is None:
        raise ValueError("give target_per_hour or head_count")
    if problem.target_per_hour is not None and problem.target_per_hour <= 0:
        raise ValueError("target_per_hour must be positive")
    if problem.head_count is not None and problem.head_count < 1:
        raise ValueError("head_count must be at least 1")
    if problem.max_operations_per_operator < 1:
        raise ValueError("max_operations_per_operator must be at least 1")
    if problem.default_efficiency <= 0:
        raise ValueError("default_efficiency must be positive")
    for op in problem.operations:
        if op.smv <= 0:
            raise ValueError(f"operation {op.key}: smv must be positive")
    keys = [o.key for o in problem.operators]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate operator key")


def _cycle(stations: list[Station], inst: Instance) -> float:
    return max((s.load for s in stations), default=0.0)


# priority, rng, noise, spare, split_short (see heuristic.fill)
Rule = tuple[list[float], random.Random | None, float, float, bool]


def _priorities(inst: Instance, seed: int) -> Iterator[Rule]:
    """Priority rules for the filling: positional weight, then the number of followers,
    then the bulletin order; afterwards random perturbations of the positional weight and
    of the operator choice."""
    pw = positional_weights(inst)
    yield pw, None, 0.0, 1.0, True
    yield pw, None, 0.0, 1.0, False
    followers = [len(inst.succ_all[j]) + pw[j] / (1 + max(pw)) for j in range(inst.n)]
    yield followers, None, 0.0, 1.0, True
    yield [float(inst.n - j) for j in range(inst.n)], None, 0.0, 1.0, True
    rng = random.Random(seed)  # noqa: S311 - reproducible, not a secret
    while True:
        spare = rng.choice((0.5, 1.0, 2.0, 3.0))
        split_short = rng.random() < 0.5
        yield [w * (1 + RESTART_NOISE * rng.random()) for w in pw], rng, 0.2, spare, split_short


def _search_operators(
    inst: Instance, takt: float, limit: int, lower: int, deadline: float
) -> list[Station] | None:
    """Fewest stations keeping every load within the takt."""
    best: list[Station] | None = None
    last_gain = 0
    for tries, (prio, rng, noise, spare, split_short) in enumerate(_priorities(inst, 7)):
        if tries >= 3 and (time.monotonic() >= deadline or tries - last_gain > STALL):
            break
        cap = limit if best is None else len(best) - 1
        if cap < lower:
            break
        stations = fill(inst, takt, cap, prio, rng, noise, spare, split_short)
        if stations is not None and (best is None or len(stations) < len(best)):
            best, last_gain = stations, tries
    return best


def _search_cycle(
    inst: Instance, limit: int, lower: float, upper: float | None, deadline: float
) -> list[Station] | None:
    """Shortest cycle with at most ``limit`` stations, below ``upper`` if given."""
    best: list[Station] | None = None
    best_c = math.inf if upper is None else upper
    last_gain = 0
    for tries, (prio, rng, noise, spare, split_short) in enumerate(_priorities(inst, 11)):
        if tries >= 1 and (time.monotonic() >= deadline or tries - last_gain > STALL):
            break
        if best is not None and best_c <= lower * (1 + 1e-9):
            break
        if math.isinf(best_c):
            # find any feasible cycle: grow from the bound
            c = max(lower, max(inst.best_minutes(j) or 0.0 for j in range(inst.n)) / 4, 1e-6)
            total = sum(max((r[j] or 0.0) for r in inst.minutes) for j in range(inst.n))
            while c <= 4 * total + 1:
                stations = fill(inst, c, limit, prio, rng, noise, spare, split_short)
                if stations is not None:
                    best, best_c = stations, _cycle(stations, inst)
                    break
                c *= 1.5
            if best is None:
                if tries >= 3:
                    return None
                continue
        # first: can this rule beat the incumbent at all?
        probe = best_c * (1 - 1e-4)
        if probe < lower:
            probe = lower
        stations = fill(inst, probe, limit, prio, rng, noise, spare, split_short)
        if stations is None:
            continue
        best, best_c, last_gain = stations, _cycle(stations, inst), tries
        lo = lower
        for _ in range(BISECTION_STEPS):
            if time.monotonic() >= deadline or best_c <= lower * (1 + 1e-9):
                break
            mid = (lo + best_c) / 2
            stations = fill(inst, mid, limit, prio, rng, noise, spare, split_short)
            if stations is None:
                lo = mid
            else:
                best, best_c = stations, _cycle(stations, inst)
    return best


def _plan(
    inst: Instance,
    problem: BalanceProblem,
    stations: list[Station],
    *,
    takt: float | None,
    lower_bound: float,
    status: Status,
    started: float,
) -> LinePlan:
    improve_operators(inst, stations)
    found_cycle = _cycle(stations, inst)
    stations = merge_slivers(inst, stations, takt, reference=found_cycle)
    returns = 0
    if problem.returns_allowed:
        stations, _ = _fewer_returns(problem, inst, stations)
        stations = merge_slivers(inst, stations, takt, reference=found_cycle)
        returns = count_returns(problem, inst, stations)
    shares: list[Share] = []
    loads: list[OperatorLoad] = []
    for st in stations:
        operator = inst.operators[st.operator]
        minutes_by_type: dict[str, float] = {}
        total = 0.0
        for j, share in st.shares:
            op = inst.operations[j]
            t = inst.minutes[st.operator][j]
            assert t is not None
            minutes = share * t
            total += minutes
            minutes_by_type[op.machine_type] = minutes_by_type.get(op.machine_type, 0.0) + minutes
            shares.append(
                Share(operation=op.key, operator=operator.key, share=share, minutes=minutes)
            )
        machines = {k: v for k, v in minutes_by_type.items() if k != MANUAL} or minutes_by_type
        loads.append(
            OperatorLoad(
                operator=operator.key,
                operations=tuple(inst.operations[j].key for j, _ in st.shares),
                machine_type=max(machines, key=lambda k: machines[k]) if machines else MANUAL,
                minutes=total,
                load=0.0,
            )
        )
    cycle = max((ld.minutes for ld in loads), default=0.0)
    if takt is None and status is Status.OPTIMAL and cycle > lower_bound * (1 + SLACK):
        status = Status.FEASIBLE  # a merged sliver cost a little cycle (more than rounding)
    takt_value = takt if takt is not None else cycle
    loads = [
        OperatorLoad(
            operator=ld.operator,
            operations=ld.operations,
            machine_type=ld.machine_type,
            minutes=ld.minutes,
            load=ld.minutes / takt_value if takt_value > 0 else 0.0,
        )
        for ld in loads
    ]
    bottleneck = max(loads, key=lambda ld: ld.minutes).operator if loads else ""
    standard = sum(op.smv for op in problem.operations)
    return LinePlan(
        shares=tuple(shares),
        loads=tuple(loads),
        takt=takt_value,
        cycle_time=cycle,
        bottleneck=bottleneck,
        output_per_hour=60.0 / cycle if cycle > 0 else 0.0,
        balance_efficiency=standard / (len(loads) * cycle) if loads and cycle > 0 else 0.0,
        operators_needed=len(loads),
        lower_bound=lower_bound,
        status=status,
        runtime_s=time.monotonic() - started,
        returns=returns,
    )


def _fewer_returns(
    problem: BalanceProblem, inst: Instance, stations: list[Station]
) -> tuple[list[Station], int]:
    """Returns mode: the stations in line order and their returns; other fillings at the
    same cycle with no more operators are tried for fewer returns (the secondary aim)."""
    best = line_order(inst, stations)
    best_r = count_returns(problem, inst, best)
    cycle, m = _cycle(stations, inst), len(stations)
    stop = time.monotonic() + RETURN_TIME_S
    for tries, (prio, rng, noise, spare, split_short) in enumerate(_priorities(inst, 5)):
        if best_r == 0 or tries >= RETURN_TRIES or time.monotonic() >= stop:
            break
        found = fill(inst, cycle, m, prio, rng, noise, spare, split_short)
        if found is None:
            continue
        improve_operators(inst, found)
        if _cycle(found, inst) > cycle * (1 + 1e-9) or len(found) > m:
            continue
        found = line_order(inst, found)
        r = count_returns(problem, inst, found)
        if r < best_r:
            best, best_r = found, r
    return best, best_r


def _empty(takt: float | None, lower_bound: float, status: Status, started: float) -> LinePlan:
    return LinePlan(
        shares=(),
        loads=(),
        takt=takt or 0.0,
        cycle_time=0.0,
        bottleneck="",
        output_per_hour=0.0,
        balance_efficiency=0.0,
        operators_needed=0,
        lower_bound=lower_bound,
        status=status,
        runtime_s=time.monotonic() - started,
    )


def balance_line(problem: BalanceProblem, *, time_limit_s: float = 5.0) -> LinePlan:
    """The balance of ``problem``'s line (see the module docstring for the rules).

    In returns mode a plan in strict line order is a plan too (with no returns): half the
    time goes to it, half to the balance per machine, and the better one is returned, the
    line-order plan on a tie — so allowing returns never gives a worse balance."""
    if not problem.returns_allowed:
        return _balance(problem, time_limit_s)
    strict = _balance(replace(problem, returns_allowed=False), time_limit_s / 2)
    returns = _balance(problem, time_limit_s / 2)
    head_count = problem.target_per_hour is None
    return strict if _as_good(strict, returns, head_count=head_count) else returns


def _as_good(first: LinePlan, second: LinePlan, *, head_count: bool) -> bool:
    """Whether ``first`` is at least as good as ``second``: one that places the work (and
    meets the target) beats one that does not; then, for a head count, the shorter cycle
    (to the thousandth of a minute) and fewer operators; for a target, fewer operators
    and the shorter cycle."""

    def rank(plan: LinePlan) -> tuple[bool, bool, float, float]:
        usable = bool(plan.shares) and plan.status != Status.INFEASIBLE
        cycle = round(plan.cycle_time, 3) if plan.shares else math.inf
        operators = plan.operators_needed if usable else 0
        if head_count:
            return (not usable, not plan.shares, cycle, operators)
        return (not usable, not plan.shares, operators, cycle)

    return rank(first) <= rank(second)


def _balance(problem: BalanceProblem, time_limit_s: float) -> LinePlan:
    started = time.monotonic()
    deadline = started + max(0.0, time_limit_s) * 0.9
    _validate(problem)
    target = problem.target_per_hour
    takt = 60.0 / target if target is not None else None
    if not problem.operations:
        return _empty(takt, 0.0, Status.OPTIMAL, started)
    real = bool(problem.operators)
    if takt is not None:
        if real:
            limit = len(problem.operators)
        else:
            probe = build_instance(problem, generic_operators(problem, 1), generic=True)
            limit = sum(math.ceil((probe.minutes[0][j] or 0.0) / takt) + 1 for j in range(probe.n))
        if problem.head_count is not None:
            limit = min(limit, problem.head_count)
    else:
        assert problem.head_count is not None
        limit = min(problem.head_count, len(problem.operators)) if real else problem.head_count
    pool = problem.operators if real else generic_operators(problem, limit)
    inst = build_instance(problem, pool, generic=not real)
    if any(inst.best_minutes(j) is None for j in range(inst.n)):
        return _empty(takt, 0.0, Status.INFEASIBLE, started)
    if problem.returns_allowed:
        inst = without_line_order(inst)
    small_enough, exact = _exact_model(problem)

    if takt is not None:
        lower_ops = operators_lower_bound(inst, takt)
        if real:
            lp_ops = lp_operators_bound(inst, takt)
            if lp_ops is not None:
                lower_ops = max(lower_ops, math.ceil(lp_ops - 1e-6))
        if lower_ops <= limit:
            small = small_enough(inst, limit)
            budget_ops = started + (
                min((deadline - started) * 0.2, 0.3) if small else (deadline - started) * 0.6
            )
            stations = _search_operators(inst, takt, limit, lower_ops, budget_ops)
            positions = limit if stations is None else len(stations)
            if (stations is None or positions > lower_ops) and small_enough(inst, positions):
                # fewer operators (or any plan)? the exact model over that many positions
                found, proven, dual = exact(
                    inst, positions, takt, (deadline - time.monotonic()) * 0.6, stations
                )
                if (
                    found is not None
                    and (stations is None or len(found) < len(stations))
                    and _valid(problem, inst, found, takt)
                ):
                    stations = found
                if proven and found is not None and stations is not None:
                    lower_ops = max(lower_ops, min(len(stations), math.ceil(dual - 1e-6)))
            if stations is not None:
                m = len(stations)
                status = Status.OPTIMAL if m <= lower_ops else Status.FEASIBLE
                # then the shortest cycle with that many operators
                tighter = _search_cycle(
                    inst, m, _cycle_bound(inst, m, real=real), _cycle(stations, inst), deadline
                )
                if tighter is not None and _cycle(tighter, inst) < _cycle(stations, inst):
                    stations = tighter
                return _plan(
                    inst,
                    problem,
                    stations,
                    takt=takt,
                    lower_bound=float(lower_ops),
                    status=status,
                    started=started,
                )
        # the target is out of reach: the best cycle with all the operators at hand
        lower_c = _cycle_bound(inst, limit, real=real)
        stations = _best_cycle(inst, limit, lower_c, deadline, started, time_limit_s)
        if stations is None:
            return _empty(takt, float(lower_ops), Status.INFEASIBLE, started)
        return _plan(
            inst,
            problem,
            stations,
            takt=takt,
            lower_bound=float(lower_ops),
            status=Status.INFEASIBLE,
            started=started,
        )

    lower_c = _cycle_bound(inst, limit, real=real)
    if math.isinf(lower_c) or limit * inst.max_ops < inst.n:
        return _empty(None, 0.0, Status.INFEASIBLE, started)
    small = small_enough(inst, limit)
    heuristic_deadline = started + min((deadline - started) * 0.3, 0.3) if small else deadline
    if small and problem.returns_allowed:
        # the heuristic's plan is the model's warm start: give it time
        heuristic_deadline = started + (deadline - started) * RETURNS_HEURISTIC_SHARE
    stations = _best_cycle(
        inst, limit, lower_c, heuristic_deadline, started, 0.0 if small else time_limit_s
    )
    if small and (stations is None or _cycle(stations, inst) > lower_c * (1 + 1e-9)):
        found, proven, dual = exact(inst, limit, None, deadline - time.monotonic(), stations)
        if (
            found is not None
            and (stations is None or _cycle(found, inst) < _cycle(stations, inst))
            and _valid(problem, inst, found, None)
        ):
            stations = found
        if stations is not None and found is not None:
            if proven:
                lower_c = max(lower_c, min(_cycle(stations, inst), dual * (1 - 1e-7)))
                if _cycle(stations, inst) <= dual * (1 + 1e-6):
                    lower_c = _cycle(stations, inst)
            elif dual > 0:
                lower_c = max(lower_c, min(_cycle(stations, inst), dual * (1 - 1e-7)))
    if stations is None:
        return _empty(None, lower_c, Status.INFEASIBLE, started)
    cycle = _cycle(stations, inst)
    status = Status.OPTIMAL if cycle <= lower_c * (1 + 1e-9) else Status.FEASIBLE
    return _plan(
        inst,
        problem,
        stations,
        takt=None,
        lower_bound=min(lower_c, cycle),
        status=status,
        started=started,
    )


Exact = Callable[
    [Instance, int, float | None, float, list[Station] | None],
    tuple[list[Station] | None, bool, float],
]


def _exact_model(problem: BalanceProblem) -> tuple[Callable[[Instance, int], bool], Exact]:
    """The exact model's size gate and solver: positions along the line (strict), or a
    balance per machine option without positions (returns mode, warm-started from the
    heuristic's plan)."""
    if problem.returns_allowed:

        def returns_model(
            inst: Instance,
            positions: int,
            takt: float | None,
            time_limit: float,
            start: list[Station] | None,
        ) -> tuple[list[Station] | None, bool, float]:
            return solve_returns_exact(
                inst, positions, takt=takt, time_limit=time_limit, start=start
            )

        return returns_applicable, returns_model

    def strict_model(
        inst: Instance,
        positions: int,
        takt: float | None,
        time_limit: float,
        start: list[Station] | None,
    ) -> tuple[list[Station] | None, bool, float]:
        return solve_exact(inst, positions, takt=takt, time_limit=time_limit)

    return applicable, strict_model


def _valid(
    problem: BalanceProblem, inst: Instance, stations: list[Station], takt: float | None
) -> bool:
    """A MIP solution is kept only if, rounded as it is, it passes the checker."""
    plan = _plan(
        inst, problem, stations, takt=takt, lower_bound=0.0, status=Status.FEASIBLE, started=0.0
    )
    return not check_plan(problem, plan)


def _cycle_bound(inst: Instance, operators: int, *, real: bool) -> float:
    """The machine-class and work bounds; for real operators also the LP relaxation."""
    bound = cycle_lower_bound(inst, operators)
    if real and not math.isinf(bound):
        lp = lp_cycle_bound(inst, operators)
        if lp is not None:
            bound = max(bound, lp)
    return bound


def _best_cycle(
    inst: Instance, limit: int, lower: float, deadline: float, started: float, time_limit_s: float
) -> list[Station] | None:
    if math.isinf(lower):
        return None
    stations = _search_cycle(inst, limit, lower, None, deadline)
    if stations is None and time_limit_s > 0:
        # last resort past the deadline: a slower, wider search for any plan
        stations = _search_cycle(inst, limit, lower, None, started + max(time_limit_s, 1.0))
    return stations
