"""Attendance: when each worker clocked in and out, the hours that efficiency is measured over.

One row per worker and day. Days and clock times are the factory's own (its time zone), not
the server's: a clock-in at 07:30 in Shanghai belongs to that Shanghai day. The line stored
on the row is the worker's line at the time it was written, so moving a worker to another
line later does not move their past hours.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from seamline.shopfloor.choices import AttendanceSource
from seamline.shopfloor.models import Attendance, Worker
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

NOTE_MAX = 200
MAX_BREAK = 24 * 60
# A clock a little ahead of the server's is not "the future".
CLOCK_SLACK = dt.timedelta(minutes=2)


def factory_zone() -> zoneinfo.ZoneInfo:
    """The active tenant's time zone (the default factory zone if it names none we know)."""
    try:
        return zoneinfo.ZoneInfo(require_tenant().time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.DEFAULT_TENANT_TIME_ZONE)


def factory_today() -> dt.date:
    return timezone.now().astimezone(factory_zone()).date()


def at_time(day: dt.date, time: dt.time) -> dt.datetime:
    """`time` on `day` in the factory's zone, as an aware datetime."""
    return dt.datetime.combine(day, time.replace(tzinfo=None), tzinfo=factory_zone())


def local_time(value: dt.datetime | None) -> dt.time | None:
    """The factory's wall-clock time of an aware datetime."""
    return None if value is None else value.astimezone(factory_zone()).time()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else value.replace(tzinfo=factory_zone())


def _hhmm(value: dt.datetime) -> str:
    return time_format(value.astimezone(factory_zone()), "H:i")


def attendance_problems(
    *,
    worker: Worker,
    day: dt.date,
    clock_in: dt.datetime,
    clock_out: dt.datetime | None,
    break_minutes: int,
    now: dt.datetime | None = None,
) -> dict[str, str]:
    """Every rule a worker-day breaks, by field name; empty when the day is fine."""
    now = now or timezone.now()
    zone = factory_zone()
    problems: dict[str, str] = {}
    if not worker.is_active:
        problems["worker"] = _("%(worker)s is not on the roster.") % {"worker": worker.code}
    if day > now.astimezone(zone).date():
        problems["day"] = _("The day is in the future.")
    if clock_in.astimezone(zone).date() != day:
        problems["clock_in"] = _("The clock-in must fall on %(day)s (factory time).") % {
            "day": day.isoformat()
        }
    elif clock_in > now + CLOCK_SLACK:
        problems["clock_in"] = _("The clock-in is in the future.")
    if clock_out is not None:
        if clock_out <= clock_in:
            problems["clock_out"] = _("The clock-out must be after the clock-in.")
        elif clock_out > now + CLOCK_SLACK:
            problems["clock_out"] = _("The clock-out is in the future.")
    if break_minutes < 0 or break_minutes > MAX_BREAK:
        problems["break_minutes"] = _("The break must be between 0 and %(max)s minutes.") % {
            "max": MAX_BREAK
        }
    elif clock_out is not None and "clock_out" not in problems:
        span = int((clock_out - clock_in).total_seconds() // 60)
        if break_minutes >= span:
            problems["break_minutes"] = _(
                "The break (%(break)s min) must be shorter than the time between clock-in and "
                "clock-out (%(span)s min)."
            ) % {"break": break_minutes, "span": span}
    return problems


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(
            {name: ValidationError(message, code="invalid") for name, message in problems.items()}
        )


def _row(worker: Worker, day: dt.date) -> Attendance | None:
    return Attendance.objects.select_for_update().filter(worker=worker, day=day).first()


def _save_new(row: Attendance) -> None:
    """Insert, turning a lost race for the same worker-day into a clear refusal."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"day": _("Someone else recorded this worker's day meanwhile; look again.")}
        ) from exc


@transaction.atomic
def attendance_set(
    *,
    worker: Worker,
    day: dt.date,
    clock_in: dt.datetime,
    clock_out: dt.datetime | None,
    break_minutes: int,
    by: Any,
    source: str = AttendanceSource.MANUAL,
    note: str = "",
) -> Attendance:
    """Create or replace one worker-day."""
    clock_in = _aware(clock_in)
    clock_out = _aware(clock_out) if clock_out is not None else None
    note = (note or "").strip()
    problems = attendance_problems(
        worker=worker, day=day, clock_in=clock_in, clock_out=clock_out, break_minutes=break_minutes
    )
    if len(note) > NOTE_MAX:
        problems["note"] = _("At most %(max)s characters (this has %(n)s).") % {
            "max": NOTE_MAX,
            "n": len(note),
        }
    _raise(problems)
    values = {
        "line_id": worker.line_id,
        "clock_in": clock_in,
        "clock_out": clock_out,
        "break_minutes": break_minutes,
        "source": source,
        "note": note,
    }
    row = _row(worker, day)
    if row is None:
        row = Attendance(tenant=require_tenant(), worker=worker, day=day, **values)
        _save_new(row)
        audit_record(
            actor=by,
            action="attendance.create",
            obj=row,
            summary=f"{worker.code} {day.isoformat()}",
            data={"worker": worker.code, "day": day.isoformat(), **_plain(values)},
        )
        return row
    changed = {
        name: {"from": str(getattr(row, name)), "to": str(value)}
        for name, value in values.items()
        if getattr(row, name) != value
    }
    if changed:
        for name, value in values.items():
            setattr(row, name, value)
        row.save(update_fields=[name.removesuffix("_id") for name in changed])
        audit_record(
            actor=by,
            action="attendance.update",
            obj=row,
            summary=f"{worker.code} {day.isoformat()}",
            data=changed,
        )
    return row


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: value if isinstance(value, int | str) else str(value)
        for name, value in values.items()
    }


@transaction.atomic
def clock_in(
    *, worker: Worker, at: dt.datetime, by: Any, source: str = AttendanceSource.MANUAL
) -> Attendance:
    """Start the worker's day at `at` (the factory's day that `at` falls on)."""
    at = _aware(at)
    day = at.astimezone(factory_zone()).date()
    problems = attendance_problems(
        worker=worker, day=day, clock_in=at, clock_out=None, break_minutes=0
    )
    existing = _row(worker, day)
    if existing is not None and "clock_in" not in problems:
        problems["clock_in"] = _("%(worker)s already clocked in at %(time)s today.") % {
            "worker": worker.code,
            "time": _hhmm(existing.clock_in),
        }
    _raise(problems)
    row = Attendance(
        tenant=require_tenant(),
        worker=worker,
        day=day,
        line_id=worker.line_id,
        clock_in=at,
        source=source,
    )
    _save_new(row)
    audit_record(
        actor=by,
        action="attendance.clock_in",
        obj=row,
        summary=f"{worker.code} {day.isoformat()} {_hhmm(at)}",
        data={"worker": worker.code, "day": day.isoformat(), "at": at.isoformat()},
    )
    return row


@transaction.atomic
def clock_out(*, worker: Worker, at: dt.datetime, by: Any) -> Attendance:
    """End the worker's day at `at`; they must have clocked in earlier that day."""
    at = _aware(at)
    day = at.astimezone(factory_zone()).date()
    row = _row(worker, day)
    if row is None:
        _raise({"clock_out": _("%(worker)s has not clocked in today.") % {"worker": worker.code}})
        raise AssertionError  # unreachable: _raise raised
    if row.clock_out is not None:
        _raise(
            {
                "clock_out": _("%(worker)s already clocked out at %(time)s.")
                % {"worker": worker.code, "time": _hhmm(row.clock_out)}
            }
        )
    problems = attendance_problems(
        worker=worker,
        day=day,
        clock_in=row.clock_in,
        clock_out=at,
        break_minutes=row.break_minutes,
    )
    problems.pop("worker", None)  # someone taken off the roster may still clock out
    _raise(problems)
    row.clock_out = at
    row.save(update_fields=["clock_out"])
    audit_record(
        actor=by,
        action="attendance.clock_out",
        obj=row,
        summary=f"{worker.code} {day.isoformat()} {_hhmm(at)}",
        data={"worker": worker.code, "day": day.isoformat(), "at": at.isoformat()},
    )
    return row


# --- reads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    """One line of the day sheet: a worker and their attendance that day (None if absent)."""

    worker: Worker
    attendance: Attendance | None
    minutes: int

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def is_in(self) -> bool:
        return self.attendance is not None and self.attendance.clock_out is None


def _until(day: dt.date) -> dt.datetime | None:
    return timezone.now() if day == factory_today() else None


def sheet_row(*, worker: Worker, day: dt.date) -> SheetRow:
    """One worker's line of the day sheet."""
    row = Attendance.objects.filter(worker=worker, day=day).first()
    return SheetRow(worker, row, row.attended_minutes(until=_until(day)) if row else 0)


def day_sheet(*, day: dt.date, line_id: int | None = None) -> list[SheetRow]:
    """Every active worker (of the line, if given), plus anyone else who attended that day.

    A worker still clocked in today counts their hours until now.
    """
    workers = Worker.objects.select_related("line").filter(is_active=True)
    rows = Attendance.objects.select_related("worker__line").filter(day=day)
    if line_id:
        workers = workers.filter(line_id=line_id)
        rows = rows.filter(line_id=line_id)
    by_worker = {row.worker_id: row for row in rows}
    people = {w.pk: w for w in workers}
    for row in by_worker.values():
        people.setdefault(row.worker_id, row.worker)
    until = _until(day)
    sheet = []
    for worker in sorted(people.values(), key=lambda w: w.code):
        row = by_worker.get(worker.pk)
        minutes = row.attended_minutes(until=until) if row else 0
        sheet.append(SheetRow(worker, row, minutes))
    return sheet
