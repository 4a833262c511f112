"""A month of payroll for a large factory, on a scratch database.

The issue's target: a factory of 500 workers with 1 million scans in a month computes its
payroll in under 5 seconds on PostgreSQL.

A synthetic factory is written straight into the database (COPY on PostgreSQL, executemany
on SQLite; bulk inserts for the rest): 500 piece-rate workers and one hourly worker on each of
20 lines, 10 styles of 15 operations, 2 orders per line cut into bundles of 20, every bundle
scanned once per operation over the working days (Monday to Saturday) of the month two
months back (`--scans`, 1 million credited), plus ~1 % conflicts waiting for review and
~0.5 % reversed claims with their corrections, attendance for every worker-day (a few days
off), dated rate changes on 12 operations mid-month and 3 early next month, ~150
adjustments and a minimum hourly wage that tops up the slowest workers.

Then, in this process, with the factory's tenant and time zone active:

(1) `compute.calculate(period)` alone (best of `--repeat`);
(2) calculate + `compute.store`, i.e. `services.period_recompute` ("Recompute");
(3) approval: `services.period_review`, then `services.period_approve` (recomputes in one
    snapshot and stores);
(4) `--late` late scans of the approved month arrive and `--reversals` of its credits are
    reversed; the next month is opened and recomputed (`services.period_recompute`), and
    then reviewed and approved.

Default database: SQLite in a temporary data dir. `--database-url postgres://...` creates a
scratch database on that server and drops it at the end (never the test database). `--keep`
keeps it (and the data dir) and prints its name; `--reuse-database NAME` then takes payroll
and the after-approval events off it again and repeats the measures without generating the
factory: NAME is the database on the `--database-url` server, or the kept SQLite data dir.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.live.harness import LiveDatabase, LiveServer, free_port

from benchmarks.scans import _django, _machine, _print_report, kept_database

TARGET_S = 5.0
TIME_ZONE = "Asia/Shanghai"
ORG_SLUG, OWNER = "bench-payroll", "bench-owner"
N_LINES, N_STYLES, N_OPS, ORDERS_PER_LINE, BUNDLE_QTY = 20, 10, 15, 2, 20
LATE_PREFIX, REVERSAL_REASON = "late-", "bench: reversed after approval"
DAY_START, DAY_MINUTES = dt.time(8, 0), 510  # 08:00-16:30 of work, lunch included below


@dataclass
class Factory:
    org_id: int
    owner_id: int
    month: tuple[dt.date, dt.date]  # the benchmark month (two months back)
    after: tuple[dt.date, dt.date]  # the next month
    scans: int = 0
    held_back: list[tuple[int, int, int, int, int, dt.datetime]] = field(default_factory=list)
    generate_s: dict[str, float] = field(default_factory=dict)


def _months(today: dt.date) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """The month two months before `today`'s, and the one after it (both ended already)."""
    last_end = today.replace(day=1) - dt.timedelta(days=1)
    month_end = last_end.replace(day=1) - dt.timedelta(days=1)
    return (month_end.replace(day=1), month_end), (last_end.replace(day=1), last_end)


def _workdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if day.weekday() < 6]


# --------------------------------------------------------------------------- the factory


def generate(scans: int, late: int, seed: int = 2026) -> Factory:
    """The factory, its month of scans and attendance, written straight into the database."""
    from django.db import connection, transaction
    from django.utils import timezone

    from seamline.catalog.models import Colour, Customer, Operation, Size, SizeGrid, Style
    from seamline.cutting.models import Bundle, CutPlan, Lay
    from seamline.orders.models import Order, OrderLine
    from seamline.shopfloor.models import Attendance, Line, Worker
    from seamline.tenancy.choices import OrganizationKind
    from seamline.tenancy.context import tenant_context
    from seamline.tenancy.services import organization_create, user_create

    rng = random.Random(seed)
    tz = ZoneInfo(TIME_ZONE)
    month, after = _months(timezone.localdate(timezone=tz))
    days = _workdays(*month)
    started = time.perf_counter()
    owner = user_create(username=OWNER, password="bench-Payroll-2026")  # noqa: S106
    org = organization_create(
        name="Bench Garments", kind=OrganizationKind.FACTORY, owner=owner, slug=ORG_SLUG
    )
    factory = Factory(org_id=org.pk, owner_id=owner.pk, month=month, after=after)
    t = org.pk
    n_bundles = -(-(scans + late) // N_OPS)
    per_order = -(-n_bundles // (N_LINES * ORDERS_PER_LINE))
    with tenant_context(org), transaction.atomic():
        customer = Customer.objects.create(tenant_id=t, code="BENCH", name="Bench customer")
        grid = SizeGrid.objects.create(tenant_id=t, code="BENCH", name="Bench grid")
        sizes = Size.objects.bulk_create(
            [Size(tenant_id=t, grid=grid, code=c, position=i) for i, c in enumerate("SMLX")]
        )
        colour = Colour.objects.create(tenant_id=t, code="NAVY", name="Navy")
        styles = Style.objects.bulk_create(
            [
                Style(tenant_id=t, code=f"P{s:02d}", name=f"Style {s}", customer=customer,
                      size_grid=grid)
                for s in range(N_STYLES)
            ]
        )  # fmt: skip
        ops = {
            style.pk: Operation.objects.bulk_create(
                [
                    Operation(
                        tenant_id=t,
                        style=style,
                        sequence=10 * (k + 1),
                        name=f"Op {10 * (k + 1)}",
                        smv=Decimal("0.600"),
                        piece_rate=Decimal(rng.randrange(1000, 2000)) / 10000,
                    )
                    for k in range(N_OPS)
                ]
            )
            for style in styles
        }
        lines = Line.objects.bulk_create(
            [
                Line(tenant_id=t, code=f"L{i:02d}", name=f"Line {i}", target_per_hour=150)
                for i in range(N_LINES)
            ]
        )
        crew = 500 // N_LINES
        workers = Worker.objects.bulk_create(
            [
                Worker(
                    tenant_id=t,
                    code=f"W{i:02d}-{w:02d}",
                    name=f"Worker {i}/{w}",
                    line=line,
                    skill_grade=1 + (w * 7 + i) % 5,
                    pay_type="hourly" if w == crew else "piece",
                    hourly_rate=Decimal("26.00") if w == crew else Decimal("0"),
                )
                for i, line in enumerate(lines)
                for w in range(crew + 1)  # the last one of each line is paid by the hour
            ]
        )
        orders = Order.objects.bulk_create(
            [
                Order(tenant_id=t, number=f"PB-{j:03d}", customer=customer,
                      delivery_date=month[1] + dt.timedelta(days=10), status="in_production")
                for j in range(N_LINES * ORDERS_PER_LINE)
            ]
        )  # fmt: skip
        style_of = [styles[(j // ORDERS_PER_LINE) % N_STYLES] for j in range(len(orders))]
        OrderLine.objects.bulk_create(
            [
                OrderLine(tenant_id=t, order=order, style=style_of[j], colour=colour, size=size,
                          quantity=per_order * BUNDLE_QTY // len(sizes))
                for j, order in enumerate(orders)
                for size in sizes
            ]
        )  # fmt: skip
        plans = CutPlan.objects.bulk_create(
            [
                CutPlan(tenant_id=t, order=order, style=style_of[j], bundle_size=BUNDLE_QTY)
                for j, order in enumerate(orders)
            ]
        )
        lays = Lay.objects.bulk_create(
            [
                Lay(tenant_id=t, cut_plan=plan, number=1, colour=colour,
                    plies=per_order * BUNDLE_QTY // len(sizes))
                for plan in plans
            ]
        )  # fmt: skip
        bundles = Bundle.objects.bulk_create(
            [
                Bundle(
                    tenant_id=t,
                    number=1 + j * per_order + b,
                    lay=lays[j],
                    order=order,
                    style=style_of[j],
                    colour=colour,
                    size=sizes[b % len(sizes)],
                    quantity=BUNDLE_QTY,
                    ply_from=1 + (b // len(sizes)) * BUNDLE_QTY,
                    ply_to=(b // len(sizes) + 1) * BUNDLE_QTY,
                )
                for j, order in enumerate(orders)
                for b in range(per_order)
            ],
            batch_size=5000,
        )
        # Attendance: every worker, every working day, in around eight, out around half five.
        attendance = []
        for day in days:
            eight = dt.datetime.combine(day, DAY_START, tzinfo=tz)
            for worker in workers:
                if rng.random() < 0.02:
                    continue  # a day off
                clock_in = eight + dt.timedelta(seconds=rng.randint(-600, 600))
                attendance.append(
                    Attendance(
                        tenant_id=t,
                        worker=worker,
                        day=day,
                        line_id=worker.line_id,
                        clock_in=clock_in,
                        clock_out=clock_in + dt.timedelta(minutes=rng.randint(560, 600)),
                        break_minutes=60,
                    )
                )
        Attendance.objects.bulk_create(attendance, batch_size=5000)
    factory.generate_s["structure"] = time.perf_counter() - started

    # The scans: each order's bundles go through its line over the month, one operation after
    # the other; op k of a bundle falls to one of the line's piece workers around k's share.
    started = time.perf_counter()
    work_seconds = len(days) * DAY_MINUTES * 60
    piece_crews = [
        [w for w in workers[i * (crew + 1) : (i + 1) * (crew + 1)] if w.pay_type == "piece"]
        for i in range(N_LINES)
    ]
    # Some workers are much slower: they do fewer of their operations' bundles.
    pace = {w.pk: rng.uniform(0.35, 1.0) if rng.random() < 0.1 else 1.0 for w in workers}
    total_pairs = len(bundles) * N_OPS
    held = set(rng.sample(range(total_pairs), min(late, total_pairs)))

    def moment(offset: float) -> dt.datetime:
        """A working second of the month -> the instant (UTC), skipping nights and lunch."""
        offset = min(max(offset, 0.0), work_seconds - 1)
        day, second = divmod(int(offset), DAY_MINUTES * 60)
        if second >= 4 * 3600:
            second += 3600  # lunch 12:00-13:00
        local = dt.datetime.combine(days[day], DAY_START, tzinfo=tz) + dt.timedelta(seconds=second)
        return local.astimezone(dt.UTC)

    def rows() -> Iterator[tuple[Any, ...]]:
        n = 0
        pair = -1
        for j, order in enumerate(orders):
            line_no = j // ORDERS_PER_LINE
            line = lines[line_no]
            mates = piece_crews[line_no]
            style_ops = ops[style_of[j].pk]
            first = (j % ORDERS_PER_LINE) * work_seconds / ORDERS_PER_LINE
            span = work_seconds / ORDERS_PER_LINE
            for b in range(per_order):
                bundle = bundles[j * per_order + b]
                base = first + span * b / per_order
                for k, op in enumerate(style_ops):
                    pair += 1
                    slot = min(len(mates) - 1, int((k + rng.random()) * len(mates) / N_OPS))
                    worker = mates[slot]
                    if rng.random() > pace[worker.pk]:  # a faster mate took it
                        worker = mates[(slot + 1) % len(mates)]
                    at = moment(base + k * 600 + rng.random() * 300)
                    if pair in held:
                        factory.held_back.append(
                            (bundle.pk, op.pk, worker.pk, line.pk, order.pk, at)
                        )
                        continue
                    extra = rng.random()
                    kinds = [("credited", worker, at)]
                    if extra < 0.01:  # a line-mate's claim, waiting for the supervisor
                        kinds.append(("conflict", rng.choice(mates), at + dt.timedelta(minutes=9)))
                    elif extra < 0.015:  # a wrong worker's scan, reversed before the real one
                        kinds.insert(
                            0, ("reversed", rng.choice(mates), at - dt.timedelta(minutes=7))
                        )
                    for status, who, when in kinds:
                        yield (
                            t, f"p-{n}", "%064x" % n,  # noqa: UP031 - fast fixed-width hex
                            bundle.pk, op.pk, who.pk, line.pk, order.pk, BUNDLE_QTY,
                            when, when + dt.timedelta(seconds=3), "station", status, None, None,
                        )  # fmt: skip
                        n += 1

    columns = (
        "tenant_id, client_id, digest, bundle_id, operation_id, worker_id, line_id, order_id, "
        "quantity, scanned_at, received_at, source, status, collided_with_id, recorded_by_id"
    )
    inserted = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                transaction.atomic(),
                cursor.cursor.copy(f"COPY shopfloor_scan ({columns}) FROM STDIN") as copy,
            ):
                for row in rows():
                    copy.write_row(row)
                    inserted += 1
        else:
            marks = ",".join(["%s"] * 15)
            insert = f"INSERT INTO shopfloor_scan ({columns}) VALUES ({marks})"  # noqa: S608
            chunk: list[tuple[Any, ...]] = []
            for row in rows():
                chunk.append((*row[:9], _naive(row[9]), _naive(row[10]), *row[11:]))
                if len(chunk) == 50_000:
                    with transaction.atomic():
                        cursor.executemany(insert, chunk)
                    inserted += len(chunk)
                    chunk = []
            if chunk:
                with transaction.atomic():
                    cursor.executemany(insert, chunk)
                inserted += len(chunk)
        # The in-month reversals' corrections, as a supervisor wrote them.
        cursor.execute(
            "INSERT INTO shopfloor_scancorrection (tenant_id, scan_id, kind, reason, at) "
            "SELECT tenant_id, id, 'reverse', 'wrong coupon', scanned_at "
            "FROM shopfloor_scan WHERE tenant_id = %s AND status = 'reversed'",
            [t],
        )
    factory.scans = inserted
    factory.generate_s["scans"] = time.perf_counter() - started
    started = time.perf_counter()
    _analyse()
    factory.generate_s["analyse"] = time.perf_counter() - started
    return factory


def _naive(moment: dt.datetime) -> str:
    """An aware UTC instant as Django stores it in SQLite."""
    return moment.replace(tzinfo=None).isoformat(sep=" ")


def _analyse() -> None:
    """What autovacuum / a DBA's ANALYZE gives a month-old table: statistics and (PostgreSQL)
    the visibility map; done here so that it does not start in the middle of a measure."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


# --------------------------------------------------------------------------- payroll set-up


def setup_payroll(factory: Factory) -> None:
    """Settings (monthly, a minimum hourly wage, grade multipliers) and dated rate changes:
    12 operations on the 10th of the month, 3 on the 16th, 3 on the 5th of the next."""
    from django.db import transaction

    from seamline.catalog.models import Operation
    from seamline.payroll import services
    from seamline.payroll.models import OperationRate

    first = factory.month[0]
    with transaction.atomic():
        services.settings_update(
            by=None,
            cycle="monthly",
            minimum_hourly_wage=Decimal("22.00"),
            grade_1=Decimal("1.000"),
            grade_2=Decimal("1.050"),
            grade_3=Decimal("1.100"),
            grade_4=Decimal("1.150"),
            grade_5=Decimal("1.200"),
        )
        if OperationRate.objects.exists():
            return
        operations = list(Operation.objects.order_by("pk"))
        changes = [(op, first + dt.timedelta(days=9)) for op in operations[:12]]
        changes += [(op, first + dt.timedelta(days=15)) for op in operations[12:18:2]]
        changes += [(op, factory.after[0] + dt.timedelta(days=4)) for op in operations[20:23]]
        OperationRate.objects.bulk_create(
            [
                OperationRate(
                    tenant_id=factory.org_id,
                    operation=op,
                    effective_from=day,
                    rate=(op.piece_rate * Decimal("1.08")).quantize(Decimal("0.0001")),
                    note="new thread / 换线",
                )
                for op, day in changes
            ]
        )


def add_adjustments(factory: Factory, period_id: int, count: int = 150, seed: int = 7) -> None:
    """Bonuses, penalties and advances of the month (bulk: the service recomputes each time)."""
    from seamline.payroll.models import Adjustment
    from seamline.shopfloor.models import Worker

    rng = random.Random(seed)
    workers = list(Worker.objects.order_by("pk"))
    kinds = [("bonus", "Full attendance"), ("penalty", "Rework"), ("advance", "Advance")]
    Adjustment.objects.bulk_create(
        [
            Adjustment(
                tenant_id=factory.org_id,
                period_id=period_id,
                worker=rng.choice(workers),
                kind=kind,
                amount=Decimal(rng.randrange(2000, 50000)) / 100,
                reason=reason,
            )
            for kind, reason in (rng.choice(kinds) for _ in range(count))
        ]
    )


# ------------------------------------------------------------------ events after approval


def late_and_reversed(factory: Factory, reversals: int, seed: int = 11) -> tuple[int, int]:
    """The held-back scans of the approved month arrive now; `reversals` of its credits are
    reversed now (with their corrections)."""
    from django.db import transaction
    from django.utils import timezone

    from seamline.shopfloor.models import Scan, ScanCorrection

    rng = random.Random(seed)
    now = timezone.now()
    t = factory.org_id
    with transaction.atomic():
        Scan.objects.bulk_create(
            [
                Scan(tenant_id=t, client_id=f"{LATE_PREFIX}{n}", digest="%064x" % n,  # noqa: UP031
                     bundle_id=bundle, operation_id=op, worker_id=worker, line_id=line,
                     order_id=order, quantity=BUNDLE_QTY, scanned_at=at, received_at=now,
                     source="mobile", status="credited")
                for n, (bundle, op, worker, line, order, at) in enumerate(factory.held_back)
            ],
            batch_size=2000,
        )  # fmt: skip
        first, last = factory.month
        lo = dt.datetime.combine(first, dt.time.min, tzinfo=ZoneInfo(TIME_ZONE))
        hi = dt.datetime.combine(
            last + dt.timedelta(days=1), dt.time.min, tzinfo=ZoneInfo(TIME_ZONE)
        )
        ids = list(
            Scan.objects.filter(status="credited", scanned_at__gte=lo, scanned_at__lt=hi)
            .exclude(client_id__startswith=LATE_PREFIX)
            .order_by()
            .values_list("pk", flat=True)[: reversals * 20]
        )
        chosen = sorted(rng.sample(ids, min(reversals, len(ids))))
        Scan.objects.filter(pk__in=chosen).update(status="reversed")
        ScanCorrection.objects.bulk_create(
            [
                ScanCorrection(tenant_id=t, scan_id=pk, kind="reverse", reason=REVERSAL_REASON)
                for pk in chosen
            ],
            batch_size=2000,
        )
    return len(factory.held_back), len(chosen)


# --------------------------------------------------------------------------- the measures


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def _vs_target(seconds: float) -> str:
    verdict = "met" if seconds < TARGET_S else "MISSED"
    return f"{seconds:.2f} s ({100 * seconds / TARGET_S:.0f} % of the 5 s target: {verdict})"


def measure(factory: Factory, repeat: int, reversals: int) -> list[tuple[str, str]]:

    from seamline.payroll import compute, services
    from seamline.payroll.models import PayLine, PayPeriod
    from seamline.shopfloor.models import Scan
    from seamline.tenancy.models import User

    owner = User.objects.get(pk=factory.owner_id)
    first, _ = factory.month
    report: list[tuple[str, str]] = []

    def line(name: str, value: str) -> None:
        print(f"payroll {name}: {value}", flush=True)
        report.append((name, value))

    setup_payroll(factory)
    took, period = _timed(lambda: services.period_open(by=owner, day=first))
    line("open the month (first calculate + store)", f"{took:.2f} s")
    add_adjustments(factory, period.pk)
    credited = Scan.objects.filter(status="credited").count()
    print(f"# {credited:,} credited scans in the month, {PayPeriod.objects.count()} period")

    times, payroll = [], None
    for _ in range(repeat):
        took, payroll = _timed(lambda: compute.calculate(period))
        times.append(took)
    assert payroll is not None
    lines = sum(len(s.lines) for s in payroll.slips.values())
    line(
        "(1) calculate",
        f"{_vs_target(min(times))}; runs {', '.join(f'{s:.2f}' for s in times)} s; "
        f"{len(payroll.slips)} slips, {lines:,} lines, total {payroll.total:,}",
    )

    times = []
    for _ in range(repeat):
        took, _p = _timed(lambda: services.period_recompute(period=period, by=owner))
        times.append(took)
    line(
        "(2) recompute (calculate + store)",
        f"{_vs_target(min(times))}; runs {', '.join(f'{s:.2f}' for s in times)} s; "
        f"{PayLine.objects.filter(period=period).count():,} lines stored",
    )

    took_review, period = _timed(lambda: services.period_review(period=period, by=owner))
    took_approve, approval = _timed(lambda: services.period_approve(period=period, by=owner))
    assert approval.approved, approval.changes
    period.refresh_from_db()
    _check_register(period)
    line("(3a) review (calculate + store)", _vs_target(took_review))
    line(
        "(3b) approve (calculate + store, one snapshot)",
        _vs_target(took_approve),
    )
    line("(3) review + approve", _vs_target(took_review + took_approve))

    late, reversed_ = late_and_reversed(factory, reversals)
    took, after = _timed(lambda: services.period_open(by=owner))
    line("open the next month (first calculate + store)", f"{took:.2f} s")
    times = []
    for _ in range(repeat):
        took, _p = _timed(lambda: services.period_recompute(period=after, by=owner))
        times.append(took)
    carried = PayLine.objects.filter(period=after, kind__in=["late", "reversal"])
    line(
        f"(4) next month recompute ({late:,} late scans, {reversed_:,} reversals)",
        f"{_vs_target(min(times))}; runs {', '.join(f'{s:.2f}' for s in times)} s; "
        f"{carried.count():,} carried lines",
    )
    took_review, after = _timed(lambda: services.period_review(period=after, by=owner))
    took_approve, approval = _timed(lambda: services.period_approve(period=after, by=owner))
    assert approval.approved, approval.changes
    line("(4b) next month review + approve", _vs_target(took_review + took_approve))
    return report


def _check_register(period: Any) -> None:
    """The register reconciles: slips = lines = period total (to the cent; SQLite's SUM of
    decimals is a float sum, so `selectors.totals` is also shown as it stands)."""
    from seamline.payroll import selectors
    from seamline.payroll.rates import to_cent

    totals = selectors.totals(period)
    cents = {to_cent(totals.slips), to_cent(totals.lines), to_cent(totals.period)}
    assert len(cents) == 1, totals
    if not totals.reconciles:
        print(
            f"# selectors.totals(period).reconciles is False: slips {totals.slips}, "
            f"lines {totals.lines}, period {totals.period} (equal to the cent)"
        )


def reset() -> None:
    """Take payroll and the after-approval events off a kept database (for --reuse-database)."""
    from django.db import transaction

    from seamline.payroll.models import (
        Adjustment,
        PayLine,
        PayPeriod,
        PaySlip,
    )
    from seamline.shopfloor.models import Scan, ScanCorrection

    with transaction.atomic():
        PayLine.objects.all().delete()
        PaySlip.objects.all().delete()
        Adjustment.objects.all().delete()
        PayPeriod.objects.all().delete()
        undone = ScanCorrection.objects.filter(reason=REVERSAL_REASON)
        Scan.objects.filter(pk__in=undone.values("scan_id")).update(status="credited")
        undone.delete()


def _kept_factory() -> Factory:
    """The factory of a kept database, with the late scans it holds back made again."""
    from django.utils import timezone

    from seamline.shopfloor.models import Scan
    from seamline.tenancy.models import Organization, User

    org = Organization.objects.get(slug=ORG_SLUG)
    owner_id = User.objects.get(username=OWNER).pk
    month, after = _months(timezone.localdate(timezone=ZoneInfo(TIME_ZONE)))
    factory = Factory(org_id=org.pk, owner_id=owner_id, month=month, after=after)
    factory.scans = Scan.objects.count()
    return factory


# --------------------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks payroll", description=__doc__)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (any db)")
    parser.add_argument("--scans", type=int, default=1_000_000, help="credited scans of the month")
    parser.add_argument("--late", type=int, default=3000, help="late scans after approval")
    parser.add_argument("--reversals", type=int, default=2000, help="reversals after approval")
    parser.add_argument("--repeat", type=int, default=3, help="runs of measures 1, 2 and 4")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse-database",
        metavar="NAME",
        default=None,
        help="measure again on a database kept by --keep (its name on the --database-url "
        "server, or the SQLite data dir); payroll is taken off it first",
    )
    args = parser.parse_args(argv)

    if args.reuse_database:
        name = args.reuse_database
        data_dir, database = kept_database(name, args.database_url)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="seamline-bench-"))
        database = LiveDatabase.create(data_dir, args.database_url)
    kind = "PostgreSQL" if database.is_postgres else "SQLite"
    print(f"# payroll benchmark on {kind}; {_machine()}; data dir {data_dir}", flush=True)
    report: list[tuple[str, str]] = []
    try:
        if not args.reuse_database:
            LiveServer(database, port=free_port()).migrate()
        _django(database)
        from django.db import connection
        from django.utils import timezone

        from seamline.tenancy.context import tenant_context
        from seamline.tenancy.models import Organization

        if connection.vendor == "sqlite":
            version = connection.cursor().connection.execute("select sqlite_version()")
            print(f"# SQLite {version.fetchone()[0]}")
        else:
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                print(f"# PostgreSQL {cursor.fetchone()[0]}")
        with timezone.override(ZoneInfo(TIME_ZONE)):
            if args.reuse_database:
                factory = _kept_factory()
                with tenant_context(Organization.objects.get(pk=factory.org_id)):
                    reset()
                    factory.held_back = _held_back(args.late)
                    _analyse()
            else:
                factory = generate(args.scans, args.late)
            print(
                f"# factory: {factory.scans:,} scan rows in {factory.month[0]:%B %Y}; "
                + ", ".join(f"{k} {v:.1f} s" for k, v in factory.generate_s.items()),
                flush=True,
            )
            with tenant_context(Organization.objects.get(pk=factory.org_id)):
                report = measure(factory, args.repeat, args.reversals)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep or args.reuse_database:
            kept = database.name or str(data_dir)
            print(f"kept: {database.url or data_dir}; again with --reuse-database {kept}")
        else:
            database.drop()
            shutil.rmtree(data_dir, ignore_errors=True)
        if args.reuse_database and args.database_url:
            shutil.rmtree(data_dir, ignore_errors=True)
    _print_report(kind, report)
    return 0


def _held_back(late: int) -> list[tuple[int, int, int, int, int, dt.datetime]]:
    """On a kept database: `late` credited scans of the month taken out again, to arrive late
    (their rows are deleted; they come back with new ids after approval)."""
    from seamline.shopfloor.models import Scan

    rows = list(
        Scan.objects.filter(status="credited", collided_with__isnull=True)
        .order_by("-pk")
        .values_list("pk", "bundle_id", "operation_id", "worker_id", "line_id", "order_id",
                     "scanned_at")[:late]
    )  # fmt: skip
    Scan.objects.filter(pk__in=[r[0] for r in rows]).delete()
    return [r[1:] for r in rows]


if __name__ == "__main__":
    raise SystemExit(main())
