"""Reads of the shop floor: output, efficiency, WIP, order progress and bundle traceability.

Everything here aggregates in SQL on the Scan indexes — (tenant, line, scanned_at),
(tenant, worker, scanned_at), (tenant, status, scanned_at) and (tenant, order, operation) —
and does only small arithmetic in Python. Only `credited` scans count as work done.

Words used below:
- final operation: the highest sequence of a style's bulletin; a piece is *finished* when
  its bundle's final operation is credited, and *output* of a line is finished pieces.
- sewn: the last operation outside the finishing section is credited.
- earned standard minutes: credited pieces x the operation's SMV; efficiency is earned
  over attended minutes (clock-in to clock-out, or to now while still in, less breaks).
- WIP waiting before an operation: bundles done at the previous operation of the bulletin
  but not at this one (before the first: bundles cut but not done there).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour
from django.utils import timezone

from seamline.catalog.choices import Section
from seamline.catalog.models import Operation
from seamline.cutting.models import Bundle
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderLine
from seamline.shopfloor.choices import ReworkStatus, ScanStatus
from seamline.shopfloor.models import Attendance, Line, Rework, Scan

DAY_START_HOUR = 8  # where the working day starts when nobody has clocked in
ORDERS_SHOWN = 50
CONFLICT_DAYS = 14  # a line's waiting conflicts are counted among the scans of this many days
MINUTE = Decimal("0.01")
TENTH = Decimal("0.1")

Key = tuple[int, int, int]  # style, colour, size


# --- days and hours ------------------------------------------------------------------------


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Midnight to midnight of `day` in the factory's time zone (the active one)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def parse_day(text: str | None) -> dt.date:
    """`?day=2026-11-29`, or today in the factory when absent or not a date."""
    if text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    return timezone.localdate()


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """`part` as a percentage of `whole` to one decimal; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, ROUND_HALF_UP)


# --- bulletins -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BulletinOp:
    pk: int
    style_id: int
    sequence: int
    name: str
    section: str
    smv: Decimal


@dataclass
class Bulletins:
    """The operation bulletins of some styles, in sequence."""

    by_style: dict[int, list[BulletinOp]]

    @property
    def ops(self) -> dict[int, BulletinOp]:
        return {op.pk: op for ops in self.by_style.values() for op in ops}

    def final(self, style_id: int) -> BulletinOp | None:
        ops = self.by_style.get(style_id)
        return ops[-1] if ops else None

    def last_sewing(self, style_id: int) -> BulletinOp | None:
        sewing = [op for op in self.by_style.get(style_id, []) if op.section != Section.FINISHING]
        return sewing[-1] if sewing else None

    def final_ids(self) -> set[int]:
        return {ops[-1].pk for ops in self.by_style.values() if ops}

    def last_sewing_ids(self) -> set[int]:
        found = (self.last_sewing(style_id) for style_id in self.by_style)
        return {op.pk for op in found if op is not None}


def _bulletins(operations: QuerySet[Operation]) -> Bulletins:
    by_style: dict[int, list[BulletinOp]] = defaultdict(list)
    rows = operations.order_by("style_id", "sequence").values_list(
        "pk", "style_id", "sequence", "name", "section", "smv"
    )
    for pk, style_id, sequence, name, section, smv in rows:
        by_style[style_id].append(BulletinOp(pk, style_id, sequence, name, section, smv))
    return Bulletins(dict(by_style))


def bulletins_of_styles(style_ids: Iterable[int]) -> Bulletins:
    ids = set(style_ids)
    if not ids:
        return Bulletins({})
    return _bulletins(Operation.objects.filter(style_id__in=ids))


# --- lines: hourly output and efficiency ---------------------------------------------------


@dataclass(frozen=True)
class HourOutput:
    hour: int
    label: str
    pieces: int
    target: int
    is_current: bool
    bar_pct: int  # width of the bar: pieces against target, at most 100

    @property
    def met(self) -> bool:
        return self.pieces >= self.target


@dataclass(frozen=True)
class LineOutput:
    line_id: int
    code: str
    name: str
    day: dt.date
    target_per_hour: int
    day_target: int
    output: int
    hours: list[HourOutput]
    earned_minutes: Decimal
    attended_minutes: int
    efficiency: Decimal | None
    conflicts: int


def _credited_between(start: dt.datetime, end: dt.datetime) -> QuerySet[Scan]:
    return Scan.objects.filter(
        status=ScanStatus.CREDITED, scanned_at__gte=start, scanned_at__lt=end
    ).order_by()


def _attended(rows: Iterable[Attendance], *, until: dt.datetime) -> int:
    return sum(row.attended_minutes(until=until) for row in rows)


def _until(day: dt.date, now: dt.datetime) -> dt.datetime:
    """Who is still clocked in counts up to now, or to the day's end for a past day."""
    return min(now, day_bounds(day)[1])


def _hours(
    line: Line,
    pieces_by_hour: dict[int, int],
    clock_ins: list[dt.datetime],
    clock_outs: list[dt.datetime],
    *,
    current_hour: int | None,
) -> list[HourOutput]:
    zone = timezone.get_current_timezone()
    first = min((t.astimezone(zone).hour for t in clock_ins), default=DAY_START_HOUR)
    last = first + max(1, math.ceil(line.working_minutes_per_day / 60))
    ends = [t.astimezone(zone) for t in clock_outs]
    last = max([last, *(t.hour + (1 if t.minute else 0) for t in ends)])
    if pieces_by_hour:
        first = min(first, *pieces_by_hour)
        last = max(last, max(pieces_by_hour) + 1)
    if current_hour is not None and current_hour >= first:
        last = max(last, current_hour + 1)  # overtime: the current hour stays on the chart
    target = line.target_per_hour
    hours = []
    for hour in range(max(0, first), min(24, last)):
        pieces = pieces_by_hour.get(hour, 0)
        bar = 100 if not target else min(100, round(pieces * 100 / target))
        hours.append(
            HourOutput(
                hour=hour,
                label=f"{hour:02d}:00",
                pieces=pieces,
                target=target,
                is_current=hour == current_hour,
                bar_pct=bar if pieces else 0,
            )
        )
    return hours


def line_outputs(
    *, day: dt.date, lines: list[Line], now: dt.datetime | None = None
) -> list[LineOutput]:
    """Output by hour, efficiency and waiting conflicts of each line, in five queries."""
    if not lines:
        return []
    now = now or timezone.now()
    start, end = day_bounds(day)
    line_ids = [line.pk for line in lines]
    credited = _credited_between(start, end).filter(line_id__in=line_ids)

    # The style of each operation comes with the scans (a join on the operation's key), so
    # the bulletins are read by style: `style_id IN (SELECT style_id ... WHERE id IN ...)`
    # made PostgreSQL, without statistics on the operations (a new factory's catalogue, or
    # autovacuum off), nest a loop over every operation of the factory against every other
    # (35-50 ms for 680 operations, a third of the overview).
    earned: dict[int, Decimal] = defaultdict(Decimal)
    per_op = list(
        credited.values_list("line_id", "operation_id", "operation__style_id").annotate(
            pieces=Sum("quantity")
        )
    )
    bulletins = bulletins_of_styles(style_id for _line, _op, style_id, _pieces in per_op)
    ops = bulletins.ops
    for line_id, op_id, _style_id, pieces in per_op:
        earned[line_id] += ops[op_id].smv * pieces

    # Hours of the final operations only: the hour is worked out per scan (on SQLite by a
    # Python function), so not for every operation of the day. The final operations are
    # matched as `operation_id + 0`, a filter on the day's rows of the (tenant, line,
    # scanned_at) index: on `operation_id` itself PostgreSQL ANDs in the operation index,
    # i.e. every scan of those operations since the styles were first made (40,000 entries
    # for the day's 3,000 scans on a year: 8 ms, growing with the history, against 2 ms).
    # SQLite takes the (tenant, status, scanned_at) index either way.
    hourly: dict[int, dict[int, int]] = defaultdict(dict)
    final_ids = bulletins.final_ids()
    if final_ids:
        zone = timezone.get_current_timezone()
        rows = (
            credited.alias(operation_no=F("operation_id") + 0)
            .filter(operation_no__in=final_ids)
            .annotate(hour=ExtractHour("scanned_at", tzinfo=zone))
            .values_list("line_id", "hour")
            .annotate(pieces=Sum("quantity"))
        )
        for line_id, hour, pieces in rows:
            hourly[line_id][hour] = pieces

    attendance: dict[int, list[Attendance]] = defaultdict(list)
    for row in (
        Attendance.objects.filter(day=day, line_id__in=line_ids)
        .order_by()
        .only("line_id", "clock_in", "clock_out", "break_minutes")
    ):
        if row.line_id is not None:
            attendance[row.line_id].append(row)

    # Conflicts still waiting among the last weeks' scans, on the (tenant, status, scanned_at)
    # index; grouped by `line_id + 0`, or SQLite walks the (tenant, line, ...) index instead.
    conflicts = dict(
        Scan.objects.filter(
            status=ScanStatus.CONFLICT,
            line_id__in=line_ids,
            scanned_at__gte=start - dt.timedelta(days=CONFLICT_DAYS),
            scanned_at__lt=end,
        )
        .order_by()
        .annotate(line_no=F("line_id") + 0)
        .values_list("line_no")
        .annotate(n=Count("id"))
    )

    until = _until(day, now)
    local_now = timezone.localtime(now)
    current_hour = local_now.hour if local_now.date() == day else None
    result = []
    for line in lines:
        rows_in = attendance.get(line.pk, [])
        attended = _attended(rows_in, until=until)
        minutes = earned.get(line.pk, Decimal(0)).quantize(MINUTE, ROUND_HALF_UP)
        by_hour = hourly.get(line.pk, {})
        result.append(
            LineOutput(
                line_id=line.pk,
                code=line.code,
                name=line.name,
                day=day,
                target_per_hour=line.target_per_hour,
                day_target=line.target_per_hour * line.working_minutes_per_day // 60,
                output=sum(by_hour.values()),
                hours=_hours(
                    line,
                    by_hour,
                    [r.clock_in for r in rows_in],
                    [r.clock_out for r in rows_in if r.clock_out is not None],
                    current_hour=current_hour,
                ),
                earned_minutes=minutes,
                attended_minutes=attended,
                efficiency=percent(minutes, attended),
                conflicts=conflicts.get(line.pk, 0),
            )
        )
    return result


def conflicts_waiting() -> int:
    """Every claim of the factory still waiting for a supervisor (an index-only count)."""
    return Scan.objects.filter(status=ScanStatus.CONFLICT).count()


def line_output(*, line: Line, day: dt.date, now: dt.datetime | None = None) -> LineOutput:
    return line_outputs(day=day, lines=[line], now=now)[0]


# --- workers: efficiency -------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerEfficiency:
    worker_id: int
    code: str
    name: str
    pieces: int  # credited pieces over all operations the worker did
    scans: int  # credited scans
    earned_minutes: Decimal
    attended_minutes: int
    efficiency: Decimal | None


def worker_efficiency(
    *, day: dt.date, line: Line | None = None, now: dt.datetime | None = None
) -> list[WorkerEfficiency]:
    """Each worker's credited work of the day (on `line` if given) over their attendance.

    A worker is listed when they scanned (on the line) or clocked in (to the line). Three
    queries: scans by worker x operation, the operations' SMV, the attendance rows.
    """
    now = now or timezone.now()
    start, end = day_bounds(day)
    credited = _credited_between(start, end)
    if line is not None:
        credited = credited.filter(line=line)
    rows = list(
        credited.values_list("worker_id", "worker__code", "worker__name", "operation_id").annotate(
            pieces=Sum("quantity"), scans=Count("id")
        )
    )
    smv = dict(
        Operation.objects.filter(pk__in={r[3] for r in rows}).order_by().values_list("pk", "smv")
        if rows
        else []
    )
    totals: dict[int, list[int | Decimal]] = {}
    names: dict[int, tuple[str, str]] = {}
    for worker_id, code, name, op_id, pieces, scans in rows:
        names[worker_id] = (code, name)
        total = totals.setdefault(worker_id, [0, 0, Decimal(0)])
        total[0] += pieces
        total[1] += scans
        total[2] += smv[op_id] * pieces

    attendance = Attendance.objects.filter(day=day).select_related("worker")
    if line is not None:
        attendance = attendance.filter(Q(line=line) | Q(worker_id__in=list(names)))
    until = _until(day, now)
    attended: dict[int, int] = {}
    for row in attendance.only(
        "worker_id", "clock_in", "clock_out", "break_minutes", "worker__code", "worker__name"
    ):
        names.setdefault(row.worker_id, (row.worker.code, row.worker.name))
        attended[row.worker_id] = row.attended_minutes(until=until)

    result = []
    for worker_id, (code, name) in sorted(names.items(), key=lambda item: item[1][0]):
        pieces, scans, minutes = totals.get(worker_id, [0, 0, Decimal(0)])
        earned = Decimal(minutes).quantize(MINUTE, ROUND_HALF_UP)
        minutes_in = attended.get(worker_id, 0)
        result.append(
            WorkerEfficiency(
                worker_id=worker_id,
                code=code,
                name=name,
                pieces=int(pieces),
                scans=int(scans),
                earned_minutes=earned,
                attended_minutes=minutes_in,
                efficiency=percent(earned, minutes_in),
            )
        )
    return result


# --- WIP -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationWip:
    operation_id: int
    sequence: int
    name: str
    section: str
    done_pieces: int
    done_bundles: int
    waiting_pieces: int
    waiting_bundles: int
    is_bottleneck: bool
    # Pieces and bundles quality sent back to this operation, not repaired yet.
    rework_pieces: int = 0
    rework_bundles: int = 0


@dataclass(frozen=True)
class StyleWip:
    style_id: int
    code: str
    name: str
    operations: list[OperationWip]

    @property
    def bottleneck(self) -> OperationWip | None:
        return next((op for op in self.operations if op.is_bottleneck), None)


def _credits(bundles: QuerySet[Bundle]) -> QuerySet[Scan]:
    """The credited scans of some bundles, walked bundle by bundle on the partial unique index
    (tenant, bundle, operation) where status is credited. For (bundle, operation) pairs that
    is index-only: ~3x faster on a 3-million-scan year than the (tenant, order, operation)
    index, which must visit every scan row of the order for its status."""
    return Scan.objects.filter(
        bundle_id__in=bundles.order_by().values("pk"), status=ScanStatus.CREDITED
    ).order_by()


def _open_rework(rows: QuerySet[Rework]) -> list[tuple[int, int, int]]:
    """(bundle id, operation id, pieces) of the open rework among `rows`: one query."""
    return list(
        rows.filter(status=ReworkStatus.OPEN)
        .order_by()
        .values_list("bundle_id", "operation_id", "pieces")
    )


def _wip(
    bundles: dict[int, tuple[int, int]],
    done: Iterable[tuple[int, int]],
    bulletins: Bulletins,
    styles: dict[int, tuple[str, str]],
    rework: Iterable[tuple[int, int, int]] = (),
) -> list[StyleWip]:
    """WIP per operation of each style: `bundles` maps bundle id -> (style id, pieces),
    `done` holds the credited (bundle id, operation id) pairs, `rework` the open rework as
    (bundle id, operation id, pieces)."""
    rework_pieces: dict[int, int] = defaultdict(int)
    rework_bundles: dict[int, set[int]] = defaultdict(set)
    for bundle_id, op_id, sent in rework:
        if bundle_id in bundles:
            rework_pieces[op_id] += sent
            rework_bundles[op_id].add(bundle_id)
    done_at: dict[int, set[int]] = defaultdict(set)
    for bundle_id, op_id in done:
        if bundle_id in bundles:
            done_at[op_id].add(bundle_id)
    of_style: dict[int, set[int]] = defaultdict(set)
    for bundle_id, (style_id, _pieces) in bundles.items():
        of_style[style_id].add(bundle_id)

    def pieces(ids: set[int]) -> int:
        return sum(bundles[b][1] for b in ids)

    result = []
    for style_id in sorted(of_style, key=lambda s: styles.get(s, ("", ""))[0]):
        before = of_style[style_id]
        rows = []
        for op in bulletins.by_style.get(style_id, []):
            here = done_at.get(op.pk, set())
            waiting = before - here
            rows.append((op, pieces(here), len(here), pieces(waiting), len(waiting)))
            before = here
        most = max((row[3] for row in rows), default=0)
        neck = next((row[0].pk for row in rows if most and row[3] == most), None)
        code, name = styles.get(style_id, ("", ""))
        operations = [
            OperationWip(
                *(op.pk, op.sequence, op.name, op.section, dp, db, wp, wb, op.pk == neck),
                rework_pieces=rework_pieces.get(op.pk, 0),
                rework_bundles=len(rework_bundles.get(op.pk, ())),
            )
            for op, dp, db, wp, wb in rows
        ]
        result.append(StyleWip(style_id, code, name, operations))
    return result


def line_wip(*, line: Line, day: dt.date) -> list[StyleWip]:
    """WIP of the styles the line worked on during `day`, over the bundles of those orders
    that have been on this line (credited there at least once). Four queries."""
    start, end = day_bounds(day)
    running = list(
        _credited_between(start, end)
        .filter(line=line)
        .values_list("order_id", "bundle__style_id")
        .distinct()
    )
    if not running:
        return []
    orders = {order_id for order_id, _style in running}
    style_ids = {style_id for _order, style_id in running}
    of_orders = Bundle.objects.filter(order_id__in=orders, style_id__in=style_ids)
    done = list(_credits(of_orders).values_list("bundle_id", "operation_id", "line_id"))
    line_pk = line.pk
    on_line = {bundle_id for bundle_id, _op, line_id in done if line_id == line_pk}
    bundles: dict[int, tuple[int, int]] = {}
    styles: dict[int, tuple[str, str]] = {}
    for pk, style_id, quantity, code, name in of_orders.values_list(
        "pk", "style_id", "quantity", "style__code", "style__name"
    ):
        styles[style_id] = (code, name)
        if pk in on_line:
            bundles[pk] = (style_id, quantity)
    return _wip(
        bundles,
        ((b, op) for b, op, _line in done),
        bulletins_of_styles(style_ids),
        styles,
        _open_rework(Rework.objects.filter(order_id__in=orders)),
    )


# --- orders: progress ----------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Pieces of an order (or one style x colour x size of it) at each stage."""

    ordered: int
    cut: int
    sewn: int
    finished: int
    style_code: str = ""
    colour: str = ""
    size: str = ""

    @property
    def base(self) -> int:
        return self.ordered or self.cut

    @property
    def cut_pct(self) -> Decimal | None:
        return percent(self.cut, self.base)

    @property
    def sewn_pct(self) -> Decimal | None:
        return percent(self.sewn, self.base)

    @property
    def finished_pct(self) -> Decimal | None:
        return percent(self.finished, self.base)

    @property
    def finished_bar(self) -> int:
        return min(100, round(self.finished_pct or 0))

    @property
    def sewn_bar(self) -> int:
        return min(100, round(self.sewn_pct or 0))


@dataclass(frozen=True)
class OrderProgress:
    order_id: int
    number: str
    total: Progress
    rows: list[Progress] = field(default_factory=list)
    styles: list[StyleWip] = field(default_factory=list)


def _sum(rows: Iterable[Progress]) -> Progress:
    rows = list(rows)
    return Progress(
        ordered=sum(r.ordered for r in rows),
        cut=sum(r.cut for r in rows),
        sewn=sum(r.sewn for r in rows),
        finished=sum(r.finished for r in rows),
    )


# What an order line and a bundle say about a style x colour x size cell.
_CELL = (
    *("style_id", "colour_id", "size_id", "quantity", "style__code", "style__name"),
    *("colour__code", "size__code", "size__position"),
)


def order_progress(order: Order) -> OrderProgress:
    """Ordered / cut / sewn / finished per style x colour x size, and WIP per operation.

    Four queries: order lines, bundles, bulletins, and the credited (bundle, operation)
    pairs of the order on the (tenant, order, operation) index.
    """
    ordered: dict[Key, int] = defaultdict(int)
    labels: dict[Key, tuple[str, str, int, str]] = {}
    styles: dict[int, tuple[str, str]] = {}
    for style_id, colour_id, size_id, qty, s_code, s_name, c_code, z_code, z_pos in (
        OrderLine.objects.filter(order=order).order_by().values_list(*_CELL)
    ):
        key = (style_id, colour_id, size_id)
        ordered[key] += qty
        labels[key] = (c_code, z_code, z_pos, s_code)
        styles[style_id] = (s_code, s_name)

    bundles: dict[int, tuple[int, int]] = {}
    bundle_key: dict[int, Key] = {}
    cut: dict[Key, int] = defaultdict(int)
    for pk, style_id, colour_id, size_id, qty, s_code, s_name, c_code, z_code, z_pos in (
        Bundle.objects.filter(order=order).order_by().values_list("pk", *_CELL)
    ):
        key = (style_id, colour_id, size_id)
        bundles[pk] = (style_id, qty)
        bundle_key[pk] = key
        cut[key] += qty
        labels.setdefault(key, (c_code, z_code, z_pos, s_code))
        styles.setdefault(style_id, (s_code, s_name))

    bulletins = bulletins_of_styles(styles)
    done = list(
        _credits(Bundle.objects.filter(order=order)).values_list("bundle_id", "operation_id")
    )
    final_ids, sewing_ids = bulletins.final_ids(), bulletins.last_sewing_ids()
    sewn: dict[Key, int] = defaultdict(int)
    finished: dict[Key, int] = defaultdict(int)
    for bundle_id, op_id in done:
        if bundle_id not in bundles:
            continue
        key, qty = bundle_key[bundle_id], bundles[bundle_id][1]
        if op_id in sewing_ids:
            sewn[key] += qty
        if op_id in final_ids:
            finished[key] += qty

    keys = sorted(
        set(ordered) | set(cut),
        key=lambda k: (labels[k][3], labels[k][0], labels[k][2]),
    )
    rows = [
        Progress(
            ordered=ordered.get(k, 0),
            cut=cut.get(k, 0),
            sewn=sewn.get(k, 0),
            finished=finished.get(k, 0),
            style_code=labels[k][3],
            colour=labels[k][0],
            size=labels[k][1],
        )
        for k in keys
    ]
    return OrderProgress(
        order_id=order.pk,
        number=order.number,
        total=_sum(rows),
        rows=rows,
        styles=_wip(
            bundles, done, bulletins, styles, _open_rework(Rework.objects.filter(order=order))
        ),
    )


def orders_in_production(*, limit: int = ORDERS_SHOWN) -> list[OrderProgress]:
    """Orders in production (or confirmed and already cut), soonest delivery first, with
    their totals; five queries however many orders."""
    cut_any = Exists(Bundle.objects.filter(order=OuterRef("pk")))
    orders = list(
        Order.objects.filter(
            Q(status=OrderStatus.IN_PRODUCTION) | Q(cut_any, status=OrderStatus.CONFIRMED)
        )
        .order_by("delivery_date", "number")
        .only("pk", "number")[:limit]
    )
    if not orders:
        return []
    ids = [o.pk for o in orders]
    ordered = dict(
        OrderLine.objects.filter(order_id__in=ids)
        .order_by()
        .values_list("order_id")
        .annotate(n=Sum("quantity"))
    )
    cut: dict[int, int] = defaultdict(int)
    style_ids: set[int] = set()
    for order_id, style_id, qty in (
        Bundle.objects.filter(order_id__in=ids)
        .order_by()
        .values_list("order_id", "style_id")
        .annotate(n=Sum("quantity"))
    ):
        cut[order_id] += qty
        style_ids.add(style_id)
    bulletins = bulletins_of_styles(style_ids)
    final_ids, sewing_ids = bulletins.final_ids(), bulletins.last_sewing_ids()
    sewn: dict[int, int] = defaultdict(int)
    finished: dict[int, int] = defaultdict(int)
    if final_ids:
        for order_id, op_id, qty in (
            Scan.objects.filter(
                order_id__in=ids,
                status=ScanStatus.CREDITED,
                operation_id__in=final_ids | sewing_ids,
            )
            .order_by()
            .values_list("order_id", "operation_id")
            .annotate(n=Sum("quantity"))
        ):
            if op_id in sewing_ids:
                sewn[order_id] += qty
            if op_id in final_ids:
                finished[order_id] += qty
    return [
        OrderProgress(
            order_id=o.pk,
            number=o.number,
            total=Progress(
                ordered=ordered.get(o.pk, 0),
                cut=cut.get(o.pk, 0),
                sewn=sewn.get(o.pk, 0),
                finished=finished.get(o.pk, 0),
            ),
        )
        for o in orders
    ]


# --- bundles: traceability -----------------------------------------------------------------


@dataclass(frozen=True)
class TraceScan:
    scan_id: int
    worker_code: str
    worker_name: str
    line_code: str
    scanned_at: dt.datetime
    status: str
    status_label: str
    quantity: int

    @property
    def credited(self) -> bool:
        return self.status == ScanStatus.CREDITED


@dataclass(frozen=True)
class TraceStep:
    operation_id: int
    sequence: int
    name: str
    section: str
    done: bool
    scans: list[TraceScan]


@dataclass(frozen=True)
class TraceRework:
    """Pieces of the bundle quality sent back to an operation, and what became of them."""

    rework_id: int
    sequence: int
    operation_name: str
    pieces: int
    reason: str
    status: str
    status_label: str
    worker_code: str
    opened_at: dt.datetime
    opened_by: str
    repaired_at: dt.datetime | None
    repaired_by: str
    closed_at: dt.datetime | None


@dataclass(frozen=True)
class BundleTrace:
    bundle_id: int
    number: int
    order_id: int
    order_number: str
    style_code: str
    style_name: str
    colour: str
    size: str
    quantity: int
    ply_from: int
    ply_to: int
    shade: str
    lay_number: int
    steps: list[TraceStep]
    rework: list[TraceRework] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)


def _trace_rework(bundle: Bundle) -> list[TraceRework]:
    rows = (
        Rework.objects.filter(bundle=bundle)
        .select_related("operation", "worker", "opened_by", "repaired_by")
        .order_by("opened_at", "pk")
    )
    return [
        TraceRework(
            rework_id=r.pk,
            sequence=r.operation.sequence,
            operation_name=r.operation.name,
            pieces=r.pieces,
            reason=r.reason,
            status=r.status,
            status_label=str(ReworkStatus(r.status).label),
            worker_code=r.worker.code if r.worker else "",
            opened_at=r.opened_at,
            opened_by=str(r.opened_by) if r.opened_by else "",
            repaired_at=r.repaired_at,
            repaired_by=str(r.repaired_by) if r.repaired_by else "",
            closed_at=r.closed_at,
        )
        for r in rows
    ]


def bundle_trace(bundle: Bundle) -> BundleTrace:
    """Every operation of the bulletin with every scan of this bundle at it, and the rework
    quality sent back (four queries; `bundle` comes with order, style, colour, size and lay
    loaded)."""
    scans: dict[int, list[TraceScan]] = defaultdict(list)
    rows = (
        Scan.objects.filter(bundle=bundle)
        .order_by("scanned_at", "pk")
        .values_list(
            *("pk", "operation_id", "scanned_at", "status", "quantity"),
            *("worker__code", "worker__name", "line__code"),
        )
    )
    for pk, op_id, scanned_at, status, quantity, w_code, w_name, line_code in rows:
        scans[op_id].append(
            TraceScan(
                scan_id=pk,
                worker_code=w_code,
                worker_name=w_name,
                line_code=line_code or "",
                scanned_at=scanned_at,
                status=status,
                status_label=str(ScanStatus(status).label),
                quantity=quantity,
            )
        )
    steps = [
        TraceStep(
            operation_id=op.pk,
            sequence=op.sequence,
            name=op.name,
            section=op.section,
            done=any(s.credited for s in scans.get(op.pk, [])),
            scans=scans.get(op.pk, []),
        )
        for op in bulletins_of_styles([bundle.style_id]).by_style.get(bundle.style_id, [])
    ]
    return BundleTrace(
        bundle_id=bundle.pk,
        number=bundle.number,
        order_id=bundle.order_id,
        order_number=bundle.order.number,
        style_code=bundle.style.code,
        style_name=bundle.style.name,
        colour=str(bundle.colour),
        size=bundle.size.code,
        quantity=bundle.quantity,
        ply_from=bundle.ply_from,
        ply_to=bundle.ply_to,
        shade=bundle.shade,
        lay_number=bundle.lay.number,
        steps=steps,
        rework=_trace_rework(bundle),
    )


def bundle_for_trace(pk: int) -> QuerySet[Bundle]:
    return Bundle.objects.select_related("order", "style", "colour", "size", "lay").filter(pk=pk)


def bundle_by_number(text: str) -> Bundle | None:
    """The bundle printed with number `text` (as typed in a search box), if there is one."""
    text = text.strip().lstrip("#")
    if not text.isdigit() or len(text) > 9:
        return None
    return Bundle.objects.filter(number=int(text)).only("pk", "number").first()
