"""Workers: one row per person on the roster, created or updated by employee number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seamline.dataio.specs.base import (
    CodedRow,
    ImportResult,
    Spec,
    duplicates,
    upsert_by_code,
)
from seamline.dataio.tables import Cells, Column, RowError, Table
from seamline.shopfloor.choices import PayType
from seamline.shopfloor.models import Line, Worker

FIELDS = {
    "code": "code",
    "name": "name",
    "line": "line",
    "skill_grade": "skill_grade",
    "pay_type": "pay_type",
    "hourly_rate": "hourly_rate",
    "phone": "phone",
    "hired_on": "hired_on",
    "is_active": "active",
}


class WorkerSpec(Spec):
    kind = "workers"
    label = gettext_lazy("Workers")
    columns = (
        Column("code", gettext_lazy("Employee no."), ("工号", "员工编号"), required=True),
        Column("name", gettext_lazy("Name"), ("姓名",), required=True),
        Column("line", gettext_lazy("Line"), ("产线", "组别", "生产线")),
        Column("skill_grade", gettext_lazy("Skill grade"), ("技能等级",)),
        Column("pay_type", gettext_lazy("Pay type"), ("计薪方式",)),
        Column("hourly_rate", gettext_lazy("Hourly rate"), ("时薪",)),
        Column("phone", gettext_lazy("Phone"), ("电话", "手机")),
        Column("hired_on", gettext_lazy("Hired on"), ("入职日期",)),
        Column("active", gettext_lazy("Active"), ("在职",)),
    )
    example = {
        "code": "W0001",
        "name": "Li Na",
        "line": "L1",
        "skill_grade": 3,
        "pay_type": PayType.PIECE.value,
        "hourly_rate": Decimal("0.00"),
        "phone": "13800000000",
        "hired_on": dt.date(2024, 3, 1),
        "active": True,
    }

    def validate(self, table: Table) -> tuple[list[CodedRow], list[RowError]]:
        errors: list[RowError] = []
        duplicates(table, table.rows, "code", errors)
        line_codes = {row.get("line") for row in table.rows if row.get("line")}
        lines = {line.code: line for line in Line.objects.filter(code__in=line_codes)}
        plan = []
        for row in table.rows:
            cells = Cells(table, row, errors)
            line = None
            if line_code := row.get("line"):
                line = lines.get(line_code)
                if line is None:
                    cells.error("line", _("Unknown line “%(code)s”.") % {"code": line_code})
            values = {
                "code": cells.text("code", required=True, max_length=20),
                "name": cells.text("name", required=True, max_length=100),
                "line": line,
                "skill_grade": cells.integer("skill_grade", default=2, minimum=1, maximum=5),
                "pay_type": cells.choice("pay_type", PayType, default=PayType.PIECE),
                "hourly_rate": cells.decimal(
                    "hourly_rate", places=2, max_digits=10, default=Decimal("0")
                ),
                "phone": cells.text("phone", max_length=30),
                "hired_on": cells.date("hired_on"),
                "is_active": cells.boolean("active", default=True),
            }
            plan.append(CodedRow(row.number, values))
        return plan, errors

    def write(self, plan: list[CodedRow], *, table: Table, by: Any) -> ImportResult:
        return upsert_by_code(Worker, plan, kind=self.kind, table=table, fields=FIELDS)

    def export_rows(self) -> Iterable[Sequence[Any]]:
        for w in Worker.objects.select_related("line").order_by("code"):
            yield [
                w.code,
                w.name,
                w.line.code if w.line else "",
                w.skill_grade,
                w.pay_type,
                w.hourly_rate,
                w.phone,
                w.hired_on,
                w.is_active,
            ]
