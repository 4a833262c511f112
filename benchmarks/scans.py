"""Scan ingestion and floor pages through the real server (gunicorn) on a scratch database.

(a) ingest: load generator processes post batches of 500 new scans to
    /api/v1/shopfloor/scans/batch for S seconds, for a few gunicorn worker x thread settings;
    sustained scans/s, then the raw insert rate of as many equivalent rows with bulk_create
    (batches of 500, no HTTP) and the ratio HTTP / raw.
(b) single: POST /api/v1/shopfloor/scans open-loop at a fixed rate (200/s for 20 s), each a
    new scan; latency from the scheduled send time: p50 / p95 / p99, errors.
(c) views: a year of scans (3 million by default) for the factory, generated straight into
    the database (COPY on PostgreSQL, executemany on SQLite), then the floor pages
    (/shopfloor/floor/, .../lines/<pk>/, .../orders/<pk>/) ~100 times each: p50 / p95.

Default database: SQLite in a temporary data dir. `--database-url postgres://...` creates a
scratch database on that server and drops it at the end. `--keep` keeps it (and the data dir)
and prints its name; `--reuse-database NAME` then times the floor pages again on it (views
only, nothing generated): NAME is the database on the `--database-url` server, or the kept
SQLite data dir.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing
import os
import platform
import random
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.live.harness import LiveDatabase, LiveServer, _with_dbname, free_port

BATCH_PATH = "/api/v1/shopfloor/scans/batch"
SENDERS = 64  # load generator threads (and kept-alive connections) for single scans
WARM_UP_SCANS = 240  # ~20 a thread of the default server (3 workers x 4 threads)
SINGLE_PATH = "/api/v1/shopfloor/scans"
BATCH_SIZE = 500
WARM_UP = 10  # untimed requests per page first


# --------------------------------------------------------------------------- load generation


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    token: str
    pairs: list[tuple[int, int]]  # (bundle number, operation sequence)
    workers: list[str]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


class _Connection:
    """A keep-alive connection that reconnects once when the server has closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.conn: http.client.HTTPConnection | None = None

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.conn.request("POST", path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _batch_generator(
    target: Target, prefix: str, start_at: float, stop_at: float, out: Any
) -> None:
    """One load generator process: batches of 500 until `stop_at`; counts what ended in time."""
    rng = random.Random(prefix)
    conn = _Connection(target.host, target.port)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {target.token}"}
    sent = scans = errors = 0
    latencies: list[float] = []
    n = 0
    while True:
        scans_in = []
        for _ in range(BATCH_SIZE):
            bundle, operation = rng.choice(target.pairs)
            scans_in.append(
                {
                    "id": f"{prefix}-{n}",
                    "bundle": bundle,
                    "operation": operation,
                    "worker": rng.choice(target.workers),
                }
            )
            n += 1
        body = json.dumps({"scans": scans_in}).encode()
        began = time.time()
        if began >= stop_at:
            break
        try:
            status, raw = conn.post(BATCH_PATH, body, headers)
        except OSError:
            status, raw = 0, b""
        ended = time.time()
        if ended > stop_at or began < start_at:  # warm-up, or finished after the window
            continue
        sent += 1
        latencies.append(ended - began)
        if status == 200:
            scans += int(json.loads(raw)["recorded"])
        else:
            errors += 1
    out.put({"batches": sent, "scans": scans, "errors": errors, "latencies": latencies})


def ingest_http(target: Target, *, seconds: float, clients: int, tag: str) -> dict[str, Any]:
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + 3.0  # warm-up: connections, first requests of each worker
    stop_at = start_at + seconds
    procs = [
        ctx.Process(target=_batch_generator, args=(target, f"{tag}-{i}", start_at, stop_at, out))
        for i in range(clients)
    ]
    for p in procs:
        p.start()
    parts = [out.get(timeout=seconds + 300) for _ in procs]
    for p in procs:
        p.join()
    scans = sum(p["scans"] for p in parts)
    latencies = [v for p in parts for v in p["latencies"]]
    return {
        "scans": scans,
        "rate": scans / seconds,
        "batches": sum(p["batches"] for p in parts),
        "errors": sum(p["errors"] for p in parts),
        "batch_p50_ms": 1000 * _percentile(latencies, 50),
        "batch_p95_ms": 1000 * _percentile(latencies, 95),
    }


def _warm_up(target: Target, headers: dict[str, str], rng: random.Random, tag: str) -> None:
    """Untimed: a burst of real scans on new connections, so that every worker process
    and thread has recorded some (a worker loads the API's code, a thread opens its
    database connection, compiles and prepares its statements on its first scans), as in
    a server that has been up for a while. Before, 30 rejected scans on one connection
    warmed one worker and not the recording path: 42 of the first 100 timed scans took
    longer than 50 ms, and 3 of the next 3,900."""
    bodies = []
    for n in range(WARM_UP_SCANS):
        bundle, operation = rng.choice(target.pairs)
        worker = rng.choice(target.workers)
        body = {"id": f"{tag}-w{n}", "bundle": bundle, "operation": operation, "worker": worker}
        bodies.append(json.dumps(body).encode())

    def send(body: bytes) -> None:
        conn = _Connection(target.host, target.port)
        try:
            conn.post(SINGLE_PATH, body, {**headers, "Connection": "close"})
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(send, bodies))


def single_open_loop(
    target: Target, *, rate: float, seconds: float, tag: str, fresh: bool = False
) -> dict[str, Any]:
    """`rate` requests per second on schedule, whatever the answers' latency (open loop).

    `fresh`: every request on a new connection, closed after the answer, as phones that scan
    now and then send them (the connect is timed too); else 64 kept-alive connections.
    """
    local = threading.local()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {target.token}"}
    if fresh:
        headers["Connection"] = "close"
    rng = random.Random(tag)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def send(n: int, due: float, body: bytes) -> None:
        conn = _Connection(target.host, target.port) if fresh else getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = _Connection(target.host, target.port)
        try:
            status, raw = conn.post(SINGLE_PATH, body, headers)
            problem = "" if status == 201 else f"{status}: {raw[:200]!r}"
        except OSError as exc:
            problem = repr(exc)
        took = time.perf_counter() - due
        if fresh:
            conn.close()
        with lock:
            latencies.append(took)
            if problem:
                errors.append(problem)

    total = int(rate * seconds)
    _warm_up(target, headers, rng, tag)
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        # every sender thread is started before the clock runs: their start is not timed
        ready = threading.Barrier(SENDERS + 1)
        for _ in range(SENDERS):
            pool.submit(ready.wait)
        ready.wait()
        begin = time.perf_counter() + 0.5
        for n in range(total):
            bundle, operation = rng.choice(target.pairs)
            body = json.dumps(
                {
                    "id": f"{tag}-{n}",
                    "bundle": bundle,
                    "operation": operation,
                    "worker": rng.choice(target.workers),
                }
            ).encode()
            due = begin + n / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(send, n, due, body)
    return {
        "requests": total,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "p50_ms": 1000 * _percentile(latencies, 50),
        "p95_ms": 1000 * _percentile(latencies, 95),
        "p99_ms": 1000 * _percentile(latencies, 99),
        "max_ms": 1000 * max(latencies),
    }


# --------------------------------------------------------------------------- in-process Django


def _django(database: LiveDatabase) -> None:
    os.environ["SEAMLINE_DATA_DIR"] = str(database.data_dir)
    os.environ["SEAMLINE_SECRET_KEY"] = "live-" + "k" * 50
    os.environ["DJANGO_SETTINGS_MODULE"] = "seamline.config.settings"
    if database.url:
        os.environ["SEAMLINE_DATABASE_URL"] = database.url
    else:
        os.environ.pop("SEAMLINE_DATABASE_URL", None)
    import django

    django.setup()


def raw_insert_rate(org_id: int, target: Target, count: int) -> dict[str, Any]:
    """`count` Scan rows like the API's, bulk_create in batches of 500, one transaction each."""
    from django.db import connections, transaction
    from django.utils import timezone

    from seamline.catalog.models import Operation
    from seamline.cutting.models import Bundle
    from seamline.shopfloor.models import Scan, Worker
    from seamline.tenancy.context import tenant_context
    from seamline.tenancy.models import Organization

    rng = random.Random("raw")
    with tenant_context(Organization.objects.get(pk=org_id)):
        bundles = {b.number: b for b in Bundle.objects.all()}
        ops = {(o.style_id, o.sequence): o for o in Operation.objects.all()}
        workers = {w.code: w for w in Worker.objects.all()}
        started = time.perf_counter()
        made = 0
        while made < count:
            now = timezone.now()
            rows = []
            for _ in range(min(BATCH_SIZE, count - made)):
                number, sequence = rng.choice(target.pairs)
                bundle = bundles[number]
                worker = workers[rng.choice(target.workers)]
                rows.append(
                    Scan(
                        tenant_id=org_id,
                        client_id=f"raw-{made}",
                        digest="0" * 64,
                        bundle_id=bundle.pk,
                        operation_id=ops[(bundle.style_id, sequence)].pk,
                        worker_id=worker.pk,
                        line_id=worker.line_id,
                        order_id=bundle.order_id,
                        quantity=bundle.quantity,
                        scanned_at=now,
                        received_at=now,
                        source="api",
                        status="duplicate",  # no credit collisions: the plain insert cost
                    )
                )
                made += 1
            with transaction.atomic():
                Scan.objects.bulk_create(rows)
        took = time.perf_counter() - started
    connections.close_all()
    return {"rows": count, "seconds": took, "rate": count / took}


def generate_year(org_id: int, total: int, *, seed: int = 2026) -> dict[str, Any]:
    """About `total` scans over the last year: 8 lines x 40 workers, 200 orders of 20 styles
    with 30 operations each, every bundle scanned once per operation (~2 % duplicates and
    conflicts on top). Orders run one after another on their line, ~6 working weeks each."""
    from django.db import connection, transaction
    from django.utils import timezone

    from seamline.catalog.models import Colour, Customer, Operation, Size, SizeGrid, Style
    from seamline.cutting.models import Bundle, CutPlan, Lay
    from seamline.orders.models import Order, OrderLine
    from seamline.shopfloor.models import Line, Worker
    from seamline.tenancy.context import tenant_context
    from seamline.tenancy.models import Organization

    rng = random.Random(seed)
    n_lines, crew, n_orders, n_styles, n_ops = 8, 40, 200, 20, 30
    per_order = max(1, round(total / 1.02 / (n_orders * n_ops)))  # bundles per order
    started = time.perf_counter()
    org = Organization.objects.get(pk=org_id)
    with tenant_context(org), transaction.atomic():
        customer = Customer.objects.create(tenant_id=org_id, code="YEAR", name="Year customer")
        grid = SizeGrid.objects.create(tenant_id=org_id, code="YEAR", name="Year grid")
        sizes = Size.objects.bulk_create(
            [
                Size(tenant_id=org_id, grid=grid, code=c, position=i)
                for i, c in enumerate(["S", "M", "L", "XL"])
            ]
        )
        colour = Colour.objects.create(tenant_id=org_id, code="YEAR", name="Year colour")
        styles = Style.objects.bulk_create(
            [
                Style(
                    tenant_id=org_id,
                    code=f"Y{s:03d}",
                    name=f"Year style {s}",
                    customer=customer,
                    size_grid=grid,
                )
                for s in range(n_styles)
            ]
        )
        operations: dict[int, list[Operation]] = {}
        for style in styles:
            operations[style.pk] = Operation.objects.bulk_create(
                [
                    Operation(
                        tenant_id=org_id,
                        style=style,
                        sequence=10 * (k + 1),
                        name=f"Op {10 * (k + 1)}",
                        smv="0.600",
                        piece_rate="0.1500",
                    )
                    for k in range(n_ops)
                ]
            )
        lines = Line.objects.bulk_create(
            [
                Line(tenant_id=org_id, code=f"Y{i}", name=f"Year line {i}", target_per_hour=120)
                for i in range(n_lines)
            ]
        )
        workers = Worker.objects.bulk_create(
            [
                Worker(
                    tenant_id=org_id, code=f"Y{i}-{w:02d}", name=f"Year worker {i}/{w}", line=line
                )
                for i, line in enumerate(lines)
                for w in range(crew)
            ]
        )
        today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        year_start = today - dt.timedelta(days=365)
        orders = Order.objects.bulk_create(
            [
                Order(
                    tenant_id=org_id,
                    number=f"Y-{j:04d}",
                    customer=customer,
                    delivery_date=(year_start + dt.timedelta(days=10 + j * 365 // n_orders)).date(),
                    status="in_production" if j >= n_orders - n_lines else "completed",
                )
                for j in range(n_orders)
            ]
        )
        OrderLine.objects.bulk_create(
            [
                OrderLine(
                    tenant_id=org_id,
                    order=order,
                    style=styles[j % n_styles],
                    colour=colour,
                    size=size,
                    quantity=per_order * 20 // len(sizes),
                )
                for j, order in enumerate(orders)
                for size in sizes
            ]
        )
        plans = CutPlan.objects.bulk_create(
            [
                CutPlan(tenant_id=org_id, order=order, style=styles[j % n_styles], bundle_size=20)
                for j, order in enumerate(orders)
            ]
        )
        lays = Lay.objects.bulk_create(
            [
                Lay(
                    tenant_id=org_id,
                    cut_plan=plan,
                    number=1,
                    colour=colour,
                    plies=per_order * 20 // len(sizes),
                )
                for plan in plans
            ]
        )
        first = (Bundle.objects.order_by("-number").values_list("number", flat=True).first()) or 0
        bundles = Bundle.objects.bulk_create(
            [
                Bundle(
                    tenant_id=org_id,
                    number=first + 1 + j * per_order + b,
                    lay=lays[j],
                    order=order,
                    style=styles[j % n_styles],
                    colour=colour,
                    size=sizes[b % len(sizes)],
                    quantity=20,
                    ply_from=1 + (b // len(sizes)) * 20,
                    ply_to=(b // len(sizes) + 1) * 20,
                )
                for j, order in enumerate(orders)
                for b in range(per_order)
            ],
            batch_size=5000,
        )
    structure_s = time.perf_counter() - started

    line_of_order = [j % n_lines for j in range(n_orders)]
    span = dt.timedelta(days=365 * n_lines / n_orders)  # one order's time on its line

    def rows() -> Any:
        n = 0
        for j, order in enumerate(orders):
            line = lines[line_of_order[j]]
            crew_of = workers[line_of_order[j] * crew : (line_of_order[j] + 1) * crew]
            ops = operations[styles[j % n_styles].pk]
            begin = year_start + span * (j // n_lines)
            for b in range(per_order):
                bundle = bundles[j * per_order + b]
                base = begin + span * (b / per_order)
                for k, op in enumerate(ops):
                    at = base + dt.timedelta(minutes=k * 7 + rng.random() * 5)
                    worker = crew_of[(k + (b % 3)) % crew]
                    extra = rng.random()
                    kinds = ["credited"]
                    if extra < 0.012:
                        kinds.append("duplicate")
                    elif extra < 0.02:
                        kinds.append("conflict")
                    for kind in kinds:
                        who = worker if kind != "conflict" else crew_of[rng.randrange(crew)]
                        yield (
                            org_id,
                            f"y-{n}",
                            "%064x" % n,  # noqa: UP031 - fast fixed-width hex
                            bundle.pk,
                            op.pk,
                            who.pk,
                            line.pk,
                            order.pk,
                            20,
                            at,
                            at + dt.timedelta(seconds=2),
                            "station",
                            kind,
                            None,
                            None,
                        )
                        n += 1

    columns = (
        "tenant_id, client_id, digest, bundle_id, operation_id, worker_id, line_id, order_id, "
        "quantity, scanned_at, received_at, source, status, collided_with_id, recorded_by_id"
    )
    inserted = 0
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY shopfloor_scan ({columns}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
                    inserted += 1
            # What autovacuum does to a year-old table (its insert threshold fires within a
            # minute of a load like this one): statistics, and the visibility map that lets
            # counts on the scan indexes (conflicts waiting) stay index-only. Not left to
            # autovacuum itself: it may be off (it is on this machine's server), or start
            # in the middle of the timed requests.
            cursor.execute("VACUUM (ANALYZE) shopfloor_scan")
    else:
        marks = ",".join(["%s"] * 15)
        insert = f"INSERT INTO shopfloor_scan ({columns}) VALUES ({marks})"  # noqa: S608
        chunk: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            for row in rows():
                chunk.append(
                    (*row[:9], row[9].isoformat(sep=" "), row[10].isoformat(sep=" "), *row[11:])
                )
                if len(chunk) == 50_000:
                    with transaction.atomic():
                        cursor.executemany(insert, chunk)
                    inserted += len(chunk)
                    chunk = []
            if chunk:
                with transaction.atomic():
                    cursor.executemany(insert, chunk)
                inserted += len(chunk)
            cursor.execute("ANALYZE")
    return {
        "scans": inserted,
        "structure_s": structure_s,
        "insert_s": time.perf_counter() - started,
        "line_id": lines[0].pk,
        "order_id": orders[-1].pk,  # in production now: the busiest order page
        "done_order_id": orders[n_orders // 2].pk,
    }


def session_cookie(org_id: int, username: str) -> str:
    """A logged-in session of `username` working in `org_id`, made directly in the database."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from seamline.tenancy.middleware import SESSION_KEY as ORG_KEY
    from seamline.tenancy.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[ORG_KEY] = org_id
    session.create()
    return f"sessionid={session.session_key}"


def time_pages(
    base: tuple[str, int], cookie: str, pages: dict[str, str], repeat: int
) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, path in pages.items():
        conn = http.client.HTTPConnection(*base, timeout=120)
        times: list[float] = []
        statuses: set[int] = set()
        for n in range(repeat + WARM_UP):
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "en"})
                response = conn.getresponse()
                response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError):
                conn.close()
                conn = http.client.HTTPConnection(*base, timeout=120)
                continue
            if n >= WARM_UP:  # the first requests of each worker load the page's code
                times.append(time.perf_counter() - began)
            statuses.add(response.status)
        conn.close()
        out[name] = {
            "path": path,
            "statuses": sorted(statuses),
            "p50_ms": 1000 * _percentile(times, 50),
            "p95_ms": 1000 * _percentile(times, 95),
            "max_ms": 1000 * max(times) if times else float("nan"),
        }
    return out


# --------------------------------------------------------------------------- the run


def _gunicorn(workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "seamline.config.wsgi:application",
        "--bind",
        "127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--timeout",
        "60",
        "--access-logfile",
        "-",
        "--no-control-socket",  # several servers on one machine must not share its socket
    ]


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpu = cpu or platform.processor()
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks scans", description=__doc__)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (any db)")
    parser.add_argument("--seconds", type=float, default=20.0, help="ingest time per setting")
    parser.add_argument("--clients", type=int, default=3, help="load generator processes")
    parser.add_argument(
        "--settings",
        default="default,2x4,4x2",
        help="gunicorn settings to try: 'default' (seamline serve) or WORKERSxTHREADS",
    )
    parser.add_argument("--rate", type=float, default=200.0, help="single scans per second")
    parser.add_argument("--rate-seconds", type=float, default=20.0)
    parser.add_argument(
        "--single-connections",
        choices=["kept", "fresh", "both"],
        default="both",
        help="single scans on 64 kept-alive connections, a new connection each, or both runs",
    )
    parser.add_argument("--scans", type=int, default=3_000_000, help="scans of the year (views)")
    parser.add_argument("--repeat", type=int, default=100, help="requests per floor page")
    parser.add_argument(
        "--parts", default="ingest,single,views", help="any of ingest, single, views"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the scratch database (and data dir) at the end and print its name",
    )
    parser.add_argument(
        "--reuse-database",
        metavar="NAME",
        default=None,
        help="time the floor pages on a database kept by --keep (its name on the "
        "--database-url server, or the SQLite data dir); views only, nothing generated",
    )
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    if args.reuse_database:
        if parts != {"views"}:
            parser.error("--reuse-database needs --parts views")
        return _reuse(args)

    data_dir = Path(tempfile.mkdtemp(prefix="seamline-bench-"))
    database = LiveDatabase.create(data_dir, args.database_url)
    server = LiveServer(database, port=free_port())
    kind = "PostgreSQL" if database.is_postgres else "SQLite"
    print(f"# scans benchmark on {kind}; {_machine()}; data dir {data_dir}")
    report: list[tuple[str, str]] = []
    try:
        server.migrate()
        seed = server.seed(
            "--orders", "4", "--operations", "20", "--workers", "40",
            "--plies", "1000", "--bundle-size", "5",
        )  # fmt: skip
        pairs = [
            (b, op)
            for order in seed["orders"]
            for b in order["bundles"]
            for op in order["operations"]
        ]
        crew = [w for order in seed["orders"] for w in order["workers"]]
        target = Target("127.0.0.1", server.port, seed["token"], pairs, crew)
        print(f"seeded: {len(pairs)} bundle x operation pairs, {len(crew)} workers")
        _django(database)

        best: tuple[float, str] = (0.0, "")
        if "ingest" in parts:
            for setting in args.settings.split(","):
                if setting == "default":
                    server.command = None
                    label = "seamline serve (3 workers x 4 threads, gthread)"
                else:
                    w, t = (int(x) for x in setting.split("x"))
                    server.command = _gunicorn(w, t)
                    label = f"gunicorn {w} workers x {t} threads, gthread"
                server.start()
                result = ingest_http(
                    target, seconds=args.seconds, clients=args.clients, tag=f"i{setting}"
                )
                server.kill()
                print(
                    f"ingest {label}: {result['rate']:,.0f} scans/s "
                    f"({result['scans']:,} in {args.seconds:.0f} s, {result['errors']} errors, "
                    f"batch p50 {result['batch_p50_ms']:.0f} ms "
                    f"p95 {result['batch_p95_ms']:.0f} ms)"
                )
                if result["rate"] > best[0]:
                    best = (result["rate"], label)
            raw = raw_insert_rate(seed["organization_id"], target, int(best[0] * args.seconds))
            print(
                f"raw bulk_create (500 per transaction): {raw['rate']:,.0f} rows/s "
                f"({raw['rows']:,} rows in {raw['seconds']:.1f} s)"
            )
            report += [
                (f"ingest HTTP batch 500, best ({best[1]})", f"{best[0]:,.0f} scans/s"),
                ("raw insert bulk_create 500", f"{raw['rate']:,.0f} rows/s"),
                ("ratio HTTP / raw", f"{best[0] / raw['rate']:.2f}"),
            ]

        if "single" in parts:
            modes = (
                ["kept", "fresh"]
                if args.single_connections == "both"
                else [args.single_connections]
            )
            for mode in modes:
                server.command = None
                server.start()
                single = single_open_loop(
                    target, rate=args.rate, seconds=args.rate_seconds, tag=f"single-{mode}",
                    fresh=mode == "fresh",
                )  # fmt: skip
                label = "a new connection each" if mode == "fresh" else "64 kept-alive connections"
                print(f"single scans, open loop {args.rate:.0f}/s, {label}: {single}")
                report.append(
                    (
                        f"single scan at {args.rate:.0f}/s (seamline serve), {label}",
                        f"p50 {single['p50_ms']:.1f} / p95 {single['p95_ms']:.1f} / "
                        f"p99 {single['p99_ms']:.1f} ms, {single['errors']} errors",
                    )
                )
                server.kill()

        if "views" in parts:
            report += _views(args, database, server, seed)
    finally:
        server.stop()
        from django.db import connections

        connections.close_all()
        if args.keep:
            kept = database.name or str(data_dir)
            print(f"kept: {database.url or data_dir}; again with --reuse-database {kept}")
        else:
            database.drop()
            shutil.rmtree(data_dir, ignore_errors=True)

    _print_report(kind, report)
    return 0


def _print_report(kind: str, report: list[tuple[str, str]]) -> None:
    print()
    print(f"| {kind} | |")
    print("| --- | --- |")
    for name, value in report:
        print(f"| {name} | {value} |")


def kept_database(name: str, database_url: str | None) -> tuple[Path, LiveDatabase]:
    """A database kept by `--keep`: `name` on the `database_url` server, or the SQLite data
    dir `name`; with the data dir the benchmark runs in."""
    if database_url:
        data_dir = Path(tempfile.mkdtemp(prefix="seamline-bench-"))
        database = LiveDatabase(
            data_dir=data_dir,
            url=_with_dbname(database_url, name),
            server_url=database_url,
            name=name,
        )
        return data_dir, database
    return Path(name), LiveDatabase(data_dir=Path(name))


def _reuse(args: argparse.Namespace) -> int:
    """The floor pages again on a database kept by `--keep` (the year is already there)."""
    name = args.reuse_database
    data_dir, database = kept_database(name, args.database_url)
    server = LiveServer(database, port=free_port())
    kind = "PostgreSQL" if database.is_postgres else "SQLite"
    print(f"# scans benchmark (views, reused {name}) on {kind}; {_machine()}")
    try:
        _django(database)
        report = _views(args, database, server, None)
    finally:
        server.stop()
        from django.db import connections

        connections.close_all()
        if args.database_url:
            shutil.rmtree(data_dir, ignore_errors=True)
    _print_report(kind, report)
    return 0


def _kept_year() -> tuple[dict[str, Any], dict[str, Any]]:
    """The seed's organization and owner, and the generated year's line and orders, as
    `generate_year` made them (line Y0, orders Y-0199 in production and Y-0100 completed)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tenant_id, id FROM shopfloor_line WHERE code = 'Y0'")
        org_id, line_id = cursor.fetchone()
        cursor.execute(
            "SELECT number, id FROM orders_order WHERE tenant_id = %s AND number IN (%s, %s)",
            [org_id, "Y-0199", "Y-0100"],
        )
        orders = dict(cursor.fetchall())
        cursor.execute("SELECT COUNT(*) FROM shopfloor_scan WHERE tenant_id = %s", [org_id])
        (scans,) = cursor.fetchone()
    seed = {"organization_id": org_id, "username": "live-owner"}
    year = {
        "scans": scans,
        "line_id": line_id,
        "order_id": orders["Y-0199"],
        "done_order_id": orders["Y-0100"],
    }
    return seed, year


def _views(
    args: argparse.Namespace,
    database: LiveDatabase,
    server: LiveServer,
    seed: dict[str, Any] | None,
) -> list[tuple[str, str]]:
    """Generate the year (unless `seed` is None: a kept database has it) and time the pages."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("shopfloor:floor")
    except NoReverseMatch:
        print("views: the floor pages are not available")
        return [("floor pages", "not available")]
    if seed is None:
        seed, year = _kept_year()
        print(f"reused {year['scans']:,} scans")
    else:
        year = generate_year(seed["organization_id"], args.scans)
        print(
            f"generated {year['scans']:,} scans (structure {year['structure_s']:.1f} s, "
            f"rows {year['insert_s']:.1f} s)"
        )
    pages = {
        "floor": reverse("shopfloor:floor"),
        "floor_line": reverse("shopfloor:floor_line", args=[year["line_id"]]),
        "floor_order (in production)": reverse("shopfloor:floor_order", args=[year["order_id"]]),
        "floor_order (completed)": reverse("shopfloor:floor_order", args=[year["done_order_id"]]),
    }
    cookie = session_cookie(seed["organization_id"], seed["username"])
    server.command = None
    server.start()
    try:
        timed = time_pages(("127.0.0.1", server.port), cookie, pages, args.repeat)
    finally:
        server.kill()
    rows: list[tuple[str, str]] = []
    for name, t in timed.items():
        print(f"view {name} {t['path']}: {t}")
        rows.append(
            (
                f"view {name} ({year['scans'] / 1e6:.1f} M scans)",
                f"p50 {t['p50_ms']:.0f} / p95 {t['p95_ms']:.0f} ms, status {t['statuses']}",
            )
        )
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
