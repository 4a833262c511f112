"""Line layouts: propose a balance of a sewing line for a style, adjust it by hand, put real
workers on its positions and save it as the line's layout.

The engine (`seamline.engines.balancing.garment.balance_line`) proposes; every figure of a
stored layout is then recomputed here by one pure function, :func:`figures`, from the shares
and the paces of the operators placed (measured from their scans by `shopfloor.skills`), so a
proposal and a hand-adjusted layout are measured the same way.

Minutes are actual minutes per garment of the line: an operator sewing ``share`` of an
operation of ``smv`` standard minutes at ``pace`` (standard minutes earned per minute worked)
spends ``smv * share / pace`` minutes per garment. The cycle time is the largest of the
operators' minutes (the bottleneck), the output per hour 60 / cycle, the balance efficiency
the standard minutes of the garment / (operators x cycle).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from seamline.catalog.choices import MachineType
from seamline.catalog.models import Operation, OperationDependency, Style
from seamline.engines.balancing.garment import BalanceProblem, LinePlan, Status, balance_line
from seamline.engines.balancing.garment import Operation as EngineOperation
from seamline.engines.balancing.garment import Operator as EngineOperator
from seamline.shopfloor import skills
from seamline.shopfloor.models import LayoutShare, Line, LineLayout, Worker
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.services import audit_record

PROPOSE_TIME_LIMIT_S = 5.0
ONE = Decimal("1")
SHARE_PLACES = Decimal("0.0001")
MINUTE_PLACES = Decimal("0.001")


class BalanceError:
    """Codes of refused balancing actions (the `code` of the ValidationError)."""

    TARGET = "target"
    NO_OPERATIONS = "no_operations"
    NO_WORKERS = "no_workers"
    INFEASIBLE = "infeasible"
    SHARES = "shares_do_not_sum"
    BAD_MOVE = "bad_move"
    WORKER_PLACED = "worker_placed"
    BAD_SLOT = "bad_slot"
    MACHINES = "machines"
    GRADE = "grade"


def _refuse(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- figures: one pure function for propose and adjust --------------------------------------


@dataclass(frozen=True, slots=True)
class LayoutRow:
    """Position `slot` sews `share` of operation `operation` (its key: the id as text)."""

    slot: int
    operation: str
    smv: float
    machine_type: str
    share: float


@dataclass(frozen=True, slots=True)
class Figures:
    minutes: dict[tuple[int, str], float]  # (slot, operation) -> actual minutes per garment
    slot_minutes: dict[int, float]  # slot -> its minutes per garment
    takt: float
    cycle_time: float
    bottleneck: int  # slot
    output_per_hour: float
    balance_efficiency: float
    operators: int

    def load(self, slot: int) -> float:
        return self.slot_minutes[slot] / self.takt if self.takt else 0.0


def pace(operator: EngineOperator | None, operation: str, machine_type: str) -> float:
    """The operator's pace at an operation: measured on it, else on its machine, else their
    default (1.0, the standard, for a generic operator)."""
    if operator is None:
        return 1.0
    measured = dict(operator.efficiency)
    value = measured.get(operation) or measured.get(machine_type) or operator.default_efficiency
    return value if value > 0 else 1.0


def figures(
    rows: Sequence[LayoutRow],
    paces: Mapping[int, EngineOperator],
    *,
    target_per_hour: int | None = None,
) -> Figures:
    """Every figure of a layout from its shares and the paces of the operators placed
    (`paces`: slot -> the placed worker's engine operator; a slot missing from it works at the
    standard pace). The takt is 60 / target, or the cycle reached when there is no target."""
    minutes: dict[tuple[int, str], float] = {}
    slot_minutes: dict[int, float] = defaultdict(float)
    standard = 0.0
    for row in rows:
        spent = row.smv * row.share / pace(paces.get(row.slot), row.operation, row.machine_type)
        minutes[(row.slot, row.operation)] = minutes.get((row.slot, row.operation), 0.0) + spent
        slot_minutes[row.slot] += spent
        standard += row.smv * row.share
    if not slot_minutes:
        return Figures({}, {}, 0.0, 0.0, 0, 0.0, 0.0, 0)
    bottleneck = max(sorted(slot_minutes), key=lambda s: slot_minutes[s])
    cycle = slot_minutes[bottleneck]
    operators = len(slot_minutes)
    takt = 60.0 / target_per_hour if target_per_hour else cycle
    return Figures(
        minutes=minutes,
        slot_minutes=dict(slot_minutes),
        takt=takt,
        cycle_time=cycle,
        bottleneck=bottleneck,
        output_per_hour=60.0 / cycle if cycle else 0.0,
        balance_efficiency=standard / (operators * cycle) if cycle else 0.0,
        operators=operators,
    )


def _dec(value: float, places: Decimal) -> Decimal:
    return Decimal(str(value)).quantize(places, ROUND_HALF_UP)


# --- reads -----------------------------------------------------------------------------------


@dataclass
class Position:
    """One operator position of a layout, as the table, chart and sheet show it."""

    slot: int
    worker: Worker | None
    shares: list[LayoutShare]
    minutes: Decimal
    load: Decimal  # minutes / takt
    is_bottleneck: bool

    @property
    def machines(self) -> list[str]:
        return sorted({s.operation.machine_type for s in self.shares})

    @property
    def load_percent(self) -> int:
        return int((self.load * 100).quantize(ONE, ROUND_HALF_UP))


def layout_rows() -> QuerySet[LineLayout]:
    """Layouts of the active tenant with their line and style, newest first per line."""
    return LineLayout.objects.select_related("line", "style", "created_by")


def layout_positions(layout: LineLayout) -> list[Position]:
    shares = list(
        LayoutShare.objects.filter(layout=layout)
        .select_related("operation", "worker")
        .order_by("slot", "operation__sequence")
    )
    by_slot: dict[int, list[LayoutShare]] = defaultdict(list)
    for share in shares:
        by_slot[share.slot].append(share)
    totals = {slot: sum((s.minutes for s in rows), Decimal(0)) for slot, rows in by_slot.items()}
    top = max(totals.values(), default=Decimal(0))
    bottleneck = next((slot for slot in sorted(totals) if totals[slot] == top), None)
    takt = layout.takt or Decimal(1)
    return [
        Position(
            slot=slot,
            worker=rows[0].worker,
            shares=rows,
            minutes=totals[slot],
            load=(totals[slot] / takt).quantize(SHARE_PLACES, ROUND_HALF_UP),
            is_bottleneck=slot == bottleneck,
        )
        for slot, rows in sorted(by_slot.items())
    ]


def standard_minutes(layout: LineLayout) -> Decimal:
    return sum((op.smv for op in Operation.objects.filter(style_id=layout.style_id)), Decimal(0))


# --- building the problem ----------------------------------------------------------------------


def _operations(style: Style) -> list[Operation]:
    return list(Operation.objects.filter(style=style).order_by("sequence", "pk"))


def _engine_operations(ops: Sequence[Operation]) -> tuple[EngineOperation, ...]:
    before: dict[int, list[str]] = defaultdict(list)
    for dep in OperationDependency.objects.filter(operation__in=ops).order_by("predecessor_id"):
        before[dep.operation_id].append(str(dep.predecessor_id))
    return tuple(
        EngineOperation(
            key=str(op.pk),
            smv=float(op.smv),
            machine_type=op.machine_type,
            grade=op.skill_grade or 1,
            predecessors=tuple(before[op.pk]),
        )
        for op in ops
    )


def worker_operators(workers: Sequence[Worker]) -> dict[int, EngineOperator]:
    """Worker id -> the engine operator with the worker's measured paces."""
    if not workers:
        return {}
    paces = skills.measured_paces([w.pk for w in workers])
    return {w.pk: skills.engine_operator(w, paces.get(w.pk)) for w in workers}


def _shares_to_decimal(plan: LinePlan) -> dict[tuple[str, str], Decimal]:
    """(operator, operation) -> share in 4 places, each operation's shares summing to 1
    exactly (the rounding rest goes to the operation's largest share)."""
    out: dict[tuple[str, str], Decimal] = {}
    by_op: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for s in plan.shares:
        if s.share <= 0:
            continue
        by_op[s.operation].append((s.operator, _dec(s.share, SHARE_PLACES)))
    for operation, parts in by_op.items():
        merged: dict[str, Decimal] = defaultdict(Decimal)
        for operator, share in parts:
            merged[operator] += share
        rest = ONE - sum(merged.values(), Decimal(0))
        if rest:
            largest = max(sorted(merged), key=lambda k: merged[k])
            merged[largest] += rest
        for operator, share in merged.items():
            if share > 0:
                out[(operator, operation)] = share
    return out


def _validate_target(target_per_hour: int | None, head_count: int | None) -> None:
    if (target_per_hour is None) == (head_count is None):
        raise _refuse(
            "target_per_hour",
            _("Give either a target output per hour or a number of operators, not both."),
            BalanceError.TARGET,
        )
    if target_per_hour is not None and target_per_hour <= 0:
        raise _refuse(
            "target_per_hour",
            _("The target output per hour must be at least 1."),
            BalanceError.TARGET,
        )
    if head_count is not None and head_count <= 0:
        raise _refuse(
            "head_count", _("The number of operators must be at least 1."), BalanceError.TARGET
        )


# --- writes ---------------------------------------------------------------------------------


def _save_figures(layout: LineLayout, fig: Figures) -> None:
    layout.operators = fig.operators
    layout.takt = _dec(fig.takt, MINUTE_PLACES)
    layout.cycle_time = _dec(fig.cycle_time, MINUTE_PLACES)
    layout.output_per_hour = _dec(fig.output_per_hour, Decimal("0.1"))
    layout.balance_efficiency = _dec(min(fig.balance_efficiency, 1.0), SHARE_PLACES)


@transaction.atomic
def layout_propose(
    *,
    line: Line,
    style: Style,
    target_per_hour: int | None,
    head_count: int | None,
    workers: Sequence[Worker] | None,
    by: Any,
    time_limit_s: float = PROPOSE_TIME_LIMIT_S,
) -> LineLayout:
    """Balance `line` for `style` (a target output per hour or a head count) and store the
    proposal as a draft layout. With `workers`, those real workers are placed, at their
    measured paces; without, generic operators at the standard pace."""
    _validate_target(target_per_hour, head_count)
    ops = _operations(style)
    if not ops:
        raise _refuse(
            "style",
            _("Style %(code)s has no operation bulletin to balance.") % {"code": style.code},
            BalanceError.NO_OPERATIONS,
        )
    placed: dict[int, EngineOperator] = {}
    if workers is not None:
        if not workers:
            raise _refuse(
                "workers", _("There are no workers to place on the line."), BalanceError.NO_WORKERS
            )
        placed = worker_operators(workers)
    worker_by_key = {placed[w.pk].key: w for w in workers or ()}
    operator_by_key = {op.key: op for op in placed.values()}
    problem = BalanceProblem(
        operations=_engine_operations(ops),
        operators=tuple(placed.values()),
        target_per_hour=float(target_per_hour) if target_per_hour else None,
        head_count=head_count,
    )
    # Strictly in line order every change of machine needs a new position, which can make a
    # small crew useless or the balance poor; the engine also tries sending a bundle back
    # upstream to an operator on the same machine and keeps the better plan.
    plan = balance_line(replace(problem, returns_allowed=True), time_limit_s=time_limit_s)
    if not plan.shares:
        raise _refuse(
            "workers" if workers is not None else "style",
            _(
                "No balance is possible: an operation has nobody of its grade or machine, "
                "or there are too few operators for the machines the bulletin needs in line "
                "order."
            ),
            BalanceError.INFEASIBLE,
        )
    if plan.status == Status.INFEASIBLE:
        raise _refuse(
            "target_per_hour",
            _("These workers reach %(output)s garments an hour at best, short of the target.")
            % {"output": f"{plan.output_per_hour:.0f}"},
            BalanceError.INFEASIBLE,
        )

    # Positions numbered in the order of the first operation each operator sews; with
    # returns, in the engine's line order (it keeps a split at consecutive positions and
    # its count of returns is for that order).
    sequence = {str(op.pk): n for n, op in enumerate(ops)}
    first: dict[str, int] = {}
    for s in plan.shares:
        first[s.operator] = min(first.get(s.operator, len(ops)), sequence.get(s.operation, 0))
    slot_of = {key: n for n, key in enumerate(sorted(first, key=lambda k: (first[k], k)), 1)}
    if plan.returns:
        slot_of = {ld.operator: n for n, ld in enumerate(plan.loads, 1)}
    shares = _shares_to_decimal(plan)
    op_by_key = {str(op.pk): op for op in ops}
    rows = [
        LayoutRow(
            slot_of[operator],
            operation,
            float(op_by_key[operation].smv),
            op_by_key[operation].machine_type,
            float(share),
        )
        for (operator, operation), share in shares.items()
    ]
    paces = {slot_of[k]: operator_by_key[k] for k in slot_of if k in operator_by_key}
    fig = figures(rows, paces, target_per_hour=target_per_hour)

    layout = LineLayout(
        line=line,
        style=style,
        name=f"{style.code} · {line.code}",
        target_per_hour=target_per_hour,
        head_count=head_count,
        lower_bound=_dec(plan.lower_bound, MINUTE_PLACES),
        solver_status=str(plan.status.value),
        returns=plan.returns,
        created_by=signed_in_user(by),
    )
    _save_figures(layout, fig)
    layout.full_clean(exclude=["tenant"])
    layout.save()
    LayoutShare.objects.bulk_create(
        [
            LayoutShare(
                tenant_id=layout.tenant_id,
                layout=layout,
                slot=slot_of[operator],
                worker=worker_by_key.get(operator),
                operation=op_by_key[operation],
                share=share,
                minutes=_dec(fig.minutes[(slot_of[operator], operation)], MINUTE_PLACES),
            )
            for (operator, operation), share in shares.items()
        ]
    )
    audit_record(
        actor=by,
        action="line_layout.propose",
        obj=layout,
        summary=layout.name,
        data={
            "operators": fig.operators,
            "status": layout.solver_status,
            "returns": layout.returns,
        },
    )
    return layout


@dataclass(frozen=True, slots=True)
class ShareEdit:
    """A hand change: move `share` of operation `operation_id` from position `from_slot` to
    `to_slot`; without `from_slot`, set `to_slot`'s share of the operation to `share` (0 takes
    the operation off that position). `to_slot` may be one past the last (a new position)."""

    operation_id: int
    to_slot: int
    share: Decimal
    from_slot: int | None = None


def _lock(layout: LineLayout) -> LineLayout:
    return LineLayout.objects.select_for_update().get(pk=layout.pk)


def _recompute(
    layout: LineLayout, table: dict[tuple[int, int], Decimal], workers: dict[int, Worker | None]
) -> None:
    """Rewrite the layout's shares from `table` ((slot, operation id) -> share) with slots
    renumbered 1..n in order, and every figure recomputed."""
    ops = {op.pk: op for op in _operations(layout.style)}
    used = sorted({slot for (slot, _op), share in table.items() if share > 0})
    renumber = {old: new for new, old in enumerate(used, 1)}
    placed = {renumber[s]: w for s, w in workers.items() if s in renumber and w is not None}
    operators = worker_operators(list({w.pk: w for w in placed.values()}.values()))
    paces = {slot: operators[w.pk] for slot, w in placed.items()}
    rows = [
        LayoutRow(
            renumber[slot], str(op_id), float(ops[op_id].smv), ops[op_id].machine_type, float(share)
        )
        for (slot, op_id), share in sorted(table.items())
        if share > 0
    ]
    fig = figures(rows, paces, target_per_hour=layout.target_per_hour)
    LayoutShare.objects.filter(layout=layout).delete()
    LayoutShare.objects.bulk_create(
        [
            LayoutShare(
                tenant_id=layout.tenant_id,
                layout=layout,
                slot=renumber[slot],
                worker=placed.get(renumber[slot]),
                operation=ops[op_id],
                share=share,
                minutes=_dec(fig.minutes[(renumber[slot], str(op_id))], MINUTE_PLACES),
            )
            for (slot, op_id), share in sorted(table.items())
            if share > 0
        ]
    )
    _save_figures(layout, fig)


def _table(layout: LineLayout) -> tuple[dict[tuple[int, int], Decimal], dict[int, Worker | None]]:
    table: dict[tuple[int, int], Decimal] = {}
    workers: dict[int, Worker | None] = {}
    for share in LayoutShare.objects.filter(layout=layout).select_related("worker"):
        table[(share.slot, share.operation_id)] = share.share
        workers.setdefault(share.slot, share.worker)
    return table, workers


def _check_machines(table: dict[tuple[int, int], Decimal], ops: dict[int, Operation]) -> None:
    """One position runs one machine type (hand work goes with any), as the engine plans."""
    machines: dict[int, set[str]] = defaultdict(set)
    for (slot, op_id), share in table.items():
        if share > 0 and ops[op_id].machine_type != MachineType.MANUAL:
            machines[slot].add(ops[op_id].machine_type)
    for slot, types in sorted(machines.items()):
        if len(types) > 1:
            raise _refuse(
                "to_slot",
                _("Operator no. %(slot)s would need several machines: %(machines)s.")
                % {"slot": slot, "machines": ", ".join(sorted(types))},
                BalanceError.MACHINES,
            )


@transaction.atomic
def layout_adjust(*, layout: LineLayout, moves: Sequence[ShareEdit], by: Any) -> LineLayout:
    """Apply the planner's hand changes and recompute every figure. Each operation's shares
    must still sum to 1 (refused otherwise, naming the operation); nothing is written then."""
    layout = _lock(layout)
    table, workers = _table(layout)
    ops = {op.pk: op for op in _operations(layout.style)}
    last = max((slot for slot, _op in table), default=0)
    for move in moves:
        op = ops.get(move.operation_id)
        if op is None:
            raise _refuse(
                "operation",
                _("That operation is not on this style's bulletin."),
                BalanceError.BAD_MOVE,
            )
        if not 1 <= move.to_slot <= last + 1 or (
            move.from_slot is not None and not 1 <= move.from_slot <= last
        ):
            raise _refuse(
                "to_slot",
                _("Operator no. %(slot)s is not on this layout.") % {"slot": move.to_slot},
                BalanceError.BAD_SLOT,
            )
        if move.to_slot == last + 1:
            last += 1
            workers.setdefault(move.to_slot, None)
        if move.share < 0 or move.share > ONE:
            raise _refuse("share", _("A share is between 0 and 1."), BalanceError.BAD_MOVE)
        share = move.share.quantize(SHARE_PLACES, ROUND_HALF_UP)
        if move.from_slot is None:
            table[(move.to_slot, op.pk)] = share
            continue
        if move.from_slot == move.to_slot:
            raise _refuse("to_slot", _("Move to another operator."), BalanceError.BAD_MOVE)
        has = table.get((move.from_slot, op.pk), Decimal(0))
        if share <= 0 or share > has:
            raise _refuse(
                "share",
                _("Operator no. %(slot)s sews only %(share)s of %(operation)s.")
                % {"slot": move.from_slot, "share": f"{has * 100:.2f} %", "operation": op.name},
                BalanceError.BAD_MOVE,
            )
        table[(move.from_slot, op.pk)] = has - share
        table[(move.to_slot, op.pk)] = table.get((move.to_slot, op.pk), Decimal(0)) + share
    _check_machines(table, ops)
    for op_id, op in ops.items():
        total = sum((s for (_slot, o), s in table.items() if o == op_id), Decimal(0))
        if total != ONE:
            raise _refuse(
                "share",
                _(
                    "The shares of operation %(sequence)s %(operation)s sum to %(total)s; "
                    "they must sum to 1."
                )
                % {"sequence": op.sequence, "operation": op.name, "total": f"{total:.4f}"},
                BalanceError.SHARES,
            )
    _recompute(layout, table, workers)
    layout.returns = _returns(table, ops)
    layout.edited = True
    layout.save()
    audit_record(
        actor=by,
        action="line_layout.adjust",
        obj=layout,
        summary=layout.name,
        data={"moves": len(moves), "cycle_time": str(layout.cycle_time)},
    )
    return layout


def _returns(table: Mapping[tuple[int, int], Decimal], ops: Mapping[int, Operation]) -> int:
    """Precedences whose operation is sewn at a position before the last position of its
    predecessor: each sends bundles back upstream (the engine counts them the same way)."""
    slots: dict[int, list[int]] = defaultdict(list)
    for (slot, op_id), share in table.items():
        if share > 0:
            slots[op_id].append(slot)
    arcs = OperationDependency.objects.filter(operation_id__in=list(ops)).values_list(
        "predecessor_id", "operation_id"
    )
    return sum(
        1
        for before, after in arcs
        if slots.get(before) and slots.get(after) and min(slots[after]) < max(slots[before])
    )


@transaction.atomic
def layout_assign(*, layout: LineLayout, slot: int, worker: Worker | None, by: Any) -> LineLayout:
    """Put `worker` on position `slot` (None: leave it to fill); the figures are recomputed
    with the worker's measured pace. A worker holds one position of a layout."""
    layout = _lock(layout)
    table, workers = _table(layout)
    if slot not in workers:
        raise _refuse(
            "slot",
            _("Operator no. %(slot)s is not on this layout.") % {"slot": slot},
            BalanceError.BAD_SLOT,
        )
    if worker is not None:
        if not worker.is_active:
            raise _refuse("worker", _("This worker is not active."), BalanceError.WORKER_PLACED)
        elsewhere = [
            s for s, w in workers.items() if w is not None and w.pk == worker.pk and s != slot
        ]
        if elsewhere:
            raise _refuse(
                "worker",
                _("%(name)s is already on operator no. %(slot)s.")
                % {"name": worker.name, "slot": elsewhere[0]},
                BalanceError.WORKER_PLACED,
            )
    if worker is not None:
        needs = max(
            (
                s.operation
                for s in LayoutShare.objects.filter(layout=layout, slot=slot).select_related(
                    "operation"
                )
            ),
            key=lambda op: op.skill_grade,
        )
        if worker.skill_grade < needs.skill_grade:
            raise _refuse(
                "worker",
                _("%(name)s has skill grade %(grade)s; %(operation)s needs %(needs)s.")
                % {
                    "name": worker.name,
                    "grade": worker.skill_grade,
                    "operation": needs.name,
                    "needs": needs.skill_grade,
                },
                BalanceError.GRADE,
            )
    workers[slot] = worker
    _recompute(layout, table, workers)
    layout.save()
    audit_record(
        actor=by,
        action="line_layout.assign",
        obj=layout,
        summary=f"{slot}: {worker.code if worker else '-'}",
    )
    return layout


@transaction.atomic
def layout_activate(*, layout: LineLayout, by: Any) -> LineLayout:
    """Make `layout` its line's layout; the line's previous one is no longer."""
    list(LineLayout.objects.select_for_update().filter(line_id=layout.line_id))
    layout = _lock(layout)
    if layout.is_active:
        return layout
    previous = list(
        LineLayout.objects.filter(line_id=layout.line_id, is_active=True).exclude(pk=layout.pk)
    )
    for old in previous:
        old.is_active = False
        old.save(update_fields=["is_active", "updated_at"])
    layout.is_active = True
    layout.save(update_fields=["is_active", "updated_at"])
    audit_record(
        actor=by,
        action="line_layout.activate",
        obj=layout,
        summary=layout.name,
        data={"previous": [old.pk for old in previous]},
    )
    return layout
