"""Property tests of the pay computation on random small factories.

Each example builds a factory inside a savepoint that is rolled back afterwards: two cut
orders of random plies and bundle sizes (so bundle quantities vary), three piece workers of
random grades with random multipliers and an hourly worker, a random rate change, random
scans (with duplicates and conflicting claims), reversals, accepted and rejected claims,
attendance (some days without clock-out) and adjustments. The expected pay is worked out
in `tests.payroll.helpers` from the scans alone.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from seamline.catalog.models import Operation
from seamline.payroll import selectors, services
from seamline.payroll.choices import AdjustmentKind, LineKind
from seamline.payroll.compute import CARRIED_KINDS, PIECE_KINDS, calculate
from seamline.payroll.models import PayLine, PayPeriod, PaySlip
from seamline.shopfloor.choices import PayType, ScanStatus
from seamline.shopfloor.corrections import claim_accept, claim_reject, scan_reverse
from seamline.shopfloor.models import Scan, Worker
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order
from tests.payroll.helpers import (
    D,
    Rates,
    actual_piece_lines,
    approve,
    at,
    attend,
    expected_piece_lines,
    expected_slips,
    line_rows,
    local_day,
    record,
    scan_input,
    slip_parts,
)
from tests.shopfloor.factories import WorkerFactory

SEPTEMBER = (dt.date(2025, 9, 1), dt.date(2025, 9, 30))
ZONES = ("UTC", "Asia/Shanghai", "America/Guatemala")
# Examples per test; PAYROLL_EXAMPLES=200 digs deeper (about a second an example).
EXAMPLES = int(os.environ.get("PAYROLL_EXAMPLES", "0"))


def examples(default: int) -> settings:
    return settings(
        max_examples=EXAMPLES or default,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@contextmanager
def rolled_back(tenant: Organization, zone: str) -> Iterator[None]:
    """One example's factory in time zone `zone` (the factory's and the active one: pay days
    are the factory's), undone afterwards."""
    before = tenant.time_zone
    tenant.time_zone = zone
    try:
        with tenant_context(tenant), timezone.override(zone), transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        tenant.time_zone = before


@dataclass
class Floor:
    cuts: list[CutOrder]
    workers: list[Worker]  # three paid by the piece, then one by the hour
    multipliers: dict[int, Decimal]  # piece workers only
    rates: Rates

    @property
    def operations(self) -> list[Operation]:
        return [op for cut in self.cuts for op in cut.operations]


def _money(places: int, low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=D(low), max_value=D(high), places=places)


def build_floor(data: st.DataObject, *, exact: bool) -> Floor:
    """Random cut orders, workers and grade multipliers. With `exact`, rates and multipliers
    have one decimal, so pieces x rate x multiplier never needs rounding."""
    cuts = [
        cut_order(
            operations=data.draw(st.integers(2, 3)),
            plies=data.draw(st.integers(2, 24)),
            ratios=data.draw(st.sampled_from([(1,), (1, 2), (2, 1)])),
            bundle_size=data.draw(st.integers(2, 12)),
            workers=3 if n == 0 else 0,
        )
        for n in range(2)
    ]
    piece = cuts[0].workers
    multipliers = {
        f"grade_{g}": data.draw(_money(1, "0.5", "3") if exact else _money(3, "0.5", "3"))
        for g in range(1, 6)
    }
    services.settings_update(
        by=None,
        minimum_hourly_wage=data.draw(st.sampled_from([D("0"), D("0.50"), D("2.00"), D("7.25")])),
        **multipliers,
    )
    for worker in piece:
        worker.skill_grade = data.draw(st.integers(1, 5))
        worker.save(update_fields=["skill_grade"])
    hourly = WorkerFactory(
        line=cuts[0].line, pay_type=PayType.HOURLY, hourly_rate=data.draw(_money(2, "0", "30"))
    )
    ops = [op for cut in cuts for op in cut.operations]
    if exact:
        for op in ops:
            op.piece_rate = data.draw(_money(1, "0", "0.9"))
            op.save(update_fields=["piece_rate"])
    return Floor(
        cuts=cuts,
        workers=[*piece, hourly],
        multipliers={w.pk: multipliers[f"grade_{w.skill_grade}"] for w in piece},
        rates=Rates(bulletin={op.pk: op.piece_rate for op in ops}),
    )


def draw_day(data: st.DataObject, first: dt.date, last: dt.date) -> dt.datetime:
    day = first + dt.timedelta(days=data.draw(st.integers(0, (last - first).days)))
    return at(day, data.draw(st.integers(0, 23)), data.draw(st.sampled_from([0, 59])))


def floor_activity(
    data: st.DataObject, floor: Floor, first: dt.date, last: dt.date, *, scans: int
) -> None:
    """Random scans between `first` and `last`, claims on credited coupons by other workers,
    then reversals, accepted and rejected claims among all scans so far."""
    items = []
    for _ in range(data.draw(st.integers(1, scans))):
        cut = data.draw(st.sampled_from(floor.cuts))
        items.append(
            scan_input(
                cut,
                data.draw(st.integers(0, len(cut.bundles) - 1)),
                data.draw(st.sampled_from([op.sequence for op in cut.operations])),
                data.draw(st.sampled_from(floor.workers)),
                draw_day(data, first, last),
            )
        )
    record(items)
    credited = list(Scan.objects.filter(status=ScanStatus.CREDITED).select_related("bundle"))
    claims = []
    for _ in range(data.draw(st.integers(0, 3)) if credited else 0):
        held = data.draw(st.sampled_from(credited))
        cut = next(c for c in floor.cuts if held.order_id == c.order.pk)
        claims.append(
            scan_input(
                cut,
                cut.bundles.index(held.bundle),
                next(op.sequence for op in cut.operations if op.pk == held.operation_id),
                data.draw(st.sampled_from([w for w in floor.workers if w.pk != held.worker_id])),
                draw_day(data, first, last),
            )
        )
    record(claims)
    for _ in range(data.draw(st.integers(0, 3))):
        credited = list(Scan.objects.filter(status=ScanStatus.CREDITED).order_by("pk"))
        if credited:
            scan_reverse(scan=data.draw(st.sampled_from(credited)), reason="wrong", by=None)
    for _ in range(data.draw(st.integers(0, 3))):
        conflicts = list(Scan.objects.filter(status=ScanStatus.CONFLICT).order_by("pk"))
        if conflicts:
            decide = claim_accept if data.draw(st.booleans()) else claim_reject
            decide(scan=data.draw(st.sampled_from(conflicts)), reason="seen", by=None)


def added(lines: QuerySet[PayLine]) -> Decimal:
    """The lines' amounts added up in Decimal (SQLite's SUM adds floats)."""
    return sum(lines.values_list("amount", flat=True), D("0"))


def assert_reconciles(period: PayPeriod) -> None:
    """Lines, slips and the period add up to the cent, every figure with two places."""
    lines = list(PayLine.objects.filter(period=period))
    slips = list(PaySlip.objects.filter(period=period))
    for money in [period.total, *(x.amount for x in lines), *(s.total for s in slips)]:
        assert isinstance(money, Decimal)
        assert money.as_tuple().exponent == -2, money
    assert sum((x.amount for x in lines), D("0")) == period.total
    assert sum((s.total for s in slips), D("0")) == period.total
    assert period.worker_count == len(slips)
    for slip in slips:
        mine = [x for x in lines if x.slip_id == slip.pk]
        assert {x.worker_id for x in mine} <= {slip.worker_id}

        def of(kinds: frozenset[str] | set[str], mine: list[PayLine] = mine) -> Decimal:
            return sum((x.amount for x in mine if x.kind in kinds), D("0"))

        parts = (slip.piece_pay, slip.carried_pay, slip.time_pay, slip.topup, slip.adjustments)
        assert sum(parts, D("0")) == slip.total == of(set(LineKind.values))
        assert slip.piece_pay == of({LineKind.PIECE})
        assert slip.carried_pay == of({LineKind.LATE, LineKind.REVERSAL})
        assert slip.time_pay == of({LineKind.TIME})
        assert slip.topup == of({LineKind.TOPUP})
        assert slip.adjustments == of({LineKind.ADJUSTMENT})
        assert slip.pieces == sum(x.pieces for x in mine if x.kind in PIECE_KINDS)
    # The register's own reconciliation agrees, kind by kind.
    register = selectors.totals(period)
    assert register.reconciles
    assert (register.slips, register.lines) == (period.total, period.total)
    for kind, amount in register.by_kind.items():
        assert amount == sum((x.amount for x in lines if x.kind == kind), D("0"))


def _line_key(line: object) -> tuple[str, ...]:
    return tuple(str(getattr(line, name)) for name in sorted(vars(line)))


def assert_each_worker_alone_is_their_part(period: PayPeriod, workers: list[Worker]) -> None:
    """`calculate(period, worker=w)` is w's slip of everyone's calculation, line for line."""
    everyone = calculate(period)
    for worker in workers:
        alone = calculate(period, worker=worker)
        assert set(alone.slips) <= {worker.pk}
        mine, theirs = alone.slips.get(worker.pk), everyone.slips.get(worker.pk)
        assert (mine is None) == (theirs is None)
        if mine is not None and theirs is not None:
            assert sorted(map(_line_key, mine.lines)) == sorted(map(_line_key, theirs.lines))
            assert (mine.attended_minutes, mine.open_days) == (
                theirs.attended_minutes,
                theirs.open_days,
            )


@examples(30)
@given(data=st.data(), zone=st.sampled_from(ZONES))
def test_a_draft_period_reconciles_and_pays_what_the_scans_are_worth(
    tenant_a: Organization, data: st.DataObject, zone: str
) -> None:
    with rolled_back(tenant_a, zone):
        floor = build_floor(data, exact=False)
        first, last = SEPTEMBER
        september = services.period_open(by=None, day=first)
        if data.draw(st.booleans()):
            op = data.draw(st.sampled_from(floor.operations))
            day = first + dt.timedelta(days=data.draw(st.integers(0, 29)))
            rate = data.draw(_money(4, "0", "0.5"))
            services.rate_set(operation=op, effective_from=day, rate=rate, by=None)
            floor.rates.set(op.pk, day, rate)
        # Scans from two days before to two days after September: the edges must hold.
        floor_activity(
            data, floor, first - dt.timedelta(days=2), last + dt.timedelta(days=2), scans=20
        )
        for worker in floor.workers:
            days = data.draw(st.lists(st.integers(0, 29), max_size=3, unique=True))
            for offset in days:
                minutes = data.draw(st.none() | st.integers(1, 600))
                attend(
                    worker,
                    first + dt.timedelta(days=offset),
                    minutes,
                    break_minutes=data.draw(st.sampled_from([0, 30, 60])),
                )
        adjustments = []
        for _ in range(data.draw(st.integers(0, 3))):
            worker = data.draw(st.sampled_from(floor.workers))
            kind = data.draw(st.sampled_from(AdjustmentKind.values))
            amount = data.draw(_money(2, "0.01", "50"))
            services.adjustment_add(
                period=september, worker=worker, kind=kind, amount=amount, reason="r", by=None
            )
            adjustments.append((worker.pk, kind, amount))

        services.period_recompute(period=september)
        september.refresh_from_db()

        assert_reconciles(september)
        for kind in PayLine.objects.filter(period=september).values_list("kind", flat=True):
            event(f"line {kind}")
        piece_workers = {w.pk: floor.multipliers[w.pk] for w in floor.workers[:3]}
        expected_lines = expected_piece_lines(first, last, floor.rates, piece_workers)
        # One line per worker x operation x order x rate, priced and rounded as by hand.
        assert actual_piece_lines(september) == {k: [v] for k, v in expected_lines.items()}
        piece_pay = PayLine.objects.filter(period=september, kind=LineKind.PIECE)
        assert added(piece_pay) == sum((a for _, a in expected_lines.values()), D("0"))
        expected = expected_slips(
            september,
            rates=floor.rates,
            workers=floor.workers,
            multipliers=floor.multipliers,
            minimum=services.payroll_settings().minimum_hourly_wage,
            adjustments=adjustments,
        )
        stored = {s.worker_id: s for s in PaySlip.objects.filter(period=september)}
        for worker in floor.workers:
            want, got = expected[worker.pk], stored.get(worker.pk)
            if got is None:
                assert want.total == 0
                assert (want.attended_minutes, want.open_days) == (0, 0)
                continue
            assert (
                got.piece_pay,
                got.carried_pay,
                got.time_pay,
                got.topup,
                got.adjustments,
                got.total,
                got.attended_minutes,
                got.open_days,
            ) == (
                want.piece_pay,
                D("0"),
                want.time_pay,
                want.topup,
                want.adjustments,
                want.total,
                want.attended_minutes,
                want.open_days,
            ), worker.code
        assert_each_worker_alone_is_their_part(september, floor.workers)


@examples(25)
@given(data=st.data(), zone=st.sampled_from(ZONES))
def test_approved_pay_never_changes_and_every_credited_scan_is_paid_exactly_once(
    tenant_a: Organization, data: st.DataObject, zone: str
) -> None:
    with rolled_back(tenant_a, zone):
        floor = build_floor(data, exact=True)
        piece = {w.pk for w in floor.workers if w.pay_type == PayType.PIECE}
        first, last = SEPTEMBER
        september = services.period_open(by=None, day=first)
        if data.draw(st.booleans()):
            op = data.draw(st.sampled_from(floor.operations))
            day = first + dt.timedelta(days=data.draw(st.integers(1, 29)))
            rate = data.draw(_money(1, "0", "0.9"))
            services.rate_set(operation=op, effective_from=day, rate=rate, by=None)
            floor.rates.set(op.pk, day, rate)
        floor_activity(data, floor, first, last, scans=12)
        approved = [approve(september)]
        frozen = {september.pk: (september.total, slip_parts(september), line_rows(september))}

        for month_end in (dt.date(2025, 10, 31), dt.date(2025, 11, 30)):
            period = services.period_open(by=None)
            assert period.end == month_end
            # Right after an approval nothing is owed for approved days: nothing is paid twice.
            assert not any(
                line.kind in CARRIED_KINDS
                for slip in calculate(period).slips.values()
                for line in slip.lines
            )
            # Then late scans of every earlier day, reversals, claims decided.
            floor_activity(data, floor, first, month_end, scans=6)
            assert_each_worker_alone_is_their_part(period, floor.workers)
            approved.append(approve(period))
            assert_reconciles(period)
            for kind in PayLine.objects.filter(period=period).values_list("kind", flat=True):
                event(f"{period.start:%b} line {kind}")

            for done in approved[:-1]:
                done.refresh_from_db()
                assert (done.total, slip_parts(done), line_rows(done)) == frozen[done.pk]
            frozen[period.pk] = (period.total, slip_parts(period), line_rows(period))

            # What all approved periods paid, per worker x operation x order x rate, is what
            # the work credited now is worth: every credited piece once, nothing else.
            worth: dict[tuple[int, int, int, Decimal], list[Decimal]] = defaultdict(
                lambda: [D("0"), D("0")]
            )
            for scan in Scan.objects.filter(status=ScanStatus.CREDITED, worker_id__in=piece):
                day = local_day(scan.scanned_at)
                rate = floor.rates.of(scan.operation_id, day)
                key = (scan.worker_id, scan.operation_id, scan.order_id, rate)
                worth[key][0] += scan.quantity
                worth[key][1] += scan.quantity * rate * floor.multipliers[scan.worker_id]
            paid: dict[tuple[int, int, int, Decimal], list[Decimal]] = defaultdict(
                lambda: [D("0"), D("0")]
            )
            for line in PayLine.objects.filter(period__in=approved, kind__in=list(PIECE_KINDS)):
                assert line.operation_id is not None
                assert line.order_id is not None
                assert line.rate is not None
                assert line.multiplier == floor.multipliers[line.worker_id]
                key = (line.worker_id, line.operation_id, line.order_id, line.rate)
                paid[key][0] += line.pieces
                paid[key][1] += line.amount
            assert {k: v for k, v in paid.items() if v != [0, 0]} == {
                k: v for k, v in worth.items() if v != [0, 0]
            }
