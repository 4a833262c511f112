"""The demo's shop floor: bundles cut for the orders in production, two weeks of attendance
and scans, a review queue, a reversal, and the worker login's day on the phone."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import F, Q, QuerySet, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.cutting.choices import LayStatus
from seamline.cutting.models import Bundle, Lay
from seamline.demo.data.orgs import FACTORIES, TIME_ZONE
from seamline.demo.loader import DemoSummary
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.payroll import selectors
from seamline.payroll.choices import AdjustmentKind, LineKind, PayCycle, PeriodStatus
from seamline.payroll.models import (
    Adjustment,
    OperationRate,
    PayLine,
    PayPeriod,
    PayrollSettings,
    PaySlip,
)
from seamline.payroll.periods import bounds
from seamline.payroll.rates import to_cent
from seamline.quality.choices import InspectionKind
from seamline.quality.models import Inspection, InspectionDefect
from seamline.quality.record import quality_record
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Carton, Shipment
from seamline.shipping.packing import packing_status
from seamline.shipping.selectors import final_lots
from seamline.shopfloor.choices import CorrectionKind, PayType, ReworkStatus, ScanStatus
from seamline.shopfloor.floor import order_progress
from seamline.shopfloor.models import Attendance, Rework, Scan, ScanCorrection, Worker
from seamline.shopfloor.scanning import ScanInput
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Membership, Organization, User
from tests.demo.conftest import TODAY

TZ = ZoneInfo(TIME_ZONE)
MY_DAY = "/api/v1/shopfloor/scans/my-day"


@pytest.fixture
def floor(demo: DemoSummary) -> DemoSummary:
    return demo


@pytest.fixture
def factories(floor: DemoSummary, db: None) -> list[Organization]:
    return [Organization.objects.get(slug=spec.slug) for spec in FACTORIES]


def _workdays() -> list[dt.date]:
    days = [TODAY - dt.timedelta(days=n) for n in range(14, 0, -1)]
    return [day for day in days if day.weekday() < 6]


def test_summary_counts_the_floor(floor: DemoSummary, db: None) -> None:
    assert floor.bundles == Bundle.unscoped.count() > 1000
    assert floor.scans == Scan.unscoped.count() > 10000
    assert floor.attendance_days == Attendance.unscoped.count() > 1000


def test_orders_in_production_are_cut_into_bundles(factories: list[Organization]) -> None:
    for factory in factories:
        with tenant_context(factory):
            for order in Order.objects.filter(status=OrderStatus.IN_PRODUCTION):
                bundles = Bundle.objects.filter(order=order)
                assert bundles.exists(), order
                assert all(1 <= b.quantity <= 30 for b in bundles), order
                assert not Lay.objects.filter(
                    cut_plan__order=order, status=LayStatus.PLANNED
                ).exists()
            confirmed = Order.objects.filter(status=OrderStatus.CONFIRMED, cut_plans__isnull=False)
            assert confirmed.count() == 1, factory  # laid out, its first lay cut ahead
            lays = Lay.objects.filter(cut_plan__order=confirmed.get())
            assert lays.filter(status=LayStatus.CUT).count() == 1
            assert lays.filter(status=LayStatus.PLANNED).exists()
            # The one order the demo shipped was made on this floor too.
            assert (
                not Bundle.objects.exclude(
                    order__status__in=[OrderStatus.IN_PRODUCTION, OrderStatus.CONFIRMED]
                )
                .exclude(order__cartons__shipment__status=ShipmentStatus.DELIVERED)
                .exists()
            )
            cut = Lay.objects.filter(status=LayStatus.CUT)
            assert all(lay.cut_at is not None and lay.cut_at < timezone.now() for lay in cut)


def test_credited_scans_on_each_of_the_last_fourteen_workdays_and_none_ahead(
    factories: list[Organization],
) -> None:
    now = timezone.now()
    for factory in factories:
        with tenant_context(factory):
            credited = Scan.objects.filter(status=ScanStatus.CREDITED)
            days = {
                at.astimezone(TZ).date() for at in credited.values_list("scanned_at", flat=True)
            }
            assert set(_workdays()) <= days, factory
            assert all(day.weekday() < 6 or day == TODAY for day in days)
            assert not Scan.objects.filter(scanned_at__gt=now).exists()
            assert not Scan.objects.filter(received_at__gt=now).exists()
            assert not Attendance.objects.filter(clock_in__gt=now).exists()
            assert not Attendance.objects.filter(clock_out__gt=now).exists()


def test_every_active_worker_attends_in_working_hours(factories: list[Organization]) -> None:
    for factory in factories:
        with tenant_context(factory):
            rows = list(Attendance.objects.select_related("worker"))
            workers = set(Worker.objects.filter(is_active=True).values_list("pk", flat=True))
            assert {a.worker_id for a in rows} == workers
            days = len(_workdays())
            per_worker: dict[int, int] = defaultdict(int)
            for a in rows:
                per_worker[a.worker_id] += 1
                assert a.break_minutes == 60
                assert a.line_id == a.worker.line_id
                start = a.clock_in.astimezone(TZ)
                assert start.date() == a.day
                assert dt.time(7, 50) <= start.time() <= dt.time(8, 10)
                if a.clock_out is None:
                    assert a.day == TODAY
                else:
                    assert dt.time(17, 30) <= a.clock_out.astimezone(TZ).time() <= dt.time(18, 30)
            # A few days off, no more.
            assert min(per_worker.values()) >= days - 3
            assert sum(per_worker.values()) >= 0.95 * days * len(workers)


def _attendance(factory: Organization) -> dict[tuple[int, dt.date], Attendance]:
    return {(a.worker_id, a.day): a for a in Attendance.objects.all()}


def test_scans_lie_inside_attended_hours_and_match_their_bundle(
    factories: list[Organization],
) -> None:
    now = timezone.now()
    for factory in factories:
        with tenant_context(factory):
            attended = _attendance(factory)
            workers = {w.pk: w for w in Worker.objects.all()}
            bundles = {b.pk: b for b in Bundle.objects.all()}
            late = set(_late_scans().values_list("pk", flat=True))
            assert len(late) <= 1
            scans = Scan.objects.select_related("operation")
            for scan in scans:
                day = scan.scanned_at.astimezone(TZ).date()
                shift = attended[(scan.worker_id, day)]
                assert shift.clock_in <= scan.scanned_at <= (shift.clock_out or now), scan
                if scan.pk not in late:  # payroll's late scan: synced after an approval
                    assert (
                        scan.scanned_at
                        <= scan.received_at
                        <= scan.scanned_at + dt.timedelta(seconds=10)
                    )
                bundle, worker = bundles[scan.bundle_id], workers[scan.worker_id]
                assert scan.line_id == worker.line_id is not None
                assert (scan.order_id, scan.quantity) == (bundle.order_id, bundle.quantity)
                assert scan.operation.style_id == bundle.style_id
                assert scan.source in {"mobile", "station"}
                assert scan.recorded_by_id is None
                digest = ScanInput(
                    client_id=scan.client_id,
                    bundle=bundle.number,
                    operation=scan.operation.sequence,
                    worker=worker.code,
                    scanned_at=scan.scanned_at,
                ).digest()
                assert scan.digest == digest


def test_bundles_go_through_the_bulletin_in_order(factories: list[Organization]) -> None:
    for factory in factories:
        with tenant_context(factory):
            done: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
            rows = Scan.objects.filter(status=ScanStatus.CREDITED).values_list(
                "bundle_id", "operation__sequence", "scanned_at"
            )
            for bundle, sequence, at in rows:
                done[bundle].append((sequence, at))
            steps: dict[int, int] = defaultdict(int)
            for bundle, ops in done.items():
                ops.sort()
                assert [seq for seq, _ in ops] == list(range(1, len(ops) + 1)), bundle
                assert all(a[1] < b[1] for a, b in zip(ops, ops[1:], strict=False)), bundle
                steps[len(ops)] += 1
            # Work in progress: bundles stand between many different operations.
            assert len(steps) > 5


def test_orders_progress_some_near_completion_some_just_started(
    factories: list[Organization],
) -> None:
    for factory in factories:
        with tenant_context(factory):
            progress = []
            for order in Order.objects.filter(status=OrderStatus.IN_PRODUCTION):
                bundles = Bundle.objects.filter(order=order).count()
                operations = Bundle.objects.filter(order=order).first().style.operations.count()  # type: ignore[union-attr]
                done = Scan.objects.filter(order=order, status=ScanStatus.CREDITED).count()
                progress.append(done / (bundles * operations))
            assert max(progress) > 0.9, factory
            assert min(progress) < 0.5, factory
            assert any(0.1 < p < 0.9 for p in progress), factory


def test_worker_efficiency_reads_realistically(factories: list[Organization]) -> None:
    for factory in factories:
        with tenant_context(factory):
            earned: dict[tuple[int, dt.date], Decimal] = defaultdict(Decimal)
            rows = Scan.objects.filter(status=ScanStatus.CREDITED).values_list(
                "worker_id", "scanned_at", "quantity", "operation__smv"
            )
            for worker, at, quantity, smv in rows:
                earned[(worker, at.astimezone(TZ).date())] += smv * quantity
            ratios = [
                float(earned[key]) / shift.attended_minutes()
                for key, shift in _attendance(factory).items()
                if shift.clock_out is not None and shift.line_id is not None
            ]
            assert 0.6 <= statistics.median(ratios) <= 0.8, factory
            inside = [r for r in ratios if 0.45 <= r <= 0.97]
            assert len(inside) >= 0.95 * len(ratios), factory


def test_conflicts_wait_for_review_and_duplicates_point_to_their_credit(
    factories: list[Organization],
) -> None:
    for factory in factories:
        with tenant_context(factory):
            conflicts = list(Scan.objects.filter(status=ScanStatus.CONFLICT))
            assert 2 <= len(conflicts) <= 3, factory
            for scan in conflicts:
                holder = scan.collided_with
                assert holder is not None
                assert holder.status == ScanStatus.CREDITED
                assert (holder.bundle_id, holder.operation_id) == (
                    scan.bundle_id,
                    scan.operation_id,
                )
                assert holder.worker_id != scan.worker_id
                assert holder.line_id == scan.line_id
                assert holder.scanned_at < scan.scanned_at
                assert not ScanCorrection.objects.filter(scan=scan).exists()
            duplicates = list(Scan.objects.filter(status=ScanStatus.DUPLICATE))
            assert duplicates
            for scan in duplicates:
                holder = scan.collided_with
                assert holder is not None
                assert holder.status == ScanStatus.CREDITED
                assert holder.worker_id == scan.worker_id
                assert (holder.bundle_id, holder.operation_id) == (
                    scan.bundle_id,
                    scan.operation_id,
                )


def test_one_reversal_with_the_supervisors_correction(factories: list[Organization]) -> None:
    for factory in factories:
        with tenant_context(factory):
            # The floor's own reversal, the earlier one (payroll's comes after an approval).
            reversed_ = Scan.objects.filter(status=ScanStatus.REVERSED).order_by("corrections__at")[
                0
            ]
            assert Scan.objects.filter(status=ScanStatus.REVERSED).count() <= 2
            correction = ScanCorrection.objects.get(scan=reversed_)
            supervisor = Membership.objects.get(role="supervisor").user
            assert correction.kind == CorrectionKind.REVERSE
            assert correction.reason
            assert correction.by == supervisor
            rescan = Scan.objects.get(
                status=ScanStatus.CREDITED,
                bundle=reversed_.bundle_id,
                operation=reversed_.operation_id,
            )
            assert rescan.worker_id != reversed_.worker_id
            assert reversed_.scanned_at < correction.at < rescan.scanned_at


def test_worker_login_sees_its_day_on_the_phone(
    factories: list[Organization], login: Callable[[User, Organization], Client]
) -> None:
    for spec, factory in zip(FACTORIES, factories, strict=True):
        user = User.objects.get(username=f"{spec.key}-worker")
        with tenant_context(factory):
            worker = Worker.objects.get(user=user)
            assert worker.line_id is not None
            assert Scan.objects.filter(worker=worker, status=ScanStatus.CREDITED).exists()
            today = timezone.localdate(timezone=TZ)
            start = dt.datetime.combine(today, dt.time.min, tzinfo=TZ)
            mine = Scan.objects.filter(
                worker=worker,
                status=ScanStatus.CREDITED,
                scanned_at__gte=start,
                scanned_at__lt=start + dt.timedelta(days=1),
            )
            pieces = sum(mine.values_list("quantity", flat=True))
            count = Scan.objects.filter(
                worker=worker, scanned_at__gte=start, scanned_at__lt=start + dt.timedelta(days=1)
            ).count()

        response = login(user, factory).get(MY_DAY)

        assert response.status_code == 200, response.content
        body = response.json()
        assert body["worker"] == worker.code
        assert body["pieces"] == pieces
        assert len(body["scans"]) == count
        if today == TODAY and timezone.localtime(timezone=TZ).time() >= dt.time(9, 0):
            assert pieces > 0, "the demo worker has worked today"


# Payroll over the floor's history -----------------------------------------------------------


def _late_scans() -> QuerySet[Scan]:
    """Scans received well after they were made (the floor syncs within seconds)."""
    return Scan.objects.filter(received_at__gt=F("scanned_at") + dt.timedelta(minutes=1))


def _periods() -> list[PayPeriod]:
    return list(PayPeriod.objects.order_by("start"))


def test_pay_periods_of_the_history_oldest_paid_latest_in_draft(
    factories: list[Organization],
) -> None:
    for factory in factories:
        with tenant_context(factory), timezone.override(TZ):
            settings = PayrollSettings.objects.get()
            # Half-monthly, or weekly on the few days the history lies in one half-month.
            assert settings.cycle in (PayCycle.SEMI_MONTHLY, PayCycle.WEEKLY)
            assert settings.minimum_hourly_wage > 0
            assert [settings.multiplier(g) for g in range(1, 6)] == sorted(
                settings.multiplier(g) for g in range(1, 6)
            )
            assert Decimal("1") <= settings.multiplier(1) < settings.multiplier(5) <= Decimal("1.2")
            periods = _periods()
            days = [
                at.astimezone(TZ).date() for at in Scan.objects.values_list("scanned_at", flat=True)
            ]
            assert periods[0].start <= min(days)
            assert periods[-1].start <= max(days) <= periods[-1].end
            for before, after in zip(periods, periods[1:], strict=False):
                assert after.start == before.end + dt.timedelta(days=1)
            assert [p.status for p in periods] == (
                [PeriodStatus.PAID] * (len(periods) > 1)
                + [PeriodStatus.APPROVED] * (len(periods) - 2)
                + [PeriodStatus.DRAFT]
            ), factory
            assert len(periods) >= 2, periods
            paid = periods[0]
            assert paid.payment_reference
            for period in periods[:-1]:
                assert period.reviewed_at is not None
                assert period.approved_at is not None
                assert period.reviewed_by is not None
                assert period.approved_by is not None
                assert period.end < period.reviewed_at.astimezone(TZ).date()
                assert period.reviewed_at <= period.approved_at <= timezone.now()
            assert paid.approved_at is not None
            assert paid.paid_at is not None
            assert paid.approved_at <= paid.paid_at
            # The dated rates: one change inside the history, so its half-month shows it.
            assert OperationRate.objects.count() == 2


def test_draft_carries_a_late_scan_and_a_reversal_from_the_approved_period(
    factories: list[Organization],
) -> None:
    for factory in factories:
        with tenant_context(factory), timezone.override(TZ):
            periods = _periods()
            draft = periods[-1]
            adjustments = Adjustment.objects.filter(period=draft)
            assert {a.kind for a in adjustments} == {
                AdjustmentKind.BONUS,
                AdjustmentKind.PENALTY,
                AdjustmentKind.ADVANCE,
            }
            assert all(a.reason and a.amount > 0 for a in adjustments)
            assert PayLine.objects.filter(period=draft, kind=LineKind.ADJUSTMENT).count() == 3
            approved = periods[-2]
            assert approved.approved_at is not None
            late = _late_scans().get()
            assert approved.start <= late.scanned_at.astimezone(TZ).date() <= approved.end
            assert late.received_at > approved.approved_at
            (late_line,) = PayLine.objects.filter(period=draft, kind=LineKind.LATE)
            assert (late_line.origin_id, late_line.worker_id) == (approved.pk, late.worker_id)
            assert (late_line.pieces, late_line.operation_id) == (late.quantity, late.operation_id)
            assert late_line.amount > 0
            correction = ScanCorrection.objects.filter(kind=CorrectionKind.REVERSE).latest("at")
            assert correction.at > approved.approved_at
            reversed_ = correction.scan
            (back,) = PayLine.objects.filter(period=draft, kind=LineKind.REVERSAL)
            assert (back.origin_id, back.worker_id) == (approved.pk, reversed_.worker_id)
            assert back.pieces == -reversed_.quantity
            paid_for = PayLine.objects.get(
                period=approved,
                kind=LineKind.PIECE,
                worker_id=reversed_.worker_id,
                operation_id=reversed_.operation_id,
                order_id=reversed_.order_id,
                work_start__lte=reversed_.scanned_at,
                work_end__gt=reversed_.scanned_at,
            )
            assert (back.rate, back.multiplier) == (paid_for.rate, paid_for.multiplier)
            assert back.amount < 0
            slip = PaySlip.objects.get(period=draft, worker_id=reversed_.worker_id)
            assert slip.carried_pay == sum(
                PayLine.objects.filter(
                    slip=slip, kind__in=[LineKind.LATE, LineKind.REVERSAL]
                ).values_list("amount", flat=True),
                Decimal("0"),
            )


def test_every_register_reconciles_and_approval_paid_each_credited_scan_once(
    factories: list[Organization],
) -> None:
    for factory in factories:
        with tenant_context(factory), timezone.override(TZ):
            piece_workers = Worker.objects.filter(pay_type=PayType.PIECE)
            for period in _periods():
                totals = selectors.totals(period)
                assert to_cent(totals.slips) == to_cent(totals.lines) == totals.period > 0
                # SQLite's SUM of decimals is a float sum (98506.6399999999 for 98506.64), so
                # `reconciles` holds there only once `selectors.totals` rounds its sums.
                if connection.vendor == "postgresql":
                    assert totals.reconciles, (period, totals)
                assert period.total > 0
                slips = PaySlip.objects.filter(period=period)
                assert slips.count() == period.worker_count > 0
                assert all(s.total == s.piece_pay + s.carried_pay + s.time_pay + s.topup
                           + s.adjustments for s in slips)  # fmt: skip
                if not period.is_locked:
                    continue
                start, end = bounds(period.start, period.end)
                # An approved period paid the pieces credited when it was approved: now's
                # credits, less the late scan, plus what was reversed after the approval.
                then = (
                    Scan.objects.filter(
                        scanned_at__gte=start,
                        scanned_at__lt=end,
                        worker__in=piece_workers,
                    )
                    .filter(
                        Q(status=ScanStatus.CREDITED) | Q(corrections__at__gt=period.approved_at)
                    )
                    .exclude(pk__in=_late_scans())
                )
                credited_then = Scan.objects.filter(pk__in=then.values("pk")).aggregate(
                    n=Sum("quantity")
                )["n"]
                paid = PayLine.objects.filter(period=period, kind=LineKind.PIECE)
                assert paid.aggregate(n=Sum("pieces"))["n"] == credited_then


# --- quality and shipping ------------------------------------------------------------------


def test_inspections_trace_defects_to_the_workers_who_scanned_them(
    factories: list[Organization],
) -> None:
    for factory in factories:
        with tenant_context(factory):
            finished = Bundle.objects.filter(inspections__kind=InspectionKind.END_OF_LINE)
            assert finished.distinct().count() > 300, factory
            assert Inspection.objects.filter(kind=InspectionKind.INLINE).count() > 50
            credited = {
                (b, op): w
                for b, op, w in Scan.objects.filter(status=ScanStatus.CREDITED).values_list(
                    "bundle_id", "operation_id", "worker_id"
                )
            }
            defects = InspectionDefect.objects.select_related("inspection")
            assert defects.count() > 100
            for defect in defects:
                key = (defect.inspection.bundle_id, defect.operation_id)
                assert defect.worker_id == credited.get(key), defect
            record = quality_record(since=TODAY - dt.timedelta(days=14), until=TODAY)
            assert record.dhu is not None
            assert Decimal("1") < record.dhu < Decimal("15")
            assert record.first_pass_yield is not None
            assert record.first_pass_yield > 80


def test_latest_rework_is_still_at_its_operation_and_shows_in_wip(
    factories: list[Organization],
) -> None:
    for factory in factories:
        with tenant_context(factory):
            waiting = Rework.objects.filter(status=ReworkStatus.OPEN)
            assert waiting.count() >= 3, factory
            assert Rework.objects.filter(status=ReworkStatus.REPAIRED).exists()
            assert Rework.objects.filter(status=ReworkStatus.CLOSED).count() > 50
            rework = waiting.first()
            assert rework is not None
            wip = order_progress(rework.order).styles
            at = [op for style in wip for op in style.operations if op.rework_pieces]
            assert rework.operation_id in {op.operation_id for op in at}


def test_one_order_packed_inspected_shipped_and_delivered_one_waiting(
    factories: list[Organization],
) -> None:
    for factory in factories:
        with tenant_context(factory):
            # The factory's own first shipment (a later one may carry a cluster order's part).
            delivered = Shipment.objects.filter(status=ShipmentStatus.DELIVERED).earliest("pk")
            assert delivered.dispatched_at is not None
            assert delivered.delivered_at is not None
            assert delivered.dispatched_at < delivered.delivered_at < timezone.now()
            (lot,) = final_lots(delivered)
            assert lot.accepted
            assert lot.order.status == OrderStatus.SHIPPED
            for row in packing_status(lot.order):
                assert row.packed <= row.passed, row
            planned = Shipment.objects.get(status=ShipmentStatus.PLANNED)
            assert [waiting.inspection for waiting in final_lots(planned)] == [None]
            assert Carton.objects.filter(shipment__isnull=True).exists()  # half packed


def test_the_inspector_login_reads_the_measures_and_a_packing_list(
    factories: list[Organization], client: Client
) -> None:
    client.force_login(User.objects.get(username="hongmian-inspector"))
    page = client.get(reverse("quality:measures"))
    assert page.status_code == 200
    assert b"DHU" in page.content
    with tenant_context(factories[0]):
        shipment = Shipment.objects.filter(status=ShipmentStatus.DELIVERED).earliest("pk")
    sheet = client.get(reverse("shipping:packing_list_xlsx", args=[shipment.pk]))
    assert sheet.status_code == 200
    assert sheet.content[:2] == b"PK"
