"""Attendance: one row per worker and day, matched by employee no. + date (created or replaced).

Clock times are HH:MM of the factory's own clock; an empty clock-out means still in. The rules
are the attendance service's (clock-out after clock-in, nothing in the future, the worker on
the roster), checked for the whole file before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seamline.dataio.specs.base import ImportResult, Spec
from seamline.dataio.tables import Cells, Column, Row, RowError, Table
from seamline.shopfloor.attendance import (
    MAX_BREAK,
    NOTE_MAX,
    at_time,
    attendance_problems,
    local_time,
)
from seamline.shopfloor.choices import AttendanceSource
from seamline.shopfloor.models import Attendance, Worker
from seamline.tenancy.context import require_tenant

# Which column each of the service's fields is reported under.
COLUMNS = {
    "worker": "worker_no",
    "day": "date",
    "clock_in": "clock_in",
    "clock_out": "clock_out",
    "break_minutes": "break_minutes",
    "note": "note",
}
# "08:30", "8:30", "08:30:00", or an Excel time cell read as "1899-12-30 08:30:00".
_TIME = re.compile(r"^(?:\d{4}-\d{2}-\d{2}[ T])?(\d{1,2})[:：](\d{2})(?::(\d{2}))?$")


@dataclass
class AttendanceRow:
    number: int
    worker: Worker
    day: dt.date
    clock_in: dt.datetime
    clock_out: dt.datetime | None
    break_minutes: int
    note: str


def _time(cells: Cells, key: str, *, required: bool) -> dt.time | None:
    raw = cells.row.get(key)
    if not raw:
        if required:
            cells.error(key, _("A time is required (HH:MM)."))
        return None
    match = _TIME.match(raw)
    if match is not None:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    cells.error(key, _("“%(value)s” is not a time; write it as HH:MM.") % {"value": raw})
    return None


class AttendanceSpec(Spec):
    kind = "attendance"
    label = gettext_lazy("Attendance")
    columns = (
        Column(
            "worker_no",
            gettext_lazy("Worker no."),
            ("Worker no.", "Employee no.", "工号", "员工编号"),
            required=True,
        ),
        Column("date", gettext_lazy("Date"), ("Day", "日期"), required=True),
        Column("clock_in", gettext_lazy("Clock-in"), ("上班", "上班时间", "签到"), required=True),
        Column("clock_out", gettext_lazy("Clock-out"), ("下班", "下班时间", "签退")),
        Column(
            "break_minutes",
            gettext_lazy("Break minutes"),
            ("Break (min)", "休息分钟", "休息(分钟)", "休息"),
        ),
        Column("note", gettext_lazy("Note"), ("备注",)),
    )
    example = {
        "worker_no": "W0001",
        "date": dt.date(2027, 3, 1),
        "clock_in": "07:30",
        "clock_out": "17:30",
        "break_minutes": 60,
        "note": "",
    }

    def validate(self, table: Table) -> tuple[list[AttendanceRow], list[RowError]]:
        errors: list[RowError] = []
        codes = {row.get("worker_no") for row in table.rows if row.get("worker_no")}
        workers = {w.code.upper(): w for w in Worker.objects.filter(code__in=codes)}
        if any(code.upper() not in workers for code in codes):  # written in another case
            workers = {w.code.upper(): w for w in Worker.objects.all()}
        seen: dict[tuple[int, dt.date], int] = {}
        plan: list[AttendanceRow] = []
        for row in table.rows:
            item = self._row(table, row, workers, errors)
            if item is None:
                continue
            first = seen.setdefault((item.worker.pk, item.day), row.number)
            if first != row.number:
                errors.append(
                    RowError(
                        row.number,
                        table.header("date"),
                        _("%(worker)s on %(day)s is already on row %(row)s.")
                        % {"worker": item.worker.code, "day": item.day.isoformat(), "row": first},
                    )
                )
                continue
            plan.append(item)
        return plan, errors

    def _row(
        self, table: Table, row: Row, workers: dict[str, Worker], errors: list[RowError]
    ) -> AttendanceRow | None:
        cells = Cells(table, row, errors)
        before = len(errors)
        code = cells.text("worker_no", required=True, max_length=20)
        worker = workers.get(code.upper()) if code else None
        if code and worker is None:
            cells.error(
                "worker_no", _("Worker %(worker)s is not on the roster.") % {"worker": code}
            )
        day = cells.date("date", required=True)
        start = _time(cells, "clock_in", required=True)
        end = _time(cells, "clock_out", required=False)
        break_minutes = cells.integer("break_minutes", default=0, minimum=0, maximum=MAX_BREAK)
        note = cells.text("note", max_length=NOTE_MAX)
        if len(errors) > before or worker is None or day is None or start is None:
            return None
        clock_in = at_time(day, start)
        clock_out = at_time(day, end) if end is not None else None
        for field, message in attendance_problems(
            worker=worker,
            day=day,
            clock_in=clock_in,
            clock_out=clock_out,
            break_minutes=break_minutes or 0,
        ).items():
            cells.error(COLUMNS[field], message)
        if len(errors) > before:
            return None
        return AttendanceRow(row.number, worker, day, clock_in, clock_out, break_minutes or 0, note)

    def write(self, plan: list[AttendanceRow], *, table: Table, by: Any) -> ImportResult:
        existing = {
            (a.worker_id, a.day): a
            for a in Attendance.objects.filter(
                worker__in={item.worker.pk for item in plan},
                day__in={item.day for item in plan},
            )
        }
        result = ImportResult(self.kind, rows=len(plan))
        tenant = require_tenant()
        for item in plan:
            row = existing.get((item.worker.pk, item.day))
            if row is None:
                row = Attendance(tenant=tenant, worker=item.worker, day=item.day)
                result.created += 1
            else:
                result.updated += 1
            row.line_id = item.worker.line_id
            row.clock_in = item.clock_in
            row.clock_out = item.clock_out
            row.break_minutes = item.break_minutes
            row.note = item.note
            row.source = AttendanceSource.IMPORT
            row.save()
        return result

    def export_rows(self) -> Iterable[Sequence[Any]]:
        rows = Attendance.objects.select_related("worker").order_by("day", "worker__code")
        for a in rows:
            start, end = local_time(a.clock_in), local_time(a.clock_out)
            yield [
                a.worker.code,
                a.day,
                start.strftime("%H:%M") if start else "",
                end.strftime("%H:%M") if end else "",
                a.break_minutes,
                a.note,
            ]
