"""Attendance: clocking in and out, setting a worker-day, the day sheet page and the API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.shopfloor.attendance import (
    at_time,
    attendance_set,
    clock_in,
    clock_out,
    day_sheet,
    factory_today,
)
from seamline.shopfloor.choices import AttendanceSource
from seamline.shopfloor.models import Attendance, Line, Worker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Organization, User
from tests.shopfloor.factories import LineFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crew(tenant_a: Organization) -> dict[str, Any]:
    with tenant_context(tenant_a):
        l1 = LineFactory(code="L1")
        l2 = LineFactory(code="L2")
        return {
            "l1": l1,
            "l2": l2,
            "w1": WorkerFactory(code="W001", name="Wang Fang", line=l1),
            "w2": WorkerFactory(code="W002", name="Zhang Wei", line=l2),
            "gone": WorkerFactory(code="W009", name="Left Already", line=l1, is_active=False),
        }


@pytest.fixture
def boss(tenant_a: Organization, member: Callable[..., User]) -> User:
    return member(tenant_a, Role.SUPERVISOR)


def _yesterday() -> dt.date:
    return factory_today() - dt.timedelta(days=1)


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    return at_time(day, dt.time.fromisoformat(hhmm))


def _fields(raised: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return sorted(raised.value.message_dict)


# --- services ------------------------------------------------------------------------------


def test_clock_in_and_out_make_one_worker_day(
    crew: dict[str, Any], boss: User, in_tenant_a: Organization
) -> None:
    day = _yesterday()
    row = clock_in(worker=crew["w1"], at=_at(day, "07:30"), by=boss)
    assert (row.day, row.line_id, row.clock_out, row.source) == (day, crew["l1"].pk, None, "manual")
    clock_out(worker=crew["w1"], at=_at(day, "17:00"), by=boss)
    row.refresh_from_db()
    assert row.attended_minutes() == 570
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "object_id")) == [
        ("attendance.clock_in", str(row.pk)),
        ("attendance.clock_out", str(row.pk)),
    ]


def test_clock_refusals_name_the_field(
    crew: dict[str, Any], boss: User, in_tenant_a: Organization
) -> None:
    day = _yesterday()
    with pytest.raises(ValidationError) as raised:
        clock_out(worker=crew["w1"], at=_at(day, "17:00"), by=boss)
    assert _fields(raised) == ["clock_out"]
    clock_in(worker=crew["w1"], at=_at(day, "08:00"), by=boss)
    with pytest.raises(ValidationError) as raised:
        clock_in(worker=crew["w1"], at=_at(day, "09:00"), by=boss)
    assert _fields(raised) == ["clock_in"]
    assert "already clocked in at 08:00" in raised.value.messages[0]
    with pytest.raises(ValidationError) as raised:
        clock_out(worker=crew["w1"], at=_at(day, "07:00"), by=boss)
    assert _fields(raised) == ["clock_out"]
    with pytest.raises(ValidationError) as raised:
        clock_in(worker=crew["w2"], at=timezone.now() + dt.timedelta(hours=2), by=boss)
    assert raised.value.message_dict["clock_in"] == ["The clock-in is in the future."]
    with pytest.raises(ValidationError) as raised:
        clock_in(worker=crew["gone"], at=_at(day, "08:00"), by=boss)
    assert _fields(raised) == ["worker"]
    assert Attendance.objects.count() == 1
    assert AuditEntry.objects.count() == 1


def test_attendance_set_creates_then_updates(
    crew: dict[str, Any], boss: User, in_tenant_a: Organization
) -> None:
    day = _yesterday()
    row = attendance_set(
        worker=crew["w2"],
        day=day,
        clock_in=_at(day, "07:00"),
        clock_out=_at(day, "16:00"),
        break_minutes=60,
        note=" late bus ",
        by=boss,
    )
    assert (row.line_id, row.note, row.attended_minutes()) == (crew["l2"].pk, "late bus", 480)
    same = attendance_set(
        worker=crew["w2"],
        day=day,
        clock_in=_at(day, "07:00"),
        clock_out=_at(day, "18:00"),
        break_minutes=60,
        note="late bus",
        by=boss,
        source=AttendanceSource.API,
    )
    assert same.pk == row.pk
    row.refresh_from_db()
    assert (row.attended_minutes(), row.source) == (600, "api")
    update = AuditEntry.objects.get(action="attendance.update")
    assert sorted(update.data) == ["clock_out", "source"]
    assert AuditEntry.objects.filter(action="attendance.create").count() == 1


@pytest.mark.parametrize(
    ("clock_in_at", "clock_out_at", "break_minutes", "fields"),
    [
        ("08:00", "07:00", 0, ["clock_out"]),
        ("08:00", "08:00", 0, ["clock_out"]),
        ("08:00", "09:00", 60, ["break_minutes"]),
        ("08:00", "17:00", 2000, ["break_minutes"]),
        ("other-day", "17:00", 0, ["clock_in"]),
    ],
)
def test_attendance_set_refuses_bad_times(
    crew: dict[str, Any],
    boss: User,
    in_tenant_a: Organization,
    clock_in_at: str,
    clock_out_at: str,
    break_minutes: int,
    fields: list[str],
) -> None:
    day = _yesterday()
    start = (
        _at(day - dt.timedelta(days=1), "08:00")
        if clock_in_at == "other-day"
        else _at(day, clock_in_at)
    )
    with pytest.raises(ValidationError) as raised:
        attendance_set(
            worker=crew["w1"],
            day=day,
            clock_in=start,
            clock_out=_at(day, clock_out_at),
            break_minutes=break_minutes,
            by=boss,
        )
    assert _fields(raised) == fields
    assert Attendance.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_attendance_set_refuses_the_future_and_workers_off_the_roster(
    crew: dict[str, Any], boss: User, in_tenant_a: Organization
) -> None:
    tomorrow = factory_today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        attendance_set(
            worker=crew["gone"],
            day=tomorrow,
            clock_in=_at(tomorrow, "08:00"),
            clock_out=None,
            break_minutes=0,
            by=boss,
        )
    assert _fields(raised) == ["clock_in", "day", "worker"]
    assert Attendance.objects.count() == 0


def test_day_sheet_lists_active_workers_of_the_line(
    crew: dict[str, Any], boss: User, in_tenant_a: Organization
) -> None:
    day = _yesterday()
    clock_in(worker=crew["w1"], at=_at(day, "08:00"), by=boss)
    sheet = day_sheet(day=day)
    assert [(r.worker.code, r.attendance is not None) for r in sheet] == [
        ("W001", True),
        ("W002", False),
    ]
    assert sheet[0].minutes == 0  # still in on a past day: no hours until clocked out
    assert [r.worker.code for r in day_sheet(day=day, line_id=crew["l2"].pk)] == ["W002"]


# --- pages ---------------------------------------------------------------------------------


def test_day_sheet_clocks_in_and_out(
    crew: dict[str, Any], supervisor_a: Client, tenant_a: Organization
) -> None:
    sheet = reverse("shopfloor:attendance")
    page = supervisor_a.get(sheet)
    assert page.status_code == 200
    assert [r.worker.code for r in page.context["rows"]] == ["W001", "W002"]
    clock = reverse("shopfloor:attendance_clock", args=[crew["w1"].pk])
    assert clock.encode() in page.content
    response = supervisor_a.post(clock, {"action": "in", "line": crew["l1"].pk})
    assert response.status_code == 302
    assert f"line={crew['l1'].pk}" in response["Location"]
    page = supervisor_a.get(sheet)
    assert page.context["rows"][0].is_in
    assert b"Clock out" in page.content
    again = supervisor_a.post(clock, {"action": "in"}, follow=True)
    assert b"already clocked in" in again.content
    with tenant_context(tenant_a):
        row = Attendance.objects.get(worker=crew["w1"])
        # A clock-out a moment later is still after it, and on the same factory day (a few
        # minutes after midnight the day began less than five minutes ago).
        local = timezone.localtime(row.clock_in, ZoneInfo(tenant_a.time_zone))
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        row.clock_in = max(row.clock_in - dt.timedelta(minutes=5), midnight)
        row.save(update_fields=["clock_in"])
    supervisor_a.post(clock, {"action": "out"})
    with tenant_context(tenant_a):
        row.refresh_from_db()
        assert row.clock_out is not None
        assert row.day == factory_today()


def test_day_sheet_of_a_line_and_a_day(crew: dict[str, Any], supervisor_a: Client) -> None:
    page = supervisor_a.get(
        reverse("shopfloor:attendance"), {"day": "2026-01-05", "line": crew["l2"].pk}
    )
    assert [r.worker.code for r in page.context["rows"]] == ["W002"]
    assert page.context["day"] == dt.date(2026, 1, 5)
    assert b"Clock in" not in page.content  # buttons only on today's sheet


def test_edit_page_sets_a_worker_day(
    crew: dict[str, Any], supervisor_a: Client, tenant_a: Organization
) -> None:
    day = "2026-01-05"
    url = reverse("shopfloor:attendance_edit", args=[crew["w1"].pk]) + f"?day={day}"
    assert supervisor_a.get(url).status_code == 200
    bad = supervisor_a.post(url, {"clock_in": "08:00", "clock_out": "07:00", "break_minutes": 0})
    assert bad.status_code == 200
    assert bad.context["form"].errors["clock_out"] == ["The clock-out must be after the clock-in."]
    done = supervisor_a.post(
        url, {"clock_in": "08:00", "clock_out": "17:30", "break_minutes": 30, "note": "ok"}
    )
    assert done.status_code == 302
    with tenant_context(tenant_a):
        row = Attendance.objects.get(worker=crew["w1"], day=dt.date(2026, 1, 5))
        assert (row.attended_minutes(), row.note) == (540, "ok")
        assert row.clock_in.astimezone(dt.timezone(dt.timedelta(hours=8))).hour == 8
    again = supervisor_a.get(url)
    assert again.context["form"].initial["clock_in"] == dt.time(8, 0)


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRAND_BUYER, Role.PLANNER])
def test_only_attendance_editors_change_attendance(
    crew: dict[str, Any],
    client_as: Callable[[Organization, str], Client],
    tenant_a: Organization,
    role: str,
) -> None:
    client = client_as(tenant_a, role)
    pk = crew["w1"].pk
    assert (
        client.post(reverse("shopfloor:attendance_clock", args=[pk]), {"action": "in"}).status_code
        == 403
    )
    edit = reverse("shopfloor:attendance_edit", args=[pk]) + "?day=2026-01-05"
    assert client.post(edit, {"clock_in": "08:00", "break_minutes": 0}).status_code == 403
    with tenant_context(tenant_a):
        assert Attendance.objects.count() == 0
    looks = client.get(reverse("shopfloor:attendance")).status_code
    assert looks == (200 if role == Role.PLANNER else 403)


# --- API -----------------------------------------------------------------------------------


def _json(client: Client, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def supervisor_api(api_client_as: Callable[..., Client], tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.SUPERVISOR)


def test_api_sets_lists_and_clocks(
    crew: dict[str, Any], supervisor_api: Client, tenant_a: Organization
) -> None:
    body = {
        "worker": "w001",
        "day": "2026-01-05",
        "clock_in": "08:00",
        "clock_out": "17:00",
        "break_minutes": 60,
        "note": "",
    }
    put = _json(supervisor_api, "put", reverse("api:attendance_set"), body)
    assert put.status_code == 200
    assert (put.json()["worker"], put.json()["attended_minutes"]) == ("W001", 480)
    assert put.json()["attended_hours"] == "8.00"
    listed = supervisor_api.get(
        reverse("api:attendance_list"), {"day": "2026-01-05", "line_id": crew["l1"].pk}
    ).json()
    assert [(r["worker"], r["source"]) for r in listed] == [("W001", "api")]
    clocked = _json(
        supervisor_api, "post", reverse("api:attendance_clock"), {"worker": "W002", "action": "in"}
    )
    assert clocked.status_code == 200
    assert clocked.json()["clock_in"] is not None
    with tenant_context(tenant_a):
        assert Attendance.objects.get(worker=crew["w2"]).day == factory_today()
    today = supervisor_api.get(reverse("api:attendance_list")).json()
    assert [r["worker"] for r in today] == ["W001", "W002"]


def test_api_refusals_are_422_naming_the_field(
    crew: dict[str, Any], supervisor_api: Client, tenant_a: Organization
) -> None:
    url = reverse("api:attendance_set")
    base = {"worker": "W001", "day": "2026-01-05", "clock_in": "08:00"}
    late = _json(supervisor_api, "put", url, {**base, "clock_out": "07:00"})
    assert late.status_code == 422
    assert [e["loc"] for e in late.json()["errors"]] == [["body", "clock_out"]]
    nobody = _json(supervisor_api, "put", url, {**base, "worker": "NOBODY"})
    assert [e["loc"] for e in nobody.json()["errors"]] == [["body", "worker"]]
    garbled = _json(supervisor_api, "put", url, {**base, "clock_in": "8 o'clock"})
    assert garbled.status_code == 422
    assert "clock_in" in garbled.json()["errors"][0]["loc"]
    out = _json(
        supervisor_api, "post", reverse("api:attendance_clock"), {"worker": "W001", "action": "out"}
    )
    assert [e["loc"] for e in out.json()["errors"]] == [["body", "clock_out"]]
    with tenant_context(tenant_a):
        assert Attendance.objects.count() == 0


def test_api_denies_roles_without_the_permission(
    crew: dict[str, Any], api_client_as: Callable[..., Client], tenant_a: Organization
) -> None:
    worker = api_client_as(tenant_a, Role.WORKER)
    assert worker.get(reverse("api:attendance_list")).status_code == 403
    planner = api_client_as(tenant_a, Role.PLANNER)
    assert planner.get(reverse("api:attendance_list")).status_code == 200
    body = {"worker": "W001", "action": "in"}
    assert _json(planner, "post", reverse("api:attendance_clock"), body).status_code == 403
    with tenant_context(tenant_a):
        assert Attendance.objects.count() == 0
        assert Line.objects.count() == 2
        assert Worker.objects.count() == 3


def test_day_sheet_reads_in_a_fixed_number_of_queries(
    crew: dict[str, Any], supervisor_a: Client, django_assert_max_num_queries: Any
) -> None:
    with tenant_context(crew["w1"].tenant):
        for n in range(10):
            WorkerFactory(code=f"X{n:03d}", line=crew["l1"])
    with django_assert_max_num_queries(10):
        assert supervisor_a.get(reverse("shopfloor:attendance")).status_code == 200
