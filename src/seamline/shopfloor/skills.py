"""Worker skills learned from scans, who is present today, and a line's output against its layout.

Reads only. The balancing screens call `measured_paces` and `engine_operator` to give the
engine measured paces instead of guesses, and `present_workers` to re-balance with the
workers clocked in today; the line page shows `layout_expectation`.

How a pace is measured (`measured_paces`):
- Only `credited` scans count, those of the last `days` days (local days of the factory's
  time zone, today included) up to `until`.
- Earned standard minutes of a scan = its credited pieces x the operation's SMV.
- Minutes worked for a scan = the time since the worker's previous credited scan of the
  same local day, or, for the day's first scan, since their clock-in that day
  (`Attendance`). A day's first scan with no clock-in before it has no start: it is left
  out of the paces (neither earned nor worked minutes count).
- The cap rule: a gap longer than `GAP_LIMIT` (60 min) is not all work — it holds a lunch
  or tea break, a machine breakdown, a meeting, idle time waiting for bundles — so it counts
  at most `GAP_CAP` (2) x the scan's standard minutes (the gap itself when shorter). A
  worker can then look at worst half as fast as the standard because of a break, never
  ten times slower. Gaps up to 60 minutes count in full: that is how a slow worker is seen.
- Paces are added up per operation, per machine type and overall; one with fewer than
  `MIN_SCANS` scans or `MIN_MINUTES` minutes worked is not reported (too few samples: the
  engine falls back to the machine type, then to the default).
- Two queries, whatever the number of scans: the scans (with their operation's SMV and
  machine) and the attendance rows of those days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, Sum
from django.db.models.functions import ExtractHour
from django.utils import timezone

from seamline.catalog.models import Operation
from seamline.engines.balancing.garment import Operator
from seamline.shopfloor import floor
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Attendance, Line, LineLayout, Scan, Worker

GAP_LIMIT = dt.timedelta(minutes=60)  # a longer gap holds a break or idle time
GAP_CAP = 2  # ... and counts at most this many times the scan's standard minutes
MIN_SCANS = 3  # fewer scans than this: no pace reported
MIN_MINUTES = Decimal(30)  # fewer minutes worked than this: no pace reported
# The engine is given paces within these bounds: a pace outside them is a measuring
# artefact (bundles scanned in a batch, a forgotten scan), not a person's speed.
ENGINE_EFFICIENCY = (0.3, 2.0)
EFFICIENCY = Decimal("0.001")
MINUTES = Decimal("0.01")
TENTH = Decimal("0.1")


# --- paces ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pace:
    """Standard minutes earned per minute worked over `scans` scans (1.000 = the standard)."""

    efficiency: Decimal
    pieces: int
    earned_minutes: Decimal
    worked_minutes: Decimal
    scans: int

    @property
    def percent(self) -> Decimal:
        return (self.efficiency * 100).quantize(TENTH, ROUND_HALF_UP)


@dataclass(frozen=True)
class WorkerPaces:
    """One worker's measured paces; only those with enough samples are present.

    `machines` holds every machine type the worker did credited work on in the period
    (with or without enough samples for a pace)."""

    by_operation: dict[int, Pace]
    by_machine: dict[str, Pace]
    overall: Pace | None
    machines: frozenset[str] = frozenset()


@dataclass
class _Tally:
    pieces: int = 0
    earned: Decimal = Decimal(0)
    worked: Decimal = Decimal(0)
    scans: int = 0

    def add(self, pieces: int, earned: Decimal, worked: Decimal) -> None:
        self.pieces += pieces
        self.earned += earned
        self.worked += worked
        self.scans += 1

    def pace(self) -> Pace | None:
        if self.scans < MIN_SCANS or self.worked < MIN_MINUTES or self.worked <= 0:
            return None
        return Pace(
            efficiency=(self.earned / self.worked).quantize(EFFICIENCY, ROUND_HALF_UP),
            pieces=self.pieces,
            earned_minutes=self.earned.quantize(MINUTES, ROUND_HALF_UP),
            worked_minutes=self.worked.quantize(MINUTES, ROUND_HALF_UP),
            scans=self.scans,
        )


def worked_minutes(gap: dt.timedelta, standard: Decimal) -> Decimal:
    """Minutes of work a gap between two scans stands for, under the cap rule."""
    minutes = Decimal(int(gap.total_seconds())) / 60
    if minutes <= 0:
        return Decimal(0)
    if gap > GAP_LIMIT:
        return min(minutes, standard * GAP_CAP)
    return minutes


def measured_paces(
    worker_ids: Iterable[int] | None = None,
    *,
    days: int = 28,
    until: dt.datetime | None = None,
) -> dict[int, WorkerPaces]:
    """Each worker's paces per operation, per machine type and overall (see the module).

    Workers with no credited scans in the period are absent from the answer.
    """
    until = until or timezone.now()
    zone = timezone.get_current_timezone()
    last_day = until.astimezone(zone).date()
    first_day = last_day - dt.timedelta(days=max(1, days) - 1)
    since = floor.day_bounds(first_day)[0]

    scans = Scan.objects.filter(
        status=ScanStatus.CREDITED, scanned_at__gte=since, scanned_at__lt=until
    )
    attendance = Attendance.objects.filter(day__gte=first_day, day__lte=last_day)
    if worker_ids is not None:
        ids = list(set(worker_ids))
        if not ids:
            return {}
        scans = scans.filter(worker_id__in=ids)
        attendance = attendance.filter(worker_id__in=ids)
    rows = scans.order_by("worker_id", "scanned_at", "pk").values_list(
        "worker_id", "operation_id", "scanned_at", "quantity", "operation__smv",
        "operation__machine_type",
    )  # fmt: skip
    clock_in = {
        (worker_id, day): at
        for worker_id, day, at in attendance.order_by().values_list("worker_id", "day", "clock_in")
    }

    by_op: dict[int, dict[int, _Tally]] = defaultdict(lambda: defaultdict(_Tally))
    by_machine: dict[int, dict[str, _Tally]] = defaultdict(lambda: defaultdict(_Tally))
    overall: dict[int, _Tally] = defaultdict(_Tally)
    machines: dict[int, set[str]] = defaultdict(set)
    previous: tuple[int, dt.date, dt.datetime] | None = None
    for worker_id, op_id, scanned_at, pieces, smv, machine in rows:
        machines[worker_id].add(machine)
        day = scanned_at.astimezone(zone).date()
        if previous is not None and previous[:2] == (worker_id, day):
            start: dt.datetime | None = previous[2]
        else:
            start = clock_in.get((worker_id, day))
            if start is not None and start > scanned_at:
                start = None  # scanned before clocking in: no start known
        previous = (worker_id, day, scanned_at)
        if start is None:
            continue
        standard = smv * pieces
        worked = worked_minutes(scanned_at - start, standard)
        by_op[worker_id][op_id].add(pieces, standard, worked)
        by_machine[worker_id][machine].add(pieces, standard, worked)
        overall[worker_id].add(pieces, standard, worked)

    result = {}
    for worker_id, types in machines.items():
        op_paces = {op: tally.pace() for op, tally in by_op[worker_id].items()}
        machine_paces = {m: tally.pace() for m, tally in by_machine[worker_id].items()}
        result[worker_id] = WorkerPaces(
            by_operation={op: p for op, p in op_paces.items() if p is not None},
            by_machine={m: p for m, p in machine_paces.items() if p is not None},
            overall=overall[worker_id].pace() if worker_id in overall else None,
            machines=frozenset(types),
        )
    return result


def _bounded(pace: Pace) -> float:
    low, high = ENGINE_EFFICIENCY
    return min(high, max(low, float(pace.efficiency)))


def engine_operator(
    worker: Worker, paces: WorkerPaces | None, *, default: float = 0.75
) -> Operator:
    """The balancing engine's operator for `worker`, with its measured paces.

    Paces by operation are keyed by the operation's id as text (the engine's operation
    key), by machine type by its code; where nothing was measured, the worker's overall
    pace, else `default`; each held within `ENGINE_EFFICIENCY`. Machines are not limited:
    the scans say how fast a worker is on a machine, not that they cannot run another (a
    narrow history would otherwise make a line impossible to balance); an unmeasured
    machine gets the worker's overall pace.
    """
    if paces is None:
        return Operator(key=str(worker.pk), grade=worker.skill_grade, default_efficiency=default)
    pairs = [(str(op_id), _bounded(p)) for op_id, p in sorted(paces.by_operation.items())]
    pairs += [(machine, _bounded(p)) for machine, p in sorted(paces.by_machine.items())]
    return Operator(
        key=str(worker.pk),
        grade=worker.skill_grade,
        efficiency=tuple(pairs),
        default_efficiency=_bounded(paces.overall) if paces.overall else default,
    )


# --- who is here -----------------------------------------------------------------------------


def present_workers(line: Line, day: dt.date) -> list[Worker]:
    """Active workers who clocked in on `day` to `line` (or, clocked in with no line, whose
    line it is), by employee number: the crew to re-balance with when some are absent."""
    here = Attendance.objects.filter(day=day).filter(
        Q(line=line) | Q(line__isnull=True, worker__line=line)
    )
    return list(
        Worker.objects.filter(is_active=True, pk__in=here.values("worker_id")).order_by("code")
    )


# --- the line's output against its layout ----------------------------------------------------


@dataclass(frozen=True)
class HourExpectation:
    """One hour of the day: garments the layout expects against those finished.

    For the current hour the expectation runs pro rata up to now; a later hour of the day
    has no shortfall yet (None). `shortfall` is negative when the line is ahead."""

    hour: int
    label: str
    expected: Decimal
    actual: int
    shortfall: Decimal | None
    is_current: bool
    bar_pct: int  # actual against expected, at most 100

    @property
    def met(self) -> bool:
        return self.shortfall is not None and self.shortfall <= 0


@dataclass(frozen=True)
class LayoutExpectation:
    """A line's day against its active layout; iterating gives the hours."""

    layout_id: int
    layout_name: str
    style_code: str
    output_per_hour: Decimal
    operators: int
    final_operation: str
    hours: list[HourExpectation] = field(default_factory=list)

    def __iter__(self) -> Iterator[HourExpectation]:
        return iter(self.hours)

    def __len__(self) -> int:
        return len(self.hours)

    @property
    def expected(self) -> Decimal:
        return sum((h.expected for h in self.hours if h.shortfall is not None), Decimal(0))

    @property
    def actual(self) -> int:
        return sum(h.actual for h in self.hours)

    @property
    def shortfall(self) -> Decimal:
        return self.expected - self.actual


def active_layout(line: Line) -> LineLayout | None:
    return (
        LineLayout.objects.filter(line=line, is_active=True)
        .select_related("style")
        .order_by("-pk")
        .first()
    )


def layout_expectation(
    line: Line, day: dt.date, *, now: dt.datetime | None = None
) -> LayoutExpectation | None:
    """Per working hour of `day`: the active layout's output per hour against the garments
    finished on `line` (credited at the last operation of the layout style's bulletin).

    None when the line has no active layout. Four queries. The hours are those of the
    floor's hourly output (first clock-in to the line's working day, plus any hour with
    output and the current hour)."""
    layout = active_layout(line)
    if layout is None:
        return None
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    final = floor.bulletins_of_styles([layout.style_id]).final(layout.style_id)
    start, end = floor.day_bounds(day)
    pieces_by_hour: dict[int, int] = {}
    if final is not None:
        rows = (
            Scan.objects.filter(
                status=ScanStatus.CREDITED,
                scanned_at__gte=start,
                scanned_at__lt=end,
                line=line,
            )
            .order_by()
            # `operation_id + 0`: the day's rows of the (tenant, line, scanned_at) index, as
            # in `floor.line_outputs`.
            .alias(operation_no=F("operation_id") + 0)
            .filter(operation_no=final.pk)
            .annotate(hour=ExtractHour("scanned_at", tzinfo=zone))
            .values_list("hour")
            .annotate(pieces=Sum("quantity"))
        )
        pieces_by_hour = {hour: pieces for hour, pieces in rows}
    attendance = list(
        Attendance.objects.filter(day=day, line=line)
        .order_by()
        .values_list("clock_in", "clock_out")
    )
    local_now = timezone.localtime(now, zone)
    current_hour = local_now.hour if local_now.date() == day else None
    hours = floor._hours(
        line,
        pieces_by_hour,
        [clock_in for clock_in, _out in attendance],
        [clock_out for _in, clock_out in attendance if clock_out is not None],
        current_hour=current_hour,
    )
    per_hour = layout.output_per_hour
    result = []
    for hour in hours:
        hour_start = dt.datetime.combine(day, dt.time(hour.hour), tzinfo=zone)
        if hour_start >= now:
            expected, shortfall = per_hour, None
        else:
            elapsed = min(Decimal(1), Decimal(int((now - hour_start).total_seconds())) / 3600)
            expected = (per_hour * elapsed).quantize(TENTH, ROUND_HALF_UP)
            shortfall = expected - hour.pieces
        bar = 100 if not expected else min(100, round(hour.pieces * 100 / expected))
        result.append(
            HourExpectation(
                hour=hour.hour,
                label=hour.label,
                expected=expected,
                actual=hour.pieces,
                shortfall=shortfall,
                is_current=hour.is_current,
                bar_pct=bar if hour.pieces else 0,
            )
        )
    return LayoutExpectation(
        layout_id=layout.pk,
        layout_name=str(layout),
        style_code=layout.style.code,
        output_per_hour=per_hour,
        operators=layout.operators,
        final_operation=str(final.name) if final else "",
        hours=result,
    )


# --- the skills pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationSkill:
    operation_id: int
    style_code: str
    sequence: int
    name: str
    machine_type: str
    smv: Decimal
    pace: Pace


@dataclass(frozen=True)
class WorkerSkills:
    worker: Worker
    overall: Pace | None
    machines: list[tuple[str, Pace]]  # by efficiency, best first
    operations: list[OperationSkill]  # by pieces, most first

    @property
    def top_operations(self) -> list[OperationSkill]:
        return self.operations[:TOP_OPERATIONS]


TOP_OPERATIONS = 3


def worker_skills(
    workers: Iterable[Worker], *, days: int = 28, until: dt.datetime | None = None
) -> list[WorkerSkills]:
    """The measured skills of `workers`, in their order: three queries."""
    workers = list(workers)
    paces = measured_paces([w.pk for w in workers], days=days, until=until)
    op_ids = {op_id for p in paces.values() for op_id in p.by_operation}
    labels = (
        {
            pk: (style_code, sequence, name, machine, smv)
            for pk, style_code, sequence, name, machine, smv in Operation.objects.filter(
                pk__in=op_ids
            )
            .order_by()
            .values_list("pk", "style__code", "sequence", "name", "machine_type", "smv")
        }
        if op_ids
        else {}
    )
    result = []
    for worker in workers:
        found = paces.get(worker.pk)
        if found is None:
            result.append(WorkerSkills(worker, None, [], []))
            continue
        operations = [
            OperationSkill(op_id, *labels[op_id], pace=pace)
            for op_id, pace in found.by_operation.items()
            if op_id in labels
        ]
        operations.sort(key=lambda o: (-o.pace.pieces, o.style_code, o.sequence))
        machines = sorted(found.by_machine.items(), key=lambda m: (-m[1].efficiency, m[0]))
        result.append(WorkerSkills(worker, found.overall, machines, operations))
    return result
