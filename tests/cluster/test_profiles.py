"""Capacity profiles: seeding, validation, weeks derived from lines and calendar, hand
edits, free minutes after allocations, and the factory's own profile page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from seamline.cluster import profiles
from seamline.cluster.choices import AllocationStatus
from seamline.cluster.models import CapacityProfile, CapacityWeek, MachineCount
from seamline.shopfloor.attendance import at_time, factory_today
from seamline.shopfloor.choices import ScanSource, ScanStatus
from seamline.shopfloor.models import Attendance, Scan
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cluster.factories import (
    AllocationFactory,
    BrandFactory,
    CapacityProfileFactory,
    CapacityWeekFactory,
    ClusterFactory,
    ClusterOrderFactory,
    OperatorFactory,
)
from tests.cutting.factories import cut_order
from tests.shopfloor.factories import LineFactory, WorkerFactory
from tests.tenancy.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 30)


def week(n: int) -> dt.date:
    return MONDAY + dt.timedelta(weeks=n)


@pytest.fixture
def factory_org() -> Organization:
    return OrganizationFactory(name="Foshan Knits", slug="foshan-knits", city="Foshan")


def _update(profile: CapacityProfile, **changes: object) -> CapacityProfile:
    values: dict[str, object] = {
        "capabilities": ["knits"],
        "style_notes": "",
        "lines": 2,
        "operators_per_line": 20,
        "certifications": [],
        "city": "Foshan",
        "province": "Guangdong",
        "min_order_qty": 200,
        "cost_per_minute": Decimal("0.65"),
        "machines": {},
    }
    values.update(changes)
    with tenant_context(profile.tenant):
        return profiles.profile_update(profile=profile, by=None, **values)  # type: ignore[arg-type]


# --- seeding and editing ---------------------------------------------------------------


def test_profile_is_seeded_from_the_factorys_lines_and_workers(factory_org: Organization) -> None:
    with tenant_context(factory_org):
        first, second = LineFactory(), LineFactory()
        LineFactory(is_active=False)
        for _ in range(21):
            WorkerFactory(line=first)
        for _ in range(18):
            WorkerFactory(line=second)
        WorkerFactory(line=second, is_active=False)
        WorkerFactory(line=None)

    profile = profiles.profile_for(factory_org)

    assert (profile.tenant_id, profile.city, profile.lines, profile.operators_per_line) == (
        factory_org.pk,
        "Foshan",
        2,
        20,  # 39 workers on 2 lines: 19.5, rounded half up
    )
    assert profiles.profile_for(factory_org).pk == profile.pk  # made once
    assert CapacityWeek.unscoped.filter(profile=profile).count() == profiles.WEEKS_AHEAD


def test_update_saves_fields_and_machine_park(factory_org: Organization) -> None:
    profile = profiles.profile_for(factory_org)
    _update(
        profile,
        capabilities=["wovens", "knits", "knits"],
        certifications=["BSCI", " bsci ", "OEKO-TEX"],
        machines={"SNLS": 30, "OL4": 12, "BH": 0},
        cost_per_minute=Decimal("0.73456"),
    )
    saved = CapacityProfile.unscoped.get(pk=profile.pk)
    assert saved.capabilities == ["knits", "wovens"]
    assert saved.certifications == ["BSCI", "OEKO-TEX"]
    assert saved.cost_per_minute == Decimal("0.7346")
    assert profiles.machine_park(saved) == {"SNLS": 30, "OL4": 12}

    _update(profile, machines={"SNLS": 0, "OL4": 14})
    assert profiles.machine_park(saved) == {"OL4": 14}


def test_update_names_every_bad_field_and_changes_nothing(factory_org: Organization) -> None:
    profile = profiles.profile_for(factory_org)
    with pytest.raises(ValidationError) as caught:
        _update(
            profile,
            capabilities=["knits", "rockets"],
            machines={"LASER": 2},
            min_order_qty=-5,
            cost_per_minute=Decimal("-1"),
        )
    assert set(caught.value.message_dict) == {
        "capabilities",
        "machines",
        "min_order_qty",
        "cost_per_minute",
    }
    assert caught.value.message_dict["capabilities"] == ["Unknown capabilities: rockets."]
    saved = CapacityProfile.unscoped.get(pk=profile.pk)
    assert (saved.capabilities, saved.min_order_qty) == ([], 0)
    assert not MachineCount.unscoped.filter(profile=profile).exists()


def test_another_tenant_cannot_write_the_profile(factory_org: Organization) -> None:
    profile = profiles.profile_for(factory_org)
    other = OrganizationFactory()
    with tenant_context(other), pytest.raises(PermissionDenied):
        profiles.week_set(profile=profile, week_start=MONDAY, minutes=1, by=None)


# --- weeks -----------------------------------------------------------------------------


def _two_lines(org: Organization) -> None:
    """Line 1: 10 workers x 480 min; line 2: 8 workers x 450 min; an idle inactive line."""
    with tenant_context(org):
        first = LineFactory(working_minutes_per_day=480)
        second = LineFactory(working_minutes_per_day=450)
        idle = LineFactory(is_active=False)
        for _ in range(10):
            WorkerFactory(line=first)
        for _ in range(8):
            WorkerFactory(line=second)
        WorkerFactory(line=second, is_active=False)
        WorkerFactory(line=idle)


def test_weeks_are_derived_from_lines_calendar_and_default_efficiency(
    factory_org: Organization,
) -> None:
    _two_lines(factory_org)
    with tenant_context(factory_org):
        profile = CapacityProfileFactory()
        weeks = profiles.weeks_refresh(profile=profile, start=MONDAY + dt.timedelta(days=3))
    # (10 x 480 + 8 x 450) = 8,400 min a day x 6 days = 50,400 x 0.65 = 32,760
    assert [w.week_start for w in weeks] == [week(n) for n in range(12)]
    assert {(w.derived_minutes, w.available_minutes, w.edited) for w in weeks} == {
        (32_760, 32_760, False)
    }


def test_measured_efficiency_of_the_last_four_weeks_is_used(factory_org: Organization) -> None:
    _two_lines(factory_org)
    with tenant_context(factory_org):
        cut = cut_order(operations=3, workers=1)  # op SMVs 0.5, 0.6, 0.7; bundles of 20
        worker = cut.workers[0]
        day = factory_today() - dt.timedelta(days=3)
        at = at_time(day, dt.time(10, 0))
        for n, operation in enumerate([cut.operations[0], cut.operations[2]]):
            Scan.objects.create(
                client_id=f"c{n}",
                digest="x",
                bundle=cut.bundles[0],
                operation=operation,
                worker=worker,
                line=cut.line,
                order=cut.order,
                quantity=20,
                scanned_at=at,
                received_at=at,
                source=ScanSource.STATION,
                status=ScanStatus.CREDITED,
            )
        Attendance.objects.create(  # 50 minutes less a 10 minute break
            worker=worker,
            day=day,
            clock_in=at_time(day, dt.time(9, 0)),
            clock_out=at_time(day, dt.time(9, 50)),
            break_minutes=10,
        )
        # earned 20 x 0.5 + 20 x 0.7 = 24 min over 40 attended: 0.6
        assert profiles.measured_efficiency() == Decimal("0.6000")
        profile = CapacityProfileFactory()
        weeks = profiles.weeks_refresh(profile=profile, start=MONDAY, weeks=1)
    # lines: 8,400 + the cut order's line with its one worker x 480 = 8,880 x 6 x 0.6
    assert weeks[0].derived_minutes == 31_968


def test_hand_edits_survive_a_refresh(factory_org: Organization) -> None:
    _two_lines(factory_org)
    with tenant_context(factory_org):
        profile = CapacityProfileFactory()
        profiles.weeks_refresh(profile=profile, start=MONDAY, weeks=3)
        profiles.week_set(profile=profile, week_start=week(1), minutes=12_345, by=None)
        with tenant_context(factory_org):
            WorkerFactory(line=LineFactory(working_minutes_per_day=500))  # + 500 a day
        weeks = profiles.weeks_refresh(profile=profile, start=MONDAY, weeks=3)
    # 8,900 x 6 x 0.65 = 34,710
    assert [(w.derived_minutes, w.available_minutes, w.edited) for w in weeks] == [
        (34_710, 34_710, False),
        (34_710, 12_345, True),
        (34_710, 34_710, False),
    ]
    with tenant_context(factory_org):
        reset = profiles.week_reset(profile=profile, week_start=week(1), by=None)
    assert (reset.available_minutes, reset.edited) == (34_710, False)


def test_factory_without_shopfloor_lines_is_derived_from_its_profile(
    factory_org: Organization,
) -> None:
    with tenant_context(factory_org):
        profile = CapacityProfileFactory(lines=3, operators_per_line=25)
        weeks = profiles.weeks_refresh(profile=profile, start=MONDAY, weeks=1)
    # 3 x 25 x 480 x 6 x 0.65
    assert weeks[0].derived_minutes == 140_400


@pytest.mark.parametrize(
    ("week_start", "minutes", "field"),
    [(MONDAY + dt.timedelta(days=1), 100, "week_start"), (MONDAY, -1, "minutes")],
)
def test_week_set_names_the_bad_field(
    factory_org: Organization, week_start: dt.date, minutes: int, field: str
) -> None:
    with tenant_context(factory_org):
        profile = CapacityProfileFactory()
        with pytest.raises(ValidationError) as caught:
            profiles.week_set(profile=profile, week_start=week_start, minutes=minutes, by=None)
    assert list(caught.value.message_dict) == [field]
    assert not CapacityWeek.unscoped.filter(profile=profile).exists()


# --- free minutes ----------------------------------------------------------------------


def test_free_minutes_subtract_offered_and_accepted_allocations_of_any_cluster(
    factory_org: Organization,
) -> None:
    with tenant_context(factory_org):
        profile = CapacityProfileFactory()
        for n in range(4):
            CapacityWeekFactory(profile=profile, week_start=week(n), available_minutes=40_000)
    brand = BrandFactory()
    orders = []
    for _ in range(2):  # two clusters of two operators
        operator = OperatorFactory()
        with tenant_context(operator):
            cluster = ClusterFactory()
            orders.append(ClusterOrderFactory(cluster=cluster, brand=brand))  # 12.5 SMV
    with tenant_context(orders[0].tenant):
        # 500 x 12.5 = 6,250 due on the Wednesday of week 2
        AllocationFactory(
            order=orders[0], factory=factory_org, ready_date=week(2) + dt.timedelta(days=2)
        )
        # not promised: ignored
        for status in (
            AllocationStatus.PROPOSED,
            AllocationStatus.DECLINED,
            AllocationStatus.CANCELLED,
        ):
            AllocationFactory(
                order=orders[0], factory=factory_org, ready_date=week(2), status=status
            )
        # another factory's allocation: ignored
        AllocationFactory(order=orders[0], factory=OrganizationFactory(), ready_date=week(2))
    with tenant_context(orders[1].tenant):
        # 4,000 x 12.5 = 50,000 due in week 1: fills week 1, then 10,000 of week 0
        AllocationFactory(
            order=orders[1],
            factory=factory_org,
            ready_date=week(1),
            quantity=4000,
            status=AllocationStatus.OFFERED,
        )

    free = profiles.free_minutes(factory_org, [week(n) for n in range(5)])

    assert free == {week(0): 30_000, week(1): 0, week(2): 33_750, week(3): 40_000, week(4): 0}


def test_quality_of_reads_the_last_90_days(factory_org: Organization) -> None:
    record = profiles.quality_of(factory_org)
    assert (record.until - record.since).days == 89
    assert (record.pieces_checked, record.dhu) == (0, None)


# --- the profile page ------------------------------------------------------------------


def test_factory_edits_its_profile_on_the_page(
    factory_org: Organization, client_as: Callable[[Organization, str], Client]
) -> None:
    client = client_as(factory_org, Role.PLANNER)
    page = client.get(reverse("cluster:profile"))
    assert page.status_code == 200
    assert page.content.decode().count('name="minutes"') == profiles.WEEKS_AHEAD

    response = client.post(
        reverse("cluster:profile"),
        {
            "capabilities": ["knits", "denim"],
            "style_notes": "Tees, polos",
            "lines": "3",
            "operators_per_line": "22",
            "certifications": "BSCI, WRAP",
            "city": "Foshan",
            "province": "Guangdong",
            "min_order_qty": "300",
            "cost_per_minute": "0.62",
            "machine_SNLS": "40",
            "machine_OL4": "",
        },
    )
    assert response.status_code == 302
    profile = CapacityProfile.unscoped.get(tenant=factory_org)
    assert (profile.capabilities, profile.lines, profile.certifications) == (
        ["knits", "denim"],
        3,
        ["BSCI", "WRAP"],
    )
    assert profiles.machine_park(profile) == {"SNLS": 40}


def test_profile_page_shows_errors(
    factory_org: Organization, client_as: Callable[[Organization, str], Client]
) -> None:
    client = client_as(factory_org, Role.OWNER)
    response = client.post(reverse("cluster:profile"), {"lines": "-1", "capabilities": ["x"]})
    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()


def test_factory_sets_a_week_on_the_page(
    factory_org: Organization, client_as: Callable[[Organization, str], Client]
) -> None:
    client = client_as(factory_org, Role.OWNER)
    client.get(reverse("cluster:profile"))
    with tenant_context(factory_org):
        first = profiles.coming_weeks()[0]
    response = client.post(
        reverse("cluster:profile_weeks"),
        {"action": "set", "week_start": first.isoformat(), "minutes": "9999"},
        follow=True,
    )
    assert f"The week of {first.isoformat()} is saved." in response.content.decode()
    row = CapacityWeek.unscoped.get(tenant=factory_org, week_start=first)
    assert (row.available_minutes, row.edited) == (9999, True)

    client.post(reverse("cluster:profile_weeks"), {"action": "recompute"})
    assert CapacityWeek.unscoped.get(pk=row.pk).available_minutes == 9999


def test_only_factories_keep_a_profile(client_as: Callable[[Organization, str], Client]) -> None:
    brand = BrandFactory()
    client = client_as(brand, Role.BRAND_BUYER)
    assert client.get(reverse("cluster:profile")).status_code == 403
    assert not CapacityProfile.unscoped.filter(tenant=brand).exists()


def test_a_role_without_cluster_manage_reads_but_does_not_change(
    factory_org: Organization, client_as: Callable[[Organization, str], Client]
) -> None:
    client = client_as(factory_org, Role.INSPECTOR)
    assert client.get(reverse("cluster:profile")).status_code == 403  # no CLUSTER_VIEW either
    assert client.post(reverse("cluster:profile_weeks"), {"action": "recompute"}).status_code == 403
