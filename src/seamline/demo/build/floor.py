"""The shop floor in motion: cut plans cut into bundles, two weeks of attendance and the scans
of every line working its bundles through the bulletin, up to the real moment of loading.

Cutting goes through `cutting.services` (markers from the cutting master's greedy plan, which
is quick and repeatable). Attendance and scans are simulated line by line: each operator has a
few operations of the bulletin (balanced by standard minutes) and a pace of 60-95 %; when
none of their operations has a bundle ready they help on the nearest one that has. A bundle's
operation n is done after its operation n - 1, so work in progress builds up between
operations. Nothing is recorded after `timezone.now()`: a day still going has open clock-ins.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from seamline.catalog.models import Operation, Size, Style
from seamline.cutting.models import CutPlan, Lay
from seamline.cutting.services import CUTTABLE_STATUSES, cut_plan_create, lay_add, lay_cut
from seamline.demo.build.context import DemoContext, FactoryData
from seamline.demo.data.catalog import styles_for
from seamline.demo.data.orgs import TIME_ZONE
from seamline.engines.cutplan import CutOrder, greedy_lays, targets
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderEvent, OrderLine
from seamline.shopfloor.choices import CorrectionKind, ScanSource, ScanStatus
from seamline.shopfloor.models import Attendance, Scan, ScanCorrection, Worker
from seamline.shopfloor.scanning import ScanInput
from seamline.tenancy.context import require_tenant

HISTORY_DAYS = 14  # days back from today, today included on top
# The cutting room's limits and the bundle sizes it ties, by bulletin.
MAX_PLIES = {"tshirt": 120, "shirt": 80, "jeans": 60}
MARKER_GARMENTS = {"tshirt": 8, "shirt": 6, "jeans": 6}
BUNDLE_SIZES = {"tshirt": (30,), "shirt": (25, 30), "jeans": (30,)}
TOLERANCE_PCT = 2.0
LUNCH = (dt.time(12, 0), dt.time(13, 0))
BREAK_MINUTES = 60
ABSENCE_RATE = 0.03
PACE = (0.60, 0.96)  # a worker's pace: standard minutes earned per minute at work
IDLE_STEP = 240.0  # seconds a starved worker waits before looking again
MARGIN = 60.0  # seconds before `now`: the last scan of a day still going
REVERSE_REASON = (
    "Wrong coupon: {wrong} scanned bundle {bundle} by mistake; {right} sewed it and rescans."
)


@dataclass(eq=False)
class _Bundle:
    pk: int
    number: int
    quantity: int
    order_id: int
    style_id: int
    release: float  # when its lay was cut (epoch seconds)
    done: list[float] = field(default_factory=list)  # finish time of each operation done


@dataclass
class _Shift:
    worker: Worker
    start: float
    end: float  # clock-out, or just before now while the day is still going


@dataclass
class _Line:
    pk: int
    key: str  # bulletin key
    queue: deque[_Bundle] = field(default_factory=deque)


@dataclass
class _Scan:
    bundle: _Bundle
    op_index: int
    worker: Worker
    at: float


def load_floor(ctx: DemoContext, factory: FactoryData) -> None:
    """Run inside `tenant_context(factory.org)`, after the orders."""
    now = timezone.now().timestamp()
    tz = ZoneInfo(TIME_ZONE)
    lines = _cut_orders(ctx, factory, now)
    shifts = _attendance(ctx, factory, now, tz)
    scans: list[_Scan] = []
    operations = _operations()
    # One generator per line, so that the days before today come out the same at any hour.
    seeds = [factory.rng.getrandbits(64) for _ in lines]
    for line, seed in zip(lines, seeds, strict=True):
        rng = random.Random(seed)  # noqa: S311 - demo data
        scans += _simulate(rng, line, shifts, operations, tz)
    _store_scans(ctx, factory, scans, shifts, operations, now, tz)


# Cutting ---------------------------------------------------------------------------------


def _cut_orders(ctx: DemoContext, factory: FactoryData, now: float) -> list[_Line]:
    """Cut every order in production; lay out the first confirmed one and cut its first lay.

    The lays of an order go to the lines set up for its garment in turn, oldest delivery first.
    """
    key = factory.spec.key
    planner = ctx.staff[(key, "planner")]
    cutter = ctx.staff[(key, "supervisor")]
    bulletin_of = {spec.code: spec.bulletin for spec in styles_for(key)}
    lines = [
        _Line(pk=line.pk, key=style_key)
        for line, style_key in zip(factory.lines, factory.spec.line_styles, strict=True)
    ]
    turn: dict[str, int] = defaultdict(int)
    started = {
        e.order_id: e.at
        for e in OrderEvent.objects.filter(
            to_status__in=[OrderStatus.IN_PRODUCTION, OrderStatus.CONFIRMED]
        ).order_by("at")
    }  # the later event wins: the day production started, else the day it was confirmed
    orders = Order.objects.filter(status__in=CUTTABLE_STATUSES).order_by("delivery_date", "number")
    laid_out_confirmed = False
    for order in orders:
        confirmed = order.status == OrderStatus.CONFIRMED
        if confirmed and laid_out_confirmed:
            continue
        laid_out_confirmed = laid_out_confirmed or confirmed
        style = Style.objects.get(pk=OrderLine.objects.filter(order=order).values("style")[:1])
        bulletin = bulletin_of[style.code]
        size_pick = factory.rng.choice(BUNDLE_SIZES[bulletin])
        plan = cut_plan_create(order=order, style=style, by=planner, bundle_size=size_pick)
        start = started[order.pk].timestamp()
        if confirmed:  # cut ahead of sewing: yesterday's lay
            start = max(start, min(now, ctx.at(0, 0).timestamp()) - 86400 * 1.5)
        moment = start
        CutPlan.objects.filter(pk=plan.pk).update(
            created_at=dt.datetime.fromtimestamp(start - 3600, tz=dt.UTC)
        )
        for n, lay in enumerate(_lays(factory, plan, bulletin)):
            if confirmed and n > 0:
                continue  # the rest of the plan waits for the order to go into production
            moment = min(moment + factory.rng.uniform(900, 2400), now - 3600)
            bundles = lay_cut(lay=lay, by=cutter)
            Lay.objects.filter(pk=lay.pk).update(
                cut_at=dt.datetime.fromtimestamp(moment, tz=dt.UTC)
            )
            if confirmed:
                continue
            candidates = [line for line in lines if line.key == bulletin]
            line = candidates[turn[bulletin] % len(candidates)]
            turn[bulletin] += 1
            line.queue.extend(
                _Bundle(b.pk, b.number, b.quantity, order.pk, style.pk, moment) for b in bundles
            )
    return lines


def _lays(factory: FactoryData, plan: CutPlan, bulletin: str) -> list[Lay]:
    """The lays of every colour of the plan's order, as the cutting master would mark them."""
    sizes = {s.pk: s for s in Size.objects.filter(grid=plan.style.size_grid_id)}
    by_colour: dict[int, dict[Size, int]] = defaultdict(dict)
    colours = {}
    ordered_lines = OrderLine.objects.filter(order=plan.order_id, style=plan.style_id)
    for line in ordered_lines.select_related("colour").order_by("pk"):
        by_colour[line.colour_id][sizes[line.size_id]] = line.quantity
        colours[line.colour_id] = line.colour
    lays: list[Lay] = []
    for colour_id, quantities in by_colour.items():
        ordered = sorted(quantities, key=lambda s: s.position)
        cut_order = CutOrder.build(
            {s.code: quantities[s] for s in ordered},
            max_plies=MAX_PLIES[bulletin],
            max_garments_per_marker=MARKER_GARMENTS[bulletin],
            tolerance_pct=TOLERANCE_PCT,
        )
        for roll, (ratio, plies) in enumerate(greedy_lays(cut_order, targets(cut_order)), 1):
            marker = {size: r for size, r in zip(ordered, ratio, strict=True) if r > 0}
            lays.append(
                lay_add(
                    cut_plan=plan,
                    colour=colours[colour_id],
                    plies=plies,
                    ratios=marker,
                    by=plan.created_by,
                    shade=f"R{factory.rng.randint(10, 99)}-{roll}",
                )
            )
    return lays


# Attendance ------------------------------------------------------------------------------


def _workdays(ctx: DemoContext) -> list[dt.date]:
    """Monday to Saturday of the last two weeks, and today whatever its day (on a Sunday, the
    factories work overtime before their deliveries)."""
    days = [ctx.today - dt.timedelta(days=n) for n in range(HISTORY_DAYS, -1, -1)]
    return [day for day in days if day.weekday() < 6 or day == ctx.today]


def _attendance(
    ctx: DemoContext, factory: FactoryData, now: float, tz: ZoneInfo
) -> dict[dt.date, list[_Shift]]:
    """Every active worker's days: in around eight, out between half five and half six, an
    hour for lunch, a few days off. A shift not begun by `now` is not there; one still going
    has no clock-out."""
    rng = factory.rng
    workers = list(Worker.objects.filter(is_active=True).order_by("code"))
    rows: list[Attendance] = []
    shifts: dict[dt.date, list[_Shift]] = {}
    tenant = require_tenant()
    for day in _workdays(ctx):
        eight = dt.datetime.combine(day, dt.time(8, 0), tzinfo=tz).timestamp()
        shifts[day] = []
        for worker in workers:
            clock_in = eight + rng.uniform(-600, 600)
            clock_out = eight + rng.uniform(570 * 60, 630 * 60)
            if rng.random() < ABSENCE_RATE and worker.user_id is None:
                continue
            clock_in, clock_out = float(int(clock_in)), float(int(clock_out))
            if clock_in > now - MARGIN:
                continue
            still_in = clock_out > now
            rows.append(
                Attendance(
                    tenant=tenant,
                    worker=worker,
                    day=day,
                    line_id=worker.line_id,
                    clock_in=dt.datetime.fromtimestamp(clock_in, tz=tz),
                    clock_out=None if still_in else dt.datetime.fromtimestamp(clock_out, tz=tz),
                    break_minutes=BREAK_MINUTES,
                    note="Sunday overtime" if day.weekday() == 6 else "",
                )
            )
            end = now - MARGIN if still_in else clock_out
            shifts[day].append(_Shift(worker=worker, start=clock_in, end=end))
    Attendance.objects.bulk_create(rows, batch_size=500)
    return shifts


# Scans -----------------------------------------------------------------------------------


def _operations() -> dict[int, list[Operation]]:
    """Each style's bulletin in sequence order."""
    by_style: dict[int, list[Operation]] = defaultdict(list)
    for op in Operation.objects.order_by("style_id", "sequence"):
        by_style[op.style_id].append(op)
    return by_style


def _assign(workers: list[Worker], smv: list[float]) -> dict[int, list[int]]:
    """Balance the bulletin over the operators: each takes an equal share of the standard
    minutes, i.e. the operations that overlap that share (a long one has several operators)."""
    total = sum(smv)
    share = total / len(workers)
    starts = [sum(smv[:i]) for i in range(len(smv))]
    return {
        worker.pk: [
            i
            for i, (s, m) in enumerate(zip(starts, smv, strict=True))
            if min(s + m, (k + 1) * share) - max(s, k * share) > 0.02
        ]
        or [min(len(smv) - 1, int(k * share / total * len(smv)))]
        for k, worker in enumerate(workers)
    }


def _simulate(
    rng: random.Random,
    line: _Line,
    shifts: dict[dt.date, list[_Shift]],
    operations: dict[int, list[Operation]],
    tz: ZoneInfo,
) -> list[_Scan]:
    """The line's operators at work, day by day: each takes the next bundle ready for one of
    their operations, sews it at their pace and scans it when done."""
    if not line.queue:
        return []
    style_ops = operations[line.queue[0].style_id]
    smv = [float(op.smv) for op in style_ops]
    n_ops = len(smv)
    workers = sorted(
        {
            s.worker.pk: s.worker
            for day in shifts.values()
            for s in day
            if s.worker.line_id == line.pk
        }.values(),
        key=lambda w: w.code,
    )
    if not workers:
        return []
    order = workers[:]
    rng.shuffle(order)
    own = _assign(order, smv)
    pace = {w.pk: rng.uniform(*PACE) for w in workers}
    # Whom to help when starved: the nearest operations first.
    help_order = {w.pk: _nearest_first(n_ops, own[w.pk]) for w in workers}
    waiting: list[list[tuple[float, int, _Bundle]]] = [[] for _ in range(n_ops)]
    queue = line.queue
    out: list[_Scan] = []
    for day, day_shifts in shifts.items():
        lunch_start = dt.datetime.combine(day, LUNCH[0], tzinfo=tz).timestamp()
        lunch_end = dt.datetime.combine(day, LUNCH[1], tzinfo=tz).timestamp()
        present = [s for s in day_shifts if s.worker.line_id == line.pk]
        mood = {s.worker.pk: rng.uniform(0.94, 1.04) for s in present}
        heap = [(s.start + rng.uniform(120, 600), n) for n, s in enumerate(present)]
        heapq.heapify(heap)
        while heap:
            t, n = heapq.heappop(heap)
            shift = present[n]
            if lunch_start <= t < lunch_end:
                t = lunch_end + rng.uniform(0, 180)
            if t >= shift.end:
                continue
            worker = shift.worker
            task = _pick(t, own[worker.pk], help_order[worker.pk], waiting, queue)
            if task is None:
                heapq.heappush(heap, (t + IDLE_STEP, n))
                continue
            i, bundle = task
            speed = pace[worker.pk] * mood[worker.pk] * rng.uniform(0.9, 1.1)
            finish = t + bundle.quantity * smv[i] * 60 / speed
            if t < lunch_start < finish:
                finish += lunch_end - lunch_start
            if finish > shift.end:
                _put_back(i, bundle, waiting, queue)
                continue  # the bundle waits for tomorrow
            finish = float(int(finish))
            bundle.done.append(finish)
            out.append(_Scan(bundle=bundle, op_index=i, worker=worker, at=finish))
            if i + 1 < n_ops:
                heapq.heappush(waiting[i + 1], (finish, bundle.number, bundle))
            heapq.heappush(heap, (finish + rng.uniform(5, 40), n))
    return out


def _nearest_first(n_ops: int, mine: list[int]) -> list[int]:
    return sorted(range(n_ops), key=lambda i: min(abs(i - j) for j in mine))


def _pick(
    t: float,
    mine: list[int],
    helping: list[int],
    waiting: list[list[tuple[float, int, _Bundle]]],
    queue: deque[_Bundle],
) -> tuple[int, _Bundle] | None:
    """The first bundle ready at `t` for one of the worker's operations (the furthest along
    first), else for the nearest other operation."""
    for group in (sorted(mine, reverse=True), helping):
        for i in group:
            if i == 0:
                if queue and queue[0].release <= t:
                    return 0, queue.popleft()
            elif waiting[i] and waiting[i][0][0] <= t:
                return i, heapq.heappop(waiting[i])[2]
    return None


def _put_back(
    i: int, bundle: _Bundle, waiting: list[list[tuple[float, int, _Bundle]]], queue: deque[_Bundle]
) -> None:
    if i == 0:
        queue.appendleft(bundle)
    else:
        heapq.heappush(waiting[i], (bundle.done[-1], bundle.number, bundle))


def _op(operations: dict[int, list[Operation]], scan: _Scan) -> Operation:
    return operations[scan.bundle.style_id][scan.op_index]


def _client_id(factory: FactoryData) -> str:
    return str(uuid.UUID(int=factory.rng.getrandbits(128), version=4))


def _row(
    factory: FactoryData,
    scan: _Scan,
    op: Operation,
    worker: Worker,
    at: float,
    status: str,
    now: float,
    mobile: set[int],
) -> Scan:
    client_id = _client_id(factory)
    at = float(int(at))  # a device's clock stamps whole seconds (the digest keeps no more)
    # Stored in UTC whatever the zone: the same instant, converted faster.
    scanned_at = dt.datetime.fromtimestamp(at, tz=dt.UTC)
    source = ScanSource.MOBILE if worker.pk in mobile else ScanSource.STATION
    delay = (
        factory.rng.uniform(1, 9) if source == ScanSource.MOBILE else factory.rng.uniform(0.2, 2)
    )
    return Scan(
        tenant_id=factory.org.pk,
        client_id=client_id,
        digest=ScanInput(
            client_id=client_id,
            bundle=scan.bundle.number,
            operation=op.sequence,
            worker=worker.code,
            scanned_at=scanned_at,
        ).digest(),
        bundle_id=scan.bundle.pk,
        operation_id=op.pk,
        worker_id=worker.pk,
        line_id=worker.line_id,
        order_id=scan.bundle.order_id,
        quantity=scan.bundle.quantity,
        scanned_at=scanned_at,
        received_at=dt.datetime.fromtimestamp(min(at + delay, now), tz=dt.UTC),
        source=source,
        status=status,
    )


def _store_scans(
    ctx: DemoContext,
    factory: FactoryData,
    scans: list[_Scan],
    shifts: dict[dt.date, list[_Shift]],
    operations: dict[int, list[Operation]],
    now: float,
    tz: ZoneInfo,
) -> None:
    """The credited scans in time order, then a few duplicates, conflicts waiting for the
    supervisor and one credit reversed (the worker who really sewed it rescanned)."""
    rng = factory.rng
    scans.sort(key=lambda s: (s.at, s.bundle.number, s.op_index))
    workers = {s.worker.pk: s.worker for day in shifts.values() for s in day}
    mobile = {w.pk for w in workers.values() if w.user_id is not None or rng.random() < 0.2}
    rows = [
        _row(
            factory,
            s,
            _op(operations, s),
            s.worker,
            s.at,
            ScanStatus.CREDITED,
            now,
            mobile,
        )
        for s in scans
    ]
    # Drawn after the credits' ids, so that the days before today come out the same.
    reversal = _pick_reversal(factory, scans, shifts)
    if reversal is not None:
        wrong, at, right = reversal
        rows.append(
            _row(
                factory,
                right,
                _op(operations, right),
                wrong,
                at,
                ScanStatus.REVERSED,
                now,
                mobile,
            )
        )
    created = Scan.objects.bulk_create(rows, batch_size=2000)
    if created and created[0].pk is None:  # a database that does not return ids
        ids = dict(Scan.objects.values_list("client_id", "pk"))
        for row in created:
            row.pk = ids[row.client_id]
    credited = dict(zip(map(id, scans), created, strict=False))
    if reversal is not None:
        wrong, at, right = reversal
        ScanCorrection.objects.create(
            tenant=factory.org,
            scan=created[-1],
            kind=CorrectionKind.REVERSE,
            reason=REVERSE_REASON.format(
                wrong=wrong.name, bundle=right.bundle.number, right=right.worker.name
            ),
            by=ctx.staff[(factory.spec.key, "supervisor")],
        )
        ScanCorrection.objects.filter(scan=created[-1]).update(
            at=dt.datetime.fromtimestamp((at + right.at) / 2, tz=tz)
        )
    extra: list[Scan] = []
    # The same worker's coupon read twice, a few seconds to a minute apart.
    for scan in _sample(rng, scans, shifts, 6, lambda s, shift: s.at + 90 < shift.end):
        holder = credited[id(scan)]
        again = _row(
            factory,
            scan,
            _op(operations, scan),
            scan.worker,
            scan.at + rng.uniform(3, 90),
            ScanStatus.DUPLICATE,
            now,
            mobile,
        )
        again.collided_with = holder
        extra.append(again)
    # Claims by a line-mate on the latest day, for the supervisor to decide.
    latest = _last_hours_of_a_full_day(scans, tz)
    wanted = rng.randint(2, 3)
    claimed = 0
    # More candidates than wanted: a coupon scanned at the end of a shift has no line-mate
    # at work after it to claim it.
    for scan in _sample(rng, latest, shifts, 4 * wanted, lambda s, shift: True):
        if claimed == wanted:
            break
        claim = _claimant(rng, scan, shifts)
        if claim is None:
            continue
        claimed += 1
        worker, at = claim
        holder = credited[id(scan)]
        row = _row(
            factory, scan, _op(operations, scan), worker, at, ScanStatus.CONFLICT, now, mobile
        )
        row.collided_with = holder
        extra.append(row)
    Scan.objects.bulk_create(extra)


def _shift_of(shifts: dict[dt.date, list[_Shift]], worker: Worker, at: float) -> _Shift | None:
    for day in shifts.values():
        for shift in day:
            if shift.worker.pk == worker.pk and shift.start <= at <= shift.end:
                return shift
    return None


def _sample(
    rng: random.Random,
    scans: list[_Scan],
    shifts: dict[dt.date, list[_Shift]],
    count: int,
    fits: Callable[[_Scan, _Shift], bool],
) -> list[_Scan]:
    """Up to `count` different scans, drawn at random, whose shift allows what `fits` asks."""
    picked: list[_Scan] = []
    for _try in range(50 * count):
        if not scans or len(picked) == count:
            break
        scan = scans[rng.randrange(len(scans))]
        shift = _shift_of(shifts, scan.worker, scan.at)
        if shift is not None and scan not in picked and fits(scan, shift):
            picked.append(scan)
    return picked


def _mates(shifts: dict[dt.date, list[_Shift]], scan: _Scan, at: float) -> list[Worker]:
    """The other workers of the scan's line at work at `at`."""
    return [
        shift.worker
        for day in shifts.values()
        for shift in day
        if shift.worker.line_id == scan.worker.line_id
        and shift.worker.pk != scan.worker.pk
        and shift.start <= at <= shift.end
    ]


# A day the floor worked through has thousands of scans; early on a morning, today's first
# few are too few to draw claims from (a claim may also not lie ahead of now).
FULL_DAY_SCANS = 200


def _last_hours_of_a_full_day(scans: list[_Scan], tz: ZoneInfo) -> list[_Scan]:
    """The scans of the last six hours of the latest day with a day's work on it."""
    by_day: dict[dt.date, list[_Scan]] = defaultdict(list)
    for scan in scans:
        by_day[dt.datetime.fromtimestamp(scan.at, tz).date()].append(scan)
    full = [day for day, done in by_day.items() if len(done) >= FULL_DAY_SCANS]
    if not full:
        return []
    day = by_day[max(full)]
    return [scan for scan in day if scan.at >= day[-1].at - 6 * 3600]


def _claimant(
    rng: random.Random, scan: _Scan, shifts: dict[dt.date, list[_Shift]]
) -> tuple[Worker, float] | None:
    """A line-mate who scans the same coupon a little later (their own shift going on)."""
    at = float(int(scan.at + rng.uniform(120, 1800)))
    mates = _mates(shifts, scan, at)
    return (rng.choice(mates), at) if mates else None


def _pick_reversal(
    factory: FactoryData, scans: list[_Scan], shifts: dict[dt.date, list[_Shift]]
) -> tuple[Worker, float, _Scan] | None:
    """(wrong worker, when they scanned, the credited scan of the one who sewed it): the wrong
    scan came between the previous operation and the real one, and was reversed meanwhile."""
    rng = factory.rng

    def fits(scan: _Scan, shift: _Shift) -> bool:
        before = scan.bundle.done[scan.op_index - 1] if scan.op_index else scan.bundle.release
        return scan.at - before > 1800 and scan.at < scans[-1].at - 86400

    for scan in _sample(rng, scans, shifts, 5, fits):
        before = scan.bundle.done[scan.op_index - 1] if scan.op_index else scan.bundle.release
        at = float(int(before + (scan.at - before) * rng.uniform(0.3, 0.5)))
        mates = _mates(shifts, scan, at)
        if mates:
            return rng.choice(mates), at, scan
    return None
