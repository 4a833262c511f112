"""Materials: one row per material, created or updated by code."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seamline.catalog.choices import MaterialKind, Unit
from seamline.catalog.models import Material
from seamline.dataio.specs.base import (
    CodedRow,
    ImportResult,
    Spec,
    duplicates,
    upsert_by_code,
)
from seamline.dataio.tables import Cells, Column, RowError, Table
from seamline.tenancy.context import require_tenant

FIELDS = {
    "code": "code",
    "name": "name",
    "kind": "kind",
    "unit": "unit",
    "width_cm": "width_cm",
    "composition": "composition",
    "supplier": "supplier",
    "unit_price": "unit_price",
    "currency": "currency",
}


def currency(cells: Cells, key: str, default: str) -> str:
    value = cells.text(key).upper() or default
    if len(value) != 3 or not value.isalpha():
        cells.error(key, _("A currency is a 3-letter code such as CNY or USD."))
    return value


class MaterialSpec(Spec):
    kind = "materials"
    label = gettext_lazy("Materials")
    columns = (
        Column("code", gettext_lazy("Code"), ("编码", "物料编码"), required=True),
        Column("name", gettext_lazy("Name"), ("名称", "物料名称"), required=True),
        Column("kind", gettext_lazy("Kind"), ("类别", "类型")),
        Column("unit", gettext_lazy("Unit"), ("单位",)),
        Column("width_cm", gettext_lazy("Width (cm)"), ("门幅", "幅宽", "门幅(cm)")),
        Column("composition", gettext_lazy("Composition"), ("成分",)),
        Column("supplier", gettext_lazy("Supplier"), ("供应商",)),
        Column("unit_price", gettext_lazy("Unit price"), ("单价",)),
        Column("currency", gettext_lazy("Currency"), ("币种", "货币")),
    )
    example = {
        "code": "F-JER-180",
        "name": "Cotton jersey 180 g/m²",
        "kind": MaterialKind.FABRIC.value,
        "unit": Unit.METRE.value,
        "width_cm": Decimal("180.0"),
        "composition": "100% cotton",
        "supplier": "Keqiao Textiles",
        "unit_price": Decimal("18.50"),
        "currency": "CNY",
    }

    def validate(self, table: Table) -> tuple[list[CodedRow], list[RowError]]:
        errors: list[RowError] = []
        duplicates(table, table.rows, "code", errors)
        default_currency = require_tenant().currency
        plan = []
        for row in table.rows:
            cells = Cells(table, row, errors)
            values = {
                "code": cells.text("code", required=True, max_length=40),
                "name": cells.text("name", required=True, max_length=200),
                "kind": cells.choice("kind", MaterialKind, default=MaterialKind.FABRIC),
                "unit": cells.choice("unit", Unit, default=Unit.METRE),
                "width_cm": cells.decimal("width_cm", places=1, max_digits=6),
                "composition": cells.text("composition", max_length=120),
                "supplier": cells.text("supplier", max_length=200),
                "unit_price": cells.decimal(
                    "unit_price", places=4, max_digits=12, default=Decimal("0")
                ),
                "currency": currency(cells, "currency", default_currency),
            }
            plan.append(CodedRow(row.number, values))
        return plan, errors

    def write(self, plan: list[CodedRow], *, table: Table, by: Any) -> ImportResult:
        return upsert_by_code(Material, plan, kind=self.kind, table=table, fields=FIELDS)

    def export_rows(self) -> Iterable[Sequence[Any]]:
        for m in Material.objects.order_by("code"):
            yield [
                m.code,
                m.name,
                m.kind,
                m.unit,
                m.width_cm,
                m.composition,
                m.supplier,
                m.unit_price,
                m.currency,
            ]
