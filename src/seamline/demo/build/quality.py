"""Quality on the demo floor: the roving inspector's inline checks, an end-of-line inspection
of every bundle that left sewing, defects traced to the operators who made them, and rework.

Inspections go through `quality.services` (and `shopfloor.rework` to mark repairs), but for
the checks that found nothing (most of them), written in one statement as the service
writes them; each at the moment it would have happened: an inline check some
minutes after the scan it looks at, the end-of-line inspection shortly after the bundle's
last sewing operation. A few operators are
careless (their operations make more defects), so the measures by worker tell them apart.
Rework has been repaired and re-inspected, but for the latest few: three still at their
operation (WIP shows them) and two repaired, waiting for re-inspection.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from seamline.catalog.models import Operation
from seamline.cutting.models import Bundle
from seamline.demo.build.context import DemoContext, FactoryData
from seamline.quality.choices import InspectionKind, Outcome, Severity
from seamline.quality.defaults import seed_defect_catalogue
from seamline.quality.models import DefectType, Inspection
from seamline.quality.services import DefectInput, inspection_record
from seamline.shopfloor.choices import ReworkStatus, ScanStatus
from seamline.shopfloor.floor import bulletins_of_styles
from seamline.shopfloor.models import Rework, Scan
from seamline.shopfloor.rework import rework_mark_repaired
from seamline.tenancy.choices import Role
from seamline.tenancy.context import require_tenant

# How often a bundle shows defects at the end of the line, and how many.
DEFECTIVE_BUNDLE = 0.22
CARELESS_SHARE = 0.12  # of operators: three times as likely to make the defect
# The usual Pareto of a sewing floor: a few defects make most of the count.
DEFECT_WEIGHTS = {
    "SKIP": 18, "OPEN": 14, "PUCK": 12, "HEM": 10, "THRD": 9, "RAW": 7, "BRKN": 7,
    "SPI": 5, "STAIN": 4, "MEAS": 4, "SHADE": 3, "PRESS": 3, "HOLE": 2, "LABEL": 2,
}  # fmt: skip
INLINE_PER_LINE_DAY = 5  # roving checks per line and day
INLINE_SAMPLE = 7  # pieces the roving inspector checks at an operation
STILL_OPEN = 3  # the latest rework: still at its operation
AWAITING_REINSPECTION = 2  # the next ones: repaired, back at the inspection table
REPAIR_AFTER = dt.timedelta(hours=2)
REINSPECT_AFTER = dt.timedelta(hours=3)


@dataclass
class _Done:
    """One credited operation on a bundle: who did it and when."""

    operation_id: int
    worker_id: int
    line_id: int | None
    at: dt.datetime


def load_quality(ctx: DemoContext, factory: FactoryData) -> None:
    """Run inside `tenant_context(factory.org)`, after the floor."""
    seed_defect_catalogue()
    inspector = ctx.staff[(factory.spec.key, Role.INSPECTOR)]
    supervisor = ctx.staff[(factory.spec.key, Role.SUPERVISOR)]
    rng = random.Random(factory.rng.getrandbits(64))  # noqa: S311 - demo data
    now = timezone.now()
    catalogue = {t.code: t for t in DefectType.objects.filter(is_active=True)}
    weights = [(catalogue[code], w) for code, w in DEFECT_WEIGHTS.items() if code in catalogue]
    done = _credited()
    workers = sorted({d.worker_id for ops in done.values() for d in ops})
    careless = set(rng.sample(workers, max(1, round(len(workers) * CARELESS_SHARE))))
    bundles = Bundle.objects.filter(pk__in=done).order_by("pk")
    bulletins = bulletins_of_styles({b.style_id for b in bundles})
    operations = Operation.objects.in_bulk()
    clean: list[Inspection] = []
    for bundle in bundles:
        ops = done[bundle.pk]
        sent_back = _inline(rng, bundle, ops, operations, weights, careless, inspector, now, clean)
        last_sewing = bulletins.last_sewing(bundle.style_id)
        sewn = next((d for d in ops if last_sewing and d.operation_id == last_sewing.pk), None)
        if sewn is None:
            continue
        at = sewn.at + dt.timedelta(minutes=rng.randint(10, 50))
        if at >= now:
            continue
        careless_hands = any(d.worker_id in careless for d in ops)
        chance = DEFECTIVE_BUNDLE * (1.6 if careless_hands else 0.8)
        if rng.random() < chance:
            _end_of_line(rng, bundle, ops, operations, weights, careless, inspector, at)
        elif sent_back:  # its end-of-line inspection closes the inline check's rework
            _passed(bundle, inspector, at)
        else:
            clean.append(_clean_pass(bundle, ops[-1].line_id, inspector, at))
    Inspection.objects.bulk_create(clean)
    _repair_and_reinspect(rng, supervisor, inspector, now)


def _credited() -> dict[int, list[_Done]]:
    done: dict[int, list[_Done]] = defaultdict(list)
    rows = (
        Scan.objects.filter(status=ScanStatus.CREDITED)
        .order_by("scanned_at")
        .values_list("bundle_id", "operation_id", "worker_id", "line_id", "scanned_at")
    )
    for bundle_id, op_id, worker_id, line_id, at in rows:
        done[bundle_id].append(_Done(op_id, worker_id, line_id, at))
    return done


def _pick_defects(
    rng: random.Random,
    ops: list[_Done],
    operations: dict[int, Operation],
    weights: list[tuple[DefectType, int]],
    careless: set[int],
    how_many: int,
) -> list[DefectInput]:
    """`how_many` defects, each at an operation done on the bundle, careless hands first."""
    sewing = ops[:-1] or ops  # the last operation is mostly pressing/packing
    hands = [3 if d.worker_id in careless else 1 for d in sewing]
    types, type_weights = zip(*weights, strict=True)
    found = []
    for _ in range(how_many):
        where = rng.choices(sewing, weights=hands)[0]
        kind = rng.choices(types, weights=type_weights)[0]
        found.append(
            DefectInput(
                defect_type=kind,
                count=1,
                location=rng.choice(["front", "back", "sleeve", "collar", "hem", "side_seam"]),
                operation=operations[where.operation_id],
            )
        )
    return found


def _inline(
    rng: random.Random,
    bundle: Bundle,
    ops: list[_Done],
    operations: dict[int, Operation],
    weights: list[tuple[DefectType, int]],
    careless: set[int],
    inspector: Any,
    now: dt.datetime,
    clean: list[Inspection],
) -> bool:
    """The roving inspector looks at about INLINE_PER_LINE_DAY operations per line a day;
    True when a check sent the bundle back to an operation."""
    sent_back = False
    for d in ops[:-1]:
        if rng.random() > INLINE_PER_LINE_DAY / 600:  # ~600 credited operations a line-day
            continue
        at = d.at + dt.timedelta(minutes=rng.randint(3, 30))
        if at >= now:
            continue
        rate = 0.30 if d.worker_id in careless else 0.10
        sample = min(INLINE_SAMPLE, bundle.quantity)
        if rng.random() >= rate:
            clean.append(_clean_inline(bundle, operations[d.operation_id], d, inspector, at))
            continue
        operation = operations[d.operation_id]
        defect = DefectInput(
            defect_type=rng.choices(*zip(*weights, strict=True))[0], operation=operation
        )
        inspection_record(
            kind="inline",
            bundle=bundle,
            operation=operation,
            checked_qty=sample,
            defects=[defect],
            defective_qty=1,
            outcome=Outcome.REWORK,
            rework_operation=operation,
            client_id=_client_id(),
            inspected_at=at,
            by=inspector,
        )
        sent_back = True
    return sent_back


def _clean_pass(bundle: Bundle, line_id: int | None, inspector: Any, at: dt.datetime) -> Inspection:
    """A bundle without defects at the end of the line, as `inspection_record` stores it:
    most bundles, so the demo writes them in one statement."""
    return Inspection(
        tenant=require_tenant(),
        client_id=_client_id(),
        kind=InspectionKind.END_OF_LINE,
        order_id=bundle.order_id,
        style_id=bundle.style_id,
        bundle=bundle,
        line_id=line_id,
        inspected_at=at,
        inspector=inspector,
        checked_qty=bundle.quantity,
        passed_qty=bundle.quantity,
        outcome=Outcome.PASS,
    )


def _clean_inline(
    bundle: Bundle, operation: Operation, done: _Done, inspector: Any, at: dt.datetime
) -> Inspection:
    """An inline check that found nothing, as `inspection_record` stores it."""
    return Inspection(
        tenant=require_tenant(),
        client_id=_client_id(),
        kind=InspectionKind.INLINE,
        order_id=bundle.order_id,
        style_id=bundle.style_id,
        bundle=bundle,
        operation=operation,
        line_id=done.line_id,
        inspected_at=at,
        inspector=inspector,
        checked_qty=min(INLINE_SAMPLE, bundle.quantity),
        outcome=Outcome.PASS,
    )


def _passed(bundle: Bundle, inspector: Any, at: dt.datetime) -> None:
    inspection_record(
        kind="end_of_line",
        bundle=bundle,
        checked_qty=bundle.quantity,
        defects=[],
        outcome=Outcome.PASS,
        client_id=_client_id(),
        inspected_at=at,
        by=inspector,
    )


def _end_of_line(
    rng: random.Random,
    bundle: Bundle,
    ops: list[_Done],
    operations: dict[int, Operation],
    weights: list[tuple[DefectType, int]],
    careless: set[int],
    inspector: object,
    at: dt.datetime,
) -> None:
    """A bundle with defects: minor ones fixed at the table, others sent back."""
    how_many = rng.choice((1, 1, 1, 2, 2, 3))
    defects = _pick_defects(rng, ops, operations, weights, careless, how_many)
    defective = min(bundle.quantity, sum(d.count for d in defects))
    serious = any(d.defect_type.severity != Severity.MINOR for d in defects)
    if not serious:  # loose threads and the like: fixed at the table
        outcome, rejected = Outcome.PASS, 0
    elif rng.random() < 0.04:  # a hole or a stain that will not come out: one piece lost
        outcome, rejected = Outcome.PASS, 1
    else:
        outcome, rejected = Outcome.REWORK, 0
    inspection_record(
        kind="end_of_line",
        bundle=bundle,
        checked_qty=bundle.quantity,
        defects=defects,
        defective_qty=defective,
        rejected_qty=rejected,
        outcome=outcome,
        rework_operation=defects[0].operation if outcome == Outcome.REWORK else None,
        client_id=_client_id(),
        inspected_at=at,
        by=inspector,
    )


def _repair_and_reinspect(
    rng: random.Random, supervisor: object, inspector: object, now: dt.datetime
) -> None:
    """Rework sent back long enough ago has been repaired and passed re-inspection; the
    latest few are still at their operation (WIP shows them) or wait for re-inspection."""
    waiting = list(
        Rework.objects.filter(status=ReworkStatus.OPEN)
        .select_related("bundle")
        .order_by("-opened_at", "-pk")
    )
    for n, rework in enumerate(waiting):
        if n < STILL_OPEN:
            continue
        repaired_at = min(rework.opened_at + REPAIR_AFTER, now)
        rework_mark_repaired(rework, by=supervisor)
        Rework.objects.filter(pk=rework.pk).update(repaired_at=repaired_at)
        again = rework.opened_at + REINSPECT_AFTER
        if n < STILL_OPEN + AWAITING_REINSPECTION or again >= now:
            continue
        if not rework.inspections.filter(kind="end_of_line").exists():
            continue  # an inline check's rework: the bundle's own end-of-line check closes it
        inspection_record(
            kind="end_of_line",
            bundle=rework.bundle,
            checked_qty=rework.pieces,
            defects=[],
            outcome=Outcome.PASS,
            client_id=_client_id(),
            inspected_at=min(again + dt.timedelta(minutes=rng.randint(0, 40)), now),
            by=inspector,
        )


def _client_id() -> str:
    return f"demo-{uuid.uuid4()}"
