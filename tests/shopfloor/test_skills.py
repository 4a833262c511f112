"""Worker skills learned from scans: paces, the cap rule, the engine's operators, presence.

One scenario, computed by hand. Factory A runs on Asia/Shanghai time. `cut_order()` gives
bundles 1-6 (20, 10, 20, 10, 20, 10 pieces); the bulletin is made here:
op 10 SNLS SMV 0.5, op 20 OL4 SMV 1.0, op 30 SNLS SMV 0.7. On 2026-11-20:

W1, clocked in at 08:00 (a lunch break between 11:30 and 12:30):
    op 10  b1 08:12 (std 10, worked 12)  b2 08:18 (5, 6)  b3 08:30 (10, 12)  b4 08:36 (5, 6)
           -> 60 pieces, earned 30, worked 36: 0.833
    op 20  b1 08:56 (std 20, worked 20)  b2 09:06 (10, 10)
           b3 12:50 (std 20; 224 minutes since 09:06, over lunch: capped at 2 x 20 = 40)
           -> 50 pieces, earned 50, worked 70: 0.714
    overall: earned 80, worked 106: 0.755;  SNLS = op 10, OL4 = op 20.
W2, never clocked in:
    op 30  b1 09:30 (the day's first scan, no start known: left out)
           b2 09:37 (std 7, worked 7)  b3 09:51 (14, 14)  b4 09:58 (7, 7)  b5 10:12 (14, 14)
           -> 60 pieces, earned 42, worked 42: 1.000
    op 10  b5 10:22 (std 10, worked 10)  b6 10:30 (5, 8)  -> two scans: too few, not reported
    SNLS (op 30 + op 10): earned 57, worked 60: 0.950;  overall the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.catalog.choices import MachineType
from seamline.catalog.models import Operation
from seamline.engines.balancing.garment import Operator
from seamline.shopfloor import skills
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Attendance, Scan, Worker
from seamline.shopfloor.scanning import record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order
from tests.shopfloor.day import DAY, SHANGHAI, at, scan
from tests.shopfloor.factories import LineFactory, WorkerFactory

pytestmark = pytest.mark.django_db

EVENING = dt.datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)


@pytest.fixture
def scene(tenant_a: Organization) -> CutOrder:
    with tenant_context(tenant_a):
        cut = cut_order()
        op10, op20, op30 = cut.operations
        Operation.objects.filter(pk=op10.pk).update(machine_type=MachineType.SNLS, smv="0.5")
        Operation.objects.filter(pk=op20.pk).update(machine_type=MachineType.OL4, smv="1.0")
        Operation.objects.filter(pk=op30.pk).update(machine_type=MachineType.SNLS, smv="0.7")
        w1, w2 = (w.code for w in cut.workers)
        n = [b.number for b in cut.bundles]
        results = record_scans(
            [
                scan("a1", n[0], 10, w1, at(8, 12)),
                scan("a2", n[1], 10, w1, at(8, 18)),
                scan("a3", n[2], 10, w1, at(8, 30)),
                scan("a4", n[3], 10, w1, at(8, 36)),
                scan("b1", n[0], 20, w1, at(8, 56)),
                scan("b2", n[1], 20, w1, at(9, 6)),
                scan("b3", n[2], 20, w1, at(12, 50)),
                scan("c1", n[0], 30, w2, at(9, 30)),
                scan("c2", n[1], 30, w2, at(9, 37)),
                scan("c3", n[2], 30, w2, at(9, 51)),
                scan("c4", n[3], 30, w2, at(9, 58)),
                scan("c5", n[4], 30, w2, at(10, 12)),
                scan("d5", n[4], 10, w2, at(10, 22)),
                scan("d6", n[5], 10, w2, at(10, 30)),
                # Not credited: a duplicate claim counts for nothing.
                scan("dup", n[0], 10, w2, at(10, 40)),
            ]
        )
        assert [r.status for r in results].count(ScanStatus.CREDITED) == 14
        Attendance.objects.create(
            worker=cut.workers[0], day=DAY, line=cut.line, clock_in=at(8), break_minutes=60
        )
    return cut


def paces(cut: CutOrder, tenant: Organization, **kwargs: object) -> dict[int, skills.WorkerPaces]:
    with tenant_context(tenant):
        return skills.measured_paces(**kwargs)


# --- the cap rule ----------------------------------------------------------------------------


def test_gap_up_to_an_hour_counts_in_full() -> None:
    assert skills.worked_minutes(dt.timedelta(minutes=45), Decimal(5)) == 45
    assert skills.worked_minutes(dt.timedelta(minutes=60), Decimal(5)) == 60


def test_gap_over_an_hour_counts_at_most_twice_the_standard() -> None:
    assert skills.worked_minutes(dt.timedelta(minutes=90), Decimal(20)) == 40
    # A long bundle whose standard is long too: the gap itself when under the cap.
    assert skills.worked_minutes(dt.timedelta(minutes=90), Decimal(60)) == 90


def test_no_gap_counts_nothing() -> None:
    assert skills.worked_minutes(dt.timedelta(0), Decimal(10)) == 0


# --- measured paces --------------------------------------------------------------------------


def test_paces_per_operation_machine_and_overall(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    found = paces(scene, tenant_a, until=EVENING)
    w1, w2 = (w.pk for w in scene.workers)
    op10, op20, op30 = (op.pk for op in scene.operations)

    first = found[w1]
    assert first.by_operation[op10] == skills.Pace(
        efficiency=Decimal("0.833"),
        pieces=60,
        earned_minutes=Decimal("30.00"),
        worked_minutes=Decimal("36.00"),
        scans=4,
    )
    # The scan after lunch counts 2 x its 20 standard minutes, not the 224 minutes gap.
    assert first.by_operation[op20] == skills.Pace(
        efficiency=Decimal("0.714"),
        pieces=50,
        earned_minutes=Decimal("50.00"),
        worked_minutes=Decimal("70.00"),
        scans=3,
    )
    assert first.by_machine == {"SNLS": first.by_operation[op10], "OL4": first.by_operation[op20]}
    assert first.overall is not None
    assert (first.overall.efficiency, first.overall.worked_minutes) == (
        Decimal("0.755"),
        Decimal("106.00"),
    )
    assert first.overall.percent == Decimal("75.5")
    assert first.machines == {"SNLS", "OL4"}

    second = found[w2]
    assert second.by_operation[op30].efficiency == Decimal("1.000")
    assert (second.by_operation[op30].scans, second.by_operation[op30].pieces) == (4, 60)
    assert second.by_machine["SNLS"] == skills.Pace(
        efficiency=Decimal("0.950"),
        pieces=90,
        earned_minutes=Decimal("57.00"),
        worked_minutes=Decimal("60.00"),
        scans=6,
    )
    assert second.overall == second.by_machine["SNLS"]


def test_too_few_samples_are_not_reported(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    found = paces(scene, tenant_a, until=EVENING)
    w2 = scene.workers[1].pk
    op10 = scene.operations[0].pk
    # Two scans of op 10: no pace for it, the machine type's pace stands in.
    assert op10 not in found[w2].by_operation
    assert set(found[w2].by_operation) == {scene.operations[2].pk}


def test_too_few_minutes_are_not_reported(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    # Up to 10:00 W2 has three measured op-30 scans, but only 7 + 14 + 7 = 28 minutes.
    early = paces(scene, tenant_a, until=at(10))
    w2 = scene.workers[1].pk
    assert early[w2].by_operation == {}
    assert early[w2].by_machine == {}
    assert early[w2].overall is None
    assert early[w2].machines == {"SNLS"}
    # Up to 08:31 W1 has three op-10 scans worth exactly 30 minutes: reported; one fewer, not.
    w1, op10 = scene.workers[0].pk, scene.operations[0].pk
    assert paces(scene, tenant_a, until=at(8, 31))[w1].by_operation[op10].worked_minutes == 30
    assert paces(scene, tenant_a, until=at(8, 29))[w1].by_operation == {}


def test_only_the_period_and_the_workers_asked_for(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    w1, w2 = (w.pk for w in scene.workers)
    assert set(paces(scene, tenant_a, worker_ids=[w2], until=EVENING)) == {w2}
    assert paces(scene, tenant_a, worker_ids=[], until=EVENING) == {}
    # 28 days later the scans have left the window.
    later = EVENING + dt.timedelta(days=28)
    assert paces(scene, tenant_a, until=later) == {}
    assert set(paces(scene, tenant_a, until=later, days=29)) == {w1, w2}


def test_a_new_day_starts_from_its_clock_in_not_from_yesterday(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    next_day = DAY + dt.timedelta(days=1)
    w1 = scene.workers[0]
    n = [b.number for b in scene.bundles]
    with tenant_context(tenant_a):
        Attendance.objects.create(
            worker=w1, day=next_day, line=scene.line, clock_in=at(8, day=next_day)
        )
        # b4, b5, b6 at op 20 (std 10, 20, 10): 10, 20, 10 minutes after 08:00.
        record_scans(
            [
                scan("e4", n[3], 20, w1.code, at(8, 10, next_day)),
                scan("e5", n[4], 20, w1.code, at(8, 30, next_day)),
                scan("e6", n[5], 20, w1.code, at(8, 40, next_day)),
            ]
        )
    found = paces(scene, tenant_a, until=at(18, day=next_day))
    pace = found[w1.pk].by_operation[scene.operations[1].pk]
    # Yesterday's 50 earned in 70, today's 40 in 40.
    assert (pace.scans, pace.earned_minutes, pace.worked_minutes) == (6, 90, 110)
    assert pace.efficiency == Decimal("0.818")


def test_paces_take_two_queries_however_many_scans(
    scene: CutOrder,
    tenant_a: Organization,
    shanghai: None,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    with tenant_context(tenant_a), django_assert_max_num_queries(2):
        found = skills.measured_paces(until=EVENING)
    assert len(found) == 2


def test_paces_are_the_active_tenants_only(
    scene: CutOrder, tenant_b: Organization, shanghai: None
) -> None:
    assert paces(scene, tenant_b, until=EVENING) == {}


# --- the engine's operators ------------------------------------------------------------------


def test_engine_operator_from_paces(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    w1 = scene.workers[0]
    op10, op20, _op30 = (op.pk for op in scene.operations)
    found = paces(scene, tenant_a, until=EVENING)
    operator = skills.engine_operator(w1, found[w1.pk])
    assert operator == Operator(
        key=str(w1.pk),
        grade=w1.skill_grade,
        efficiency=(
            *sorted([(str(op10), 0.833), (str(op20), 0.714)]),
            ("OL4", 0.714),
            ("SNLS", 0.833),
        ),
        default_efficiency=0.755,
    )
    # Measured machines inform the pace; they do not bar the worker from other machines.
    assert operator.machines == frozenset()


def test_engine_operator_without_measurements_is_the_default_on_any_machine(
    scene: CutOrder,
) -> None:
    worker = scene.workers[0]
    operator = skills.engine_operator(worker, None, default=0.8)
    assert operator == Operator(
        key=str(worker.pk), grade=worker.skill_grade, default_efficiency=0.8
    )
    assert operator.machines == frozenset()
    too_few = skills.WorkerPaces(by_operation={}, by_machine={}, overall=None)
    assert skills.engine_operator(worker, too_few).default_efficiency == 0.75


def test_engine_operator_holds_artefact_paces_within_bounds(scene: CutOrder) -> None:
    def pace(efficiency: str) -> skills.Pace:
        return skills.Pace(Decimal(efficiency), 100, Decimal(50), Decimal(50), 10)

    measured = skills.WorkerPaces(
        by_operation={7: pace("3.500")}, by_machine={"SNLS": pace("0.100")}, overall=pace("1.2")
    )
    operator = skills.engine_operator(scene.workers[0], measured)
    assert operator.efficiency == (("7", 2.0), ("SNLS", 0.3))
    assert operator.default_efficiency == 1.2


# --- who is here today -----------------------------------------------------------------------


def test_present_workers_are_those_clocked_in_to_the_line(tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        line, other = LineFactory(), LineFactory()
        here = WorkerFactory(code="W-HERE", line=line)
        WorkerFactory(code="W-ABSENT", line=line)
        no_line_given = WorkerFactory(code="W-NOLINE", line=line)
        lent = WorkerFactory(code="W-LENT", line=other)
        gone = WorkerFactory(code="W-GONE", line=line, is_active=False)
        elsewhere = WorkerFactory(code="W-ELSE", line=line)
        yesterday = WorkerFactory(code="W-YEST", line=line)
        for worker, on in [
            (here, line),
            (no_line_given, None),
            (lent, line),
            (gone, line),
            (elsewhere, other),
        ]:
            Attendance.objects.create(worker=worker, day=DAY, line=on, clock_in=at(8))
        Attendance.objects.create(
            worker=yesterday, day=DAY - dt.timedelta(days=1), line=line, clock_in=at(8)
        )
        present = skills.present_workers(line, DAY)
    assert [w.code for w in present] == ["W-HERE", "W-LENT", "W-NOLINE"]
    assert all(isinstance(w, Worker) for w in present)


def move_scenario(tenant: Organization, *, days_ago: int) -> None:
    """Move the scenario's day to `days_ago` days before today, for the pages (they
    measure up to now)."""
    shift = dt.timedelta(days=(timezone.localdate(timezone.now(), SHANGHAI) - DAY).days - days_ago)
    with tenant_context(tenant):
        Scan.objects.update(scanned_at=F("scanned_at") + shift)
        for row in Attendance.objects.all():
            row.day += shift
            row.clock_in += shift
            row.save(update_fields=["day", "clock_in"])


# --- pages -----------------------------------------------------------------------------------


def test_skills_page_lists_workers_with_their_paces(
    scene: CutOrder,
    tenant_a: Organization,
    client_as: Callable[[Organization, str], Client],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    client = client_as(tenant_a, Role.SUPERVISOR)
    w1 = scene.workers[0]
    with tenant_context(tenant_a):
        Worker.objects.filter(pk=w1.pk).update(name="Alice Chen")
    move_scenario(tenant_a, days_ago=1)  # the page measures up to now
    url = reverse("shopfloor:worker_skills")
    with django_assert_max_num_queries(11):
        response = client.get(url, {"line": scene.line.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Alice Chen" in body
    assert reverse("shopfloor:worker_skill", args=[w1.pk]) in body
    assert "75.5" in body  # W1 overall
    assert "95.0" in body  # W2 on SNLS
    assert 'data-machine="OL4"' in body

    detail = client.get(reverse("shopfloor:worker_skill", args=[w1.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Alice Chen" in text
    assert "83.3" in text
    assert "71.4" in text
    assert f'data-operation="{scene.operations[1].pk}"' in text


def test_skills_page_shows_too_few_samples(
    scene: CutOrder, tenant_a: Organization, client_as: Callable[[Organization, str], Client]
) -> None:
    move_scenario(tenant_a, days_ago=40)  # nothing measured in the last 28 days
    response = client_as(tenant_a, Role.INSPECTOR).get(reverse("shopfloor:worker_skills"))
    assert response.status_code == 200
    assert "too few samples" in response.content.decode()


def test_skills_pages_need_floor_view(
    scene: CutOrder, tenant_a: Organization, client_as: Callable[[Organization, str], Client]
) -> None:
    client = client_as(tenant_a, Role.WORKER)
    assert client.get(reverse("shopfloor:worker_skills")).status_code == 403
    worker_url = reverse("shopfloor:worker_skill", args=[scene.workers[0].pk])
    assert client.get(worker_url).status_code == 403
    assert Client().get(worker_url).status_code == 302


def test_another_factorys_worker_is_not_found(
    scene: CutOrder, tenant_b: Organization, client_as: Callable[[Organization, str], Client]
) -> None:
    client = client_as(tenant_b, Role.OWNER)
    response = client.get(reverse("shopfloor:worker_skill", args=[scene.workers[0].pk]))
    assert response.status_code == 404
    # Another factory's line as a filter is no filter, and shows none of A's workers.
    listing = client.get(reverse("shopfloor:worker_skills"), {"line": scene.line.pk})
    assert listing.status_code == 200
    assert scene.workers[0].code not in listing.content.decode()
