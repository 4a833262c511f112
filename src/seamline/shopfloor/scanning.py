"""Recording scans: "operation X done on bundle N by worker W", exactly once per client id.

A scan names its bundle by number, its operation by the sequence number in the style's
bulletin and its worker by employee number (what is printed on coupons and badges). Every
scan carries an id made by the device; the same id again is a replay and gets the original
answer, the same id with other content is refused. A bundle x operation is credited once: a
second claim by the same worker is a duplicate, by another worker a conflict that waits for
a supervisor. A batch is one transaction and answers item by item.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Operation
from seamline.cutting.models import Bundle
from seamline.shopfloor.choices import ScanSource, ScanStatus
from seamline.shopfloor.models import Scan, Worker
from seamline.shopfloor.signals import work_recorded
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.compiled import CompiledQuery, hot_cursor, model_from_row
from seamline.tenancy.context import require_tenant

MAX_BATCH = 1000


class ScanError:
    """Codes of refused scans; the message that goes with each is in the worker's language."""

    INVALID = "invalid"
    UNKNOWN_BUNDLE = "unknown_bundle"
    UNKNOWN_OPERATION = "unknown_operation"
    UNKNOWN_WORKER = "unknown_worker"
    NOT_YOUR_WORKER = "not_your_worker"
    ID_REUSED = "id_reused"


@dataclass(frozen=True)
class ScanInput:
    client_id: str
    bundle: int  # bundle number
    operation: int  # sequence number of the operation in the style's bulletin
    worker: str  # employee number
    scanned_at: dt.datetime | None = None  # when the device recorded it; now if absent

    def digest(self) -> str:
        """Fingerprint of what was claimed, to tell a replay from a reused id."""
        when = "" if self.scanned_at is None else str(int(self.scanned_at.timestamp()))
        text = f"{self.bundle}|{self.operation}|{self.worker.strip().upper()}|{when}"
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class ScanResult:
    """The answer for one scan. `ok` is False only for refused scans (nothing was written)."""

    client_id: str
    ok: bool
    status: str  # a ScanStatus, or "error"
    message: str
    error: str = ""
    scan_id: int | None = None
    bundle: int | None = None
    operation: int | None = None
    operation_name: str = ""
    worker: str = ""
    worker_name: str = ""
    quantity: int = 0
    scanned_at: dt.datetime | None = None
    replayed: bool = False


def _error(item: ScanInput, code: str, message: str) -> ScanResult:
    return ScanResult(
        client_id=item.client_id, ok=False, status="error", error=code, message=message
    )


def _message(status: str, item: Any) -> str:
    values = {"bundle": item.bundle, "operation": item.operation}
    if status == ScanStatus.CREDITED:
        return _("Recorded: bundle %(bundle)s, operation %(operation)s.") % values
    if status == ScanStatus.DUPLICATE:
        return _("Already recorded for you: bundle %(bundle)s, operation %(operation)s.") % values
    if status == ScanStatus.CONFLICT:
        return (
            _(
                "Bundle %(bundle)s, operation %(operation)s is already credited to another "
                "worker; your claim was sent to the supervisor."
            )
            % values
        )
    if status == ScanStatus.REVERSED:
        return _("This scan was reversed by a supervisor.")
    return _("This claim was rejected by a supervisor.")


def result_of(scan: Scan, *, replayed: bool = False) -> ScanResult:
    """The answer for a stored scan (its relations loaded), as first given or replayed."""
    result = ScanResult(
        client_id=scan.client_id,
        ok=True,
        status=scan.status,
        message="",
        scan_id=scan.pk,
        bundle=scan.bundle.number,
        operation=scan.operation.sequence,
        operation_name=scan.operation.name,
        worker=scan.worker.code,
        worker_name=scan.worker.name,
        quantity=scan.quantity,
        scanned_at=scan.scanned_at,
        replayed=replayed,
    )
    return replace(result, message=_message(scan.status, result))


@dataclass
class _Lookups:
    """The rows a batch refers to, fetched in a few queries."""

    bundles: dict[int, Bundle]
    workers: dict[str, Worker]
    operations: dict[tuple[int, int], Operation]  # (style id, sequence) -> operation

    @classmethod
    def load(cls, items: Sequence[ScanInput]) -> _Lookups:
        if len(items) == 1:
            return cls.load_one(items[0])
        bundles = {
            b.number: b
            for b in Bundle.objects.filter(number__in={i.bundle for i in items})
            .order_by()
            .only("pk", "number", "style_id", "order_id", "quantity")
        }
        codes = {i.worker.strip().upper() for i in items}
        workers = {
            w.code.upper(): w
            for w in Worker.objects.filter(
                is_active=True, code__in=codes | {i.worker for i in items}
            )
            .order_by()
            .only("pk", "code", "name", "line_id")
        }
        operations = {
            (op.style_id, op.sequence): op
            for op in Operation.objects.filter(
                style_id__in={b.style_id for b in bundles.values()},
                sequence__in={i.operation for i in items},
            )
            .order_by()
            .only("pk", "style_id", "sequence", "name")
        }
        return cls(bundles=bundles, workers=workers, operations=operations)

    @classmethod
    def load_one(cls, item: ScanInput) -> _Lookups:
        """The same rows for one scan, by queries compiled once (a scanner's usual request)."""
        tenant_id = require_tenant().pk
        bundles = {
            row[1]: model_from_row(Bundle, _BUNDLE_COLUMNS, row)
            for row in _BUNDLE.rows(tenant_id, item.bundle)
        }
        code = item.worker.strip().upper()
        workers = {
            row[1].upper(): model_from_row(Worker, _WORKER_COLUMNS, row)
            for row in _WORKER.rows(tenant_id, code, item.worker)
        }
        operations = {
            (row[1], row[2]): model_from_row(Operation, _OPERATION_COLUMNS, row)
            for bundle in bundles.values()
            for row in _OPERATION.rows(tenant_id, bundle.style_id, item.operation)
        }
        return cls(bundles=bundles, workers=workers, operations=operations)


_BUNDLE_COLUMNS = ("id", "number", "style_id", "order_id", "quantity")
_WORKER_COLUMNS = ("id", "code", "name", "line_id")
_OPERATION_COLUMNS = ("id", "style_id", "sequence", "name")

# A compiled query sees no tenant scope: each names its tenant.
_BUNDLE = CompiledQuery(
    lambda tenant_id, number: (
        Bundle.unscoped.filter(tenant_id=tenant_id, number=number)
        .order_by()
        .values_list(*_BUNDLE_COLUMNS)
    ),
    int,
    int,
)
_WORKER = CompiledQuery(
    lambda tenant_id, code, as_typed: (
        Worker.unscoped.filter(tenant_id=tenant_id, is_active=True, code__in=[code, as_typed])
        .order_by()
        .values_list(*_WORKER_COLUMNS)
    ),
    int,
    str,
    str,
)
_OPERATION = CompiledQuery(
    lambda tenant_id, style_id, sequence: (
        Operation.unscoped.filter(tenant_id=tenant_id, style_id=style_id, sequence=sequence)
        .order_by()
        .values_list(*_OPERATION_COLUMNS)
    ),
    int,
    int,
    int,
)


def _resolve(
    item: ScanInput, rows: _Lookups, only_worker: Worker | None
) -> tuple[Bundle, Operation, Worker] | ScanResult:
    bundle = rows.bundles.get(item.bundle)
    if bundle is None:
        return _error(
            item,
            ScanError.UNKNOWN_BUNDLE,
            _("There is no bundle %(bundle)s in this factory.") % {"bundle": item.bundle},
        )
    operation = rows.operations.get((bundle.style_id, item.operation))
    if operation is None:
        return _error(
            item,
            ScanError.UNKNOWN_OPERATION,
            _("Operation %(operation)s is not in the bulletin of bundle %(bundle)s's style.")
            % {"operation": item.operation, "bundle": item.bundle},
        )
    worker = rows.workers.get(item.worker.strip().upper())
    if worker is None:
        return _error(
            item,
            ScanError.UNKNOWN_WORKER,
            _("Worker %(worker)s is not on the roster.") % {"worker": item.worker},
        )
    if only_worker is not None and worker.pk != only_worker.pk:
        return _error(
            item,
            ScanError.NOT_YOUR_WORKER,
            _("You can record only your own work."),
        )
    return bundle, operation, worker


def _check_shape(item: ScanInput) -> ScanResult | None:
    if not item.client_id or len(item.client_id) > 64:
        return _error(item, ScanError.INVALID, _("Every scan needs an id of 1 to 64 characters."))
    if not item.worker.strip():
        return _error(item, ScanError.INVALID, _("Say which worker did the operation."))
    return None


def _replay(item: ScanInput, scan: Scan) -> ScanResult:
    if scan.digest != item.digest():
        return _error(
            item,
            ScanError.ID_REUSED,
            _("Scan id %(id)s was already used for another scan.") % {"id": item.client_id},
        )
    return result_of(scan, replayed=True)


def _stored(client_ids: set[str]) -> dict[str, Scan]:
    return {
        s.client_id: s
        for s in Scan.objects.filter(client_id__in=client_ids)
        .order_by()
        .select_related("bundle", "operation", "worker")
    }


def _new_scan(
    item: ScanInput,
    bundle: Bundle,
    operation: Operation,
    worker: Worker,
    *,
    status: str,
    collided_with: Scan | None,
    source: str,
    by: Any,
    now: dt.datetime,
) -> Scan:
    scanned_at = item.scanned_at or now
    return Scan(
        tenant_id=require_tenant().pk,
        client_id=item.client_id,
        digest=item.digest(),
        bundle=bundle,
        operation=operation,
        worker=worker,
        line_id=worker.line_id,
        order_id=bundle.order_id,
        quantity=bundle.quantity,
        # A phone whose clock runs ahead must not record work in the future.
        scanned_at=_utc(min(scanned_at, now)),
        received_at=now,
        source=source,
        status=status,
        collided_with=collided_with,
        recorded_by=signed_in_user(by),
    )


def _utc(when: dt.datetime) -> dt.datetime:
    """In UTC, as the database gives it back: the first answer and its replays read the same."""
    return when.astimezone(dt.UTC)


def _status_against(credited: Scan | None, worker: Worker) -> str:
    if credited is None:
        return ScanStatus.CREDITED
    return ScanStatus.DUPLICATE if credited.worker_id == worker.pk else ScanStatus.CONFLICT


def record_scans(
    items: Sequence[ScanInput],
    *,
    source: str = ScanSource.API,
    by: Any = None,
    only_worker: Worker | None = None,
    now: dt.datetime | None = None,
) -> list[ScanResult]:
    """Record a batch in one transaction; one answer per item, in order.

    `only_worker` limits a worker's own phone to their own scans.
    """
    if len(items) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} scans per batch")
    now = now or timezone.now()
    # What the scans name (bundles, operations, workers) is read before the transaction: on
    # SQLite, whose writers queue for one lock, the lock is then held for the scans' own
    # queries and inserts only.
    rows = _Lookups.load(items)
    with transaction.atomic():
        if connection.features.can_return_rows_from_bulk_insert:
            # Lost races are settled inside, scan by scan (no savepoint for the common case).
            results = _record_fast(
                items, rows, source=source, by=by, only_worker=only_worker, now=now
            )
        else:
            try:
                with transaction.atomic():
                    results = _record_fast(
                        items, rows, source=source, by=by, only_worker=only_worker, now=now
                    )
            except IntegrityError:
                # Another request stored one of these ids or credits meanwhile: one by one.
                results = [
                    _record_one(item, source=source, by=by, only_worker=only_worker, now=now)
                    for item in items
                ]
        _announce_work(results, rows)
    return results


def _announce_work(results: Sequence[ScanResult], rows: _Lookups) -> None:
    """Send `work_recorded` once, after commit, with the orders of the bundles scanned."""
    order_ids = frozenset(
        rows.bundles[r.bundle].order_id
        for r in results
        if r.ok and r.bundle is not None and r.bundle in rows.bundles
    )
    if not order_ids:
        return
    tenant = require_tenant()
    transaction.on_commit(
        lambda: work_recorded.send(sender=Scan, tenant=tenant, order_ids=order_ids)
    )


def _record_fast(
    items: Sequence[ScanInput],
    rows: _Lookups,
    *,
    source: str,
    by: Any,
    only_worker: Worker | None,
    now: dt.datetime,
) -> list[ScanResult]:
    """The whole batch in a few queries and two bulk inserts (credits first, then the rest).

    Where the database returns the rows an insert wrote, the insert itself finds replays and
    coupons credited before: the common case (new scans of uncredited coupons) then costs no
    lookup of stored ids or credits at all, only the rows that did not go in are looked up.
    """
    results: list[ScanResult | None] = [None] * len(items)
    optimistic = connection.features.can_return_rows_from_bulk_insert
    stored = {} if optimistic else _stored({i.client_id for i in items})
    resolved: dict[int, tuple[Bundle, Operation, Worker]] = {}
    refused: dict[int, ScanResult] = {}
    first_of_id: dict[str, int] = {}
    for n, item in enumerate(items):
        bad = _check_shape(item)
        if bad is None and item.client_id in stored:
            bad = _replay(item, stored[item.client_id])
        if bad is None and item.client_id in first_of_id:
            earlier = items[first_of_id[item.client_id]]
            bad = (
                _error(
                    item,
                    ScanError.ID_REUSED,
                    _("Scan id %(id)s was already used for another scan.") % {"id": item.client_id},
                )
                if earlier.digest() != item.digest()
                else None
            )
            if bad is None:
                continue  # answered with the first one's result below
        if bad is not None:
            results[n] = bad
            continue
        found = _resolve(item, rows, only_worker)
        if isinstance(found, ScanResult):
            refused[n] = found
            continue
        first_of_id[item.client_id] = n
        resolved[n] = found
    if refused:
        # A refused scan may be the replay of one stored before (its worker has left since):
        # the replay gets the original answer.
        before = stored if not optimistic else _stored({items[n].client_id for n in refused})
        for n, refusal in refused.items():
            earlier_scan = before.get(items[n].client_id)
            results[n] = _replay(items[n], earlier_scan) if earlier_scan else refusal

    def key(n: int) -> tuple[int, int]:
        return resolved[n][0].pk, resolved[n][1].pk

    def replays(candidates: list[int]) -> None:
        """Answer the candidates whose id is stored already (and drop them from `resolved`)."""
        found = _stored({items[n].client_id for n in candidates})
        for n in candidates:
            if items[n].client_id in found:
                results[n] = _replay(items[n], found[items[n].client_id])
                del resolved[n]

    # (bundle id, operation id) -> (credited scan id, its worker id): plain tuples, no models.
    credited = {} if optimistic else _credits({key(n) for n in resolved})
    tenant_id = require_tenant().pk
    recorded_by = by.pk if getattr(by, "is_authenticated", False) else None
    first_wave: list[int] = []
    taken = set(credited)
    second: list[int] = []
    for n in resolved:
        if key(n) in taken:
            second.append(n)
            continue
        taken.add(key(n))
        first_wave.append(n)
    # Credits are inserted in one order by every request, so two batches that claim the same
    # coupons wait for each other instead of deadlocking; a coupon credited by another
    # request meanwhile is skipped (not an error) and joins the second wave as its claim.
    first_wave.sort(key=key)
    row = _Rows(items, resolved, tenant_id=tenant_id, source=source, by=recorded_by, now=now)
    ids = _insert([row(n, ScanStatus.CREDITED, None) for n in first_wave], credits=True)
    made: dict[int, tuple[int, str]] = {}
    lost: list[int] = []
    for n in first_wave:
        pk = ids.get(items[n].client_id)
        if pk is None:
            lost.append(n)
            continue
        credited[key(n)] = (pk, resolved[n][2].pk)
        made[n] = (pk, ScanStatus.CREDITED)
    if optimistic and (lost or second):
        replays(lost + second)
        lost = [n for n in lost if n in resolved]
        second = [n for n in second if n in resolved]
    if lost:
        credited.update(_credits({key(n) for n in lost}))
        second.extend(lost)

    second_rows = []
    racing: list[int] = []  # the credit that beat these is gone again: one by one
    for n in second:
        worker = resolved[n][2]
        if key(n) not in credited:
            racing.append(n)
            continue
        holder, holder_worker = credited[key(n)]
        claim = ScanStatus.DUPLICATE if holder_worker == worker.pk else ScanStatus.CONFLICT
        second_rows.append(row(n, claim, holder))
        made[n] = (0, claim)
    ids = {}
    if second_rows:
        try:
            with transaction.atomic():
                ids = _insert(second_rows)
        except IntegrityError:  # an id of these was stored by another request meanwhile
            racing = second
    if racing and not optimistic:
        raise IntegrityError("claims changed during the batch")  # the whole batch one by one
    for n in racing:
        made.pop(n, None)
        results[n] = _record_one(items[n], source=source, by=by, only_worker=only_worker, now=now)
    settled = set(racing)
    for n in second:
        if n not in settled:
            made[n] = (ids[items[n].client_id], made[n][1])

    for n, (pk, status) in made.items():
        bundle, operation, worker = resolved[n]
        result = ScanResult(
            client_id=items[n].client_id,
            ok=True,
            status=status,
            message="",
            scan_id=pk,
            bundle=bundle.number,
            operation=operation.sequence,
            operation_name=operation.name,
            worker=worker.code,
            worker_name=worker.name,
            quantity=bundle.quantity,
            scanned_at=_utc(min(items[n].scanned_at or now, now)),
        )
        results[n] = replace(result, message=_message(status, result))
    for n, item in enumerate(items):
        if results[n] is None:  # a repeat of an id earlier in the same batch
            results[n] = replace(
                results[first_of_id[item.client_id]] or _error(item, "", ""), replayed=True
            )
    return [r for r in results if r is not None]


_COLUMNS = (
    "tenant_id",
    "client_id",
    "digest",
    "bundle_id",
    "operation_id",
    "worker_id",
    "line_id",
    "order_id",
    "quantity",
    "scanned_at",
    "received_at",
    "source",
    "status",
    "collided_with_id",
    "recorded_by_id",
)


@dataclass
class _Rows:
    """Makes the column values of new Scan rows (as `_new_scan` would, without a model)."""

    items: Sequence[ScanInput]
    resolved: dict[int, tuple[Bundle, Operation, Worker]]
    tenant_id: int
    source: str
    by: int | None
    now: dt.datetime

    def __call__(self, n: int, status: str, collided_with: int | None) -> tuple[Any, ...]:
        item = self.items[n]
        bundle, operation, worker = self.resolved[n]
        adapt = connection.ops.adapt_datetimefield_value
        return (
            self.tenant_id,
            item.client_id,
            item.digest(),
            bundle.pk,
            operation.pk,
            worker.pk,
            worker.line_id,
            bundle.order_id,
            bundle.quantity,
            # A phone whose clock runs ahead must not record work in the future.
            adapt(min(item.scanned_at or self.now, self.now)),
            adapt(self.now),
            self.source,
            status,
            collided_with,
            self.by,
        )


def _credits(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
    """(bundle id, operation id) -> (scan id, worker id) of the credited scans of `pairs`."""
    if not pairs:
        return {}
    return {
        (bundle_id, operation_id): (pk, worker_id)
        for bundle_id, operation_id, pk, worker_id in Scan.objects.filter(
            status=ScanStatus.CREDITED,
            bundle_id__in={p[0] for p in pairs},
            operation_id__in={p[1] for p in pairs},
        )
        .order_by()
        .values_list("bundle_id", "operation_id", "pk", "worker_id")
        if (bundle_id, operation_id) in pairs
    }


def _insert(rows: list[tuple[Any, ...]], *, credits: bool = False) -> dict[str, int]:
    """Insert Scan rows (values in `_COLUMNS` order) in few statements; client id -> new id.

    With `credits`, rows whose coupon is already credited or whose id is already stored are
    skipped (left out of the answer) instead of failing the statement.

    The ORM's bulk_create spends most of a large batch preparing model instances and values
    field by field; scans are inserted with their values ready, in as few statements as the
    database's parameter limit allows.
    """
    if not rows:
        return {}
    if connection.vendor == "postgresql":
        return _insert_arrays(rows, credits=credits)
    quote = connection.ops.quote_name
    table = quote(Scan._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    returning = connection.features.can_return_rows_from_bulk_insert
    per_statement = max(1, _max_params() // len(_COLUMNS))
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(part))}"  # noqa: S608
            if credits and returning:
                # A coupon credited meanwhile, or an id stored before: skipped, not an error.
                sql += " ON CONFLICT DO NOTHING"
            elif credits:
                # Without RETURNING the ids are read back by client id, so only the credit
                # may be skipped: an id stored meanwhile must fail (and go one by one).
                sql += (
                    f" ON CONFLICT ({quote('tenant_id')}, {quote('bundle_id')}, "
                    f"{quote('operation_id')}) WHERE {quote('status')} = 'credited' DO NOTHING"
                )
            if returning:
                sql += f" RETURNING {quote('id')}, {quote('client_id')}"
            cursor.execute(sql, [value for row in part for value in row])
            if returning:
                ids.update((client_id, pk) for pk, client_id in cursor.fetchall())
    if not returning:
        ids = dict(
            Scan.objects.filter(client_id__in=[row[1] for row in rows])
            .order_by()
            .values_list("client_id", "pk")
        )
    return ids


def _insert_arrays(rows: list[tuple[Any, ...]], *, credits: bool) -> dict[str, int]:
    """PostgreSQL: one statement of fixed text whatever the batch size, a column an array.

    A VALUES list of 500 rows is 7,500 placeholders that the driver parses anew for every
    batch (a third of a batch's time); `unnest` of 15 arrays keeps the text short and the
    same, and the rows go in in the given order (credits must, against deadlocks).
    """
    with hot_cursor() as cursor:
        cursor.execute(
            _unnest_insert(credits), [list(column) for column in zip(*rows, strict=True)]
        )
        return {client_id: pk for pk, client_id in cursor.fetchall()}


@functools.cache
def _unnest_insert(credits: bool) -> str:
    """The statement's text, made once (the column types cost more than a single scan's insert)."""
    by_column = {field.column: field for field in Scan._meta.concrete_fields}
    casts = ", ".join(f"%s::{by_column[name].db_type(connection)}[]" for name in _COLUMNS)
    names = ", ".join(_COLUMNS)
    sql = (
        f"INSERT INTO {Scan._meta.db_table} ({names}) "  # noqa: S608 - our own names
        f"SELECT {names} FROM unnest({casts}) WITH ORDINALITY AS r({names}, n) ORDER BY n"
    )
    if credits:
        sql += " ON CONFLICT DO NOTHING"
    return sql + " RETURNING id, client_id"


def _max_params() -> int:
    """Bind parameters one statement may carry on this database."""
    if connection.vendor == "sqlite":
        try:
            return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
        except (AttributeError, sqlite3.Error):
            return int(connection.features.max_query_params or 999)
    return min(int(connection.features.max_query_params or 30_000), 30_000)


def _record_one(
    item: ScanInput, *, source: str, by: Any, only_worker: Worker | None, now: dt.datetime
) -> ScanResult:
    """One scan, safe against concurrent requests: retried after a lost race."""
    bad = _check_shape(item)
    if bad is not None:
        return bad
    for _attempt in range(3):
        stored = _stored({item.client_id})
        if item.client_id in stored:
            return _replay(item, stored[item.client_id])
        found = _resolve(item, _Lookups.load([item]), only_worker)
        if isinstance(found, ScanResult):
            return found
        bundle, operation, worker = found
        holder = Scan.objects.filter(
            status=ScanStatus.CREDITED, bundle=bundle, operation=operation
        ).first()
        scan = _new_scan(
            item,
            bundle,
            operation,
            worker,
            status=_status_against(holder, worker),
            collided_with=holder,
            source=source,
            by=by,
            now=now,
        )
        try:
            with transaction.atomic():
                scan.save()
        except IntegrityError:
            continue  # the id or the credit was taken meanwhile: look again
        return result_of(scan)
    raise IntegrityError(f"scan {item.client_id} kept colliding")
