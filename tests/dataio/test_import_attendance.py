"""Attendance import: a good file writes every worker-day; a bad one names each row and field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.dataio.services import TableError, data_export, data_import
from seamline.dataio.specs import SPECS
from seamline.dataio.tables import RowError
from seamline.shopfloor.attendance import factory_today
from seamline.shopfloor.models import Attendance
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Organization
from tests.dataio.files import csv_bytes, make, read_csv
from tests.shopfloor.factories import WorkerFactory

pytestmark = pytest.mark.django_db

HEADERS = ["worker_no", "date", "clock_in", "clock_out", "break_minutes", "note"]


@pytest.fixture
def crew(in_tenant_a: Organization) -> dict[str, Any]:
    return {
        "w1": WorkerFactory(code="W001", name="Wang Fang"),
        "w2": WorkerFactory(code="W002", name="Zhang Wei"),
        "gone": WorkerFactory(code="W009", name="Left", is_active=False),
    }


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_good_file_writes_every_worker_day(crew: dict[str, Any], fmt: str) -> None:
    name, content = make(
        fmt,
        HEADERS,
        [
            ["W001", "2026-01-05", "07:30", "17:00", 60, "ok"],
            ["w002", "2026-01-05", "8:00", "", "", ""],
            ["W001", "2026-01-06", "07:45:00", "16:45", 30, ""],
        ],
    )
    result = data_import(kind="attendance", filename=name, content=content, by=None)
    assert (result.rows, result.created, result.updated) == (3, 3, 0)
    rows = {
        (a.worker.code, a.day): a
        for a in Attendance.objects.select_related("worker").order_by("day")
    }
    first = rows[("W001", dt.date(2026, 1, 5))]
    assert (first.attended_minutes(), first.note, first.source) == (510, "ok", "import")
    assert first.line_id == crew["w1"].line_id
    assert rows[("W002", dt.date(2026, 1, 5))].clock_out is None
    assert rows[("W001", dt.date(2026, 1, 6))].attended_minutes() == 510
    (audit,) = AuditEntry.objects.filter(action="dataio.import")
    assert (audit.data["kind"], audit.data["created"]) == ("attendance", 3)
    assert AuditEntry.objects.count() == 1  # one entry per import, not per row


def test_chinese_headers_and_a_second_import_replaces_the_day(crew: dict[str, Any]) -> None:
    headers = ["工号", "日期", "上班", "下班", "休息分钟", "备注"]
    data_import(
        kind="attendance",
        filename="a.csv",
        content=csv_bytes(headers, [["W001", "2026/01/05", "08:00", "17:00", "60", ""]]),
        by=None,
    )
    result = data_import(
        kind="attendance",
        filename="a.csv",
        content=csv_bytes(headers, [["W001", "2026-01-05", "08:00", "18:00", "60", "overtime"]]),
        by=None,
    )
    assert (result.created, result.updated) == (0, 1)
    (row,) = Attendance.objects.all()
    assert (row.attended_minutes(), row.note) == (540, "overtime")


def test_bad_rows_are_named_by_row_and_field_and_nothing_is_written(
    crew: dict[str, Any],
) -> None:
    future = (factory_today() + dt.timedelta(days=3)).isoformat()
    content = csv_bytes(
        HEADERS,
        [
            ["W001", "2026-01-05", "07:30", "17:00", "60", ""],  # fine
            ["NOBODY", "2026-01-05", "07:30", "17:00", "0", ""],
            ["W002", "2026-01-05", "17:00", "08:00", "0", ""],
            ["W002", "2026-01-06", "7h30", "", "", ""],
            ["W009", "2026-01-05", "08:00", "", "", ""],
            ["W002", future, "08:00", "", "", ""],
            ["W001", "2026-01-05", "08:00", "", "", ""],  # the same worker-day again
            ["W002", "2026-01-07", "08:00", "09:00", "90", ""],
            ["W002", "", "08:00", "", "", ""],
        ],
    )
    with pytest.raises(TableError) as raised:
        data_import(kind="attendance", filename="bad.csv", content=content, by=None)
    problems = [(e.row, e.column) for e in raised.value.errors]
    assert problems == [
        (3, "worker_no"),
        (4, "clock_out"),
        (5, "clock_in"),
        (6, "worker_no"),
        (7, "date"),
        (7, "clock_in"),
        (8, "date"),
        (9, "break_minutes"),
        (10, "date"),
    ]
    messages = {(e.row, e.column): e.message for e in raised.value.errors}
    assert messages[(3, "worker_no")] == "Worker NOBODY is not on the roster."
    assert messages[(4, "clock_out")] == "The clock-out must be after the clock-in."
    assert "is not a time" in messages[(5, "clock_in")]
    assert "already on row 2" in messages[(8, "date")]
    assert Attendance.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_missing_required_column(crew: dict[str, Any]) -> None:
    content = csv_bytes(["worker_no", "date"], [["W001", "2026-01-05"]])
    with pytest.raises(TableError) as raised:
        data_import(kind="attendance", filename="a.csv", content=content, by=None)
    assert raised.value.errors == [RowError(1, "clock_in", "Required column is missing.")]


def test_an_export_reimports_unchanged(crew: dict[str, Any]) -> None:
    data_import(
        kind="attendance",
        filename="a.csv",
        content=csv_bytes(
            HEADERS,
            [
                ["W002", "2026-01-05", "08:00", "17:00", "60", "=cmd"],
                ["W001", "2026-01-05", "07:30", "", "", ""],
            ],
        ),
        by=None,
    )
    exported = data_export(kind="attendance", fmt="csv")
    assert read_csv(exported) == [
        SPECS["attendance"].headers,
        ["W001", "2026-01-05", "07:30", "", "0", ""],
        ["W002", "2026-01-05", "08:00", "17:00", "60", "'=cmd"],
    ]
    for fmt in ("csv", "xlsx"):
        again = data_export(kind="attendance", fmt=fmt)
        result = data_import(kind="attendance", filename=f"x.{fmt}", content=again, by=None)
        assert (result.created, result.updated) == (0, 2)
        assert data_export(kind="attendance", fmt="csv") == exported


def test_importing_needs_the_data_import_permission(
    crew: dict[str, Any], supervisor_a: Client, owner_a: Client, tenant_a: Organization
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = csv_bytes(HEADERS, [["W001", "2026-01-05", "07:30", "17:00", "60", ""]])
    url = reverse("dataio:import", args=["attendance"])
    denied = supervisor_a.post(url, {"file": SimpleUploadedFile("a.csv", content)})
    assert denied.status_code == 403
    with tenant_context(tenant_a):
        assert Attendance.objects.count() == 0
    allowed = owner_a.post(url, {"file": SimpleUploadedFile("a.csv", content)})
    assert allowed.status_code == 302
    with tenant_context(tenant_a):
        assert Attendance.objects.count() == 1
