"""Imports per kind: a good file writes every row; a bad file reports every problem, no write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps

from seamline.catalog.models import (
    Colour,
    Material,
    Operation,
    OperationDependency,
    SizeGrid,
    Style,
)
from seamline.dataio.services import TableError, data_import
from seamline.dataio.tables import RowError
from seamline.orders.choices import OrderSource, OrderStatus
from seamline.orders.models import Order, OrderLine
from seamline.shopfloor.models import Worker
from seamline.tenancy.models import AuditEntry, TenantModel
from tests.catalog.factories import MaterialFactory, OperationFactory
from tests.dataio.files import csv_bytes, make, xlsx
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shopfloor.factories import WorkerFactory

pytestmark = pytest.mark.usefixtures("catalog_a")

STYLE_HEADERS = [
    "style_code", "style_name", "customer_code", "category", "season", "size_grid", "sizes",
    "colours", "op_no", "operation", "section", "machine", "smv", "piece_rate", "skill_grade",
    "after",
]  # fmt: skip
MATERIAL_HEADERS = [
    "code", "name", "kind", "unit", "width_cm", "composition", "supplier", "unit_price", "currency"
]  # fmt: skip
WORKER_HEADERS = [
    "code", "name", "line", "skill_grade", "pay_type", "hourly_rate", "phone", "hired_on", "active"
]  # fmt: skip
ORDER_HEADERS = [
    "order_no", "customer_code", "customer_po", "delivery_date", "currency", "style_code",
    "colour", "size", "quantity", "unit_price",
]  # fmt: skip
NO_OPS = ["", "", "", "", "", "", "", ""]


def _counts() -> dict[str, int]:
    """Rows of every tenant-owned table: an import that fails must leave all of them alone."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if issubclass(model, TenantModel)
    }


def _rejected(kind: str, filename: str, content: bytes) -> list[RowError]:
    before = _counts()
    with pytest.raises(TableError) as caught:
        data_import(kind=kind, filename=filename, content=content, by=None)
    assert _counts() == before
    return caught.value.errors


# --- styles --------------------------------------------------------------------------------

GOOD_STYLES = [
    ["PO-9", "Polo", "ACME", "polo", "SS27", "NUM", "28|30|32", "WHT|RED",
     1, "Join shoulders", "assembly", "OL4", 0.35, 0.08, 2, ""],
    ["PO-9", "", "", "", "", "", "", "",
     2, "Attach collar", "Collar", "SNLS", "0.5", "0.1", 3, "1"],
    ["PO-9", "Polo", "", "", "", "", "", "",
     3, "Hem", "finishing", "FL", 0.4, "", "", "1|2"],
    ["TS-1", "Tee v2", "ACME", "T-shirt / knit top", "AW27", "ALPHA", "", "WHT", *NO_OPS],
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_styles_import_creates_bulletins_grids_and_colours(fmt: str) -> None:
    filename, content = make(fmt, STYLE_HEADERS, GOOD_STYLES)

    result = data_import(kind="styles", filename=filename, content=content, by=None)

    assert (result.rows, result.created, result.updated) == (4, 1, 1)
    assert result.details == {"operations": 3}
    polo = Style.objects.get(code="PO-9")
    assert (polo.name, polo.customer.code, polo.category, polo.season) == (
        "Polo",
        "ACME",
        "polo",
        "SS27",
    )
    assert list(polo.size_grid.sizes.values_list("code", flat=True)) == ["28", "30", "32"]
    assert sorted(polo.style_colours.values_list("colour__code", flat=True)) == ["RED", "WHT"]
    ops = list(polo.operations.order_by("sequence"))
    assert [(o.sequence, o.name, o.section, o.machine_type, o.smv, o.piece_rate, o.skill_grade)
            for o in ops] == [
        (1, "Join shoulders", "assembly", "OL4", Decimal("0.350"), Decimal("0.0800"), 2),
        (2, "Attach collar", "collar", "SNLS", Decimal("0.500"), Decimal("0.1000"), 3),
        (3, "Hem", "finishing", "FL", Decimal("0.400"), Decimal("0"), 2),
    ]  # fmt: skip
    assert sorted(
        OperationDependency.objects.values_list("predecessor__sequence", "operation__sequence")
    ) == [(1, 2), (1, 3), (2, 3)]
    tee = Style.objects.get(code="TS-1")
    assert (tee.name, tee.season, tee.category) == ("Tee v2", "AW27", "tshirt")
    assert list(tee.style_colours.values_list("colour__code", flat=True)) == ["WHT"]
    assert Colour.objects.get(code="RED").name == "RED"
    entry = AuditEntry.objects.get(action="dataio.import")
    assert entry.data["created"] == 1


def test_styles_import_replaces_the_bulletin_of_each_style_in_the_file(
    catalog_a: dict[str, Any],
) -> None:
    style = catalog_a["style"]
    kept = OperationFactory(style=style, sequence=1, name="Old 1")
    OperationFactory(style=style, sequence=2, name="Old 2")
    rows = [["TS-1", "Tee", "ACME", "tshirt", "SS27", "ALPHA", "", "",
             1, "New 1", "assembly", "OL4", 0.3, 0.1, 2, ""]]  # fmt: skip

    data_import(kind="styles", filename="s.xlsx", content=xlsx(STYLE_HEADERS, rows), by=None)

    assert list(style.operations.values_list("pk", "sequence", "name")) == [(kept.pk, 1, "New 1")]
    # An empty colours cell leaves the colourways as they were.
    assert sorted(style.style_colours.values_list("colour__code", flat=True)) == ["NVY", "WHT"]


def test_styles_with_bad_rows_report_every_problem_and_write_nothing() -> None:
    rows = [
        ["PO-9", "Polo", "NOBODY", "polo", "SS27", "NEWGRID", "", "WHT",
         1, "Join", "assembly", "OL4", "abc", 0.1, 7, ""],
        ["PO-9", "Polo", "", "", "", "", "", "",
         1, "Again", "assembly", "LASER", 0, "", "", "5"],
        ["TS-1", "Tee", "", "", "", "ALPHA", "XS|S", "", *NO_OPS],
        ["", "Nameless", "", "", "", "ALPHA", "", "", *NO_OPS],
    ]  # fmt: skip

    errors = _rejected("styles", "styles.xlsx", xlsx(STYLE_HEADERS, rows))

    assert errors == [
        RowError(2, "customer_code", "Unknown customer “NOBODY”."),
        RowError(2, "size_grid",
                 "Unknown size grid “NEWGRID”; give its sizes (e.g. S|M|L) to create it."),
        RowError(2, "smv", "“abc” is not a number."),
        RowError(2, "skill_grade", "Must be between 1 and 5."),
        RowError(3, "op_no", "Operation 1 is repeated; it is already on row 2."),
        RowError(3, "machine", "“LASER” is not one of: SNLS, DNLS, OL3, OL4, OL5, FL, FOA, "
                 "KANSAI, BARTACK, BH, BS, SNAP, ZZ, BLIND, FUSE, IRON, MANUAL."),
        RowError(3, "smv", "Must be greater than 0."),
        RowError(3, "after", "There is no operation 5 in this style's bulletin."),
        RowError(4, "sizes", "Size grid ALPHA already has the sizes S|M|L; "
                 "leave sizes empty or give the same."),
        RowError(5, "style_code", "A value is required."),
    ]  # fmt: skip


def test_styles_precedence_loop_is_refused() -> None:
    rows = [
        ["PO-9", "Polo", "", "", "", "ALPHA", "", "", 1, "A", "", "OL4", 0.3, "", "", "2"],
        ["PO-9", "Polo", "", "", "", "ALPHA", "", "", 2, "B", "", "OL4", 0.3, "", "", "1"],
    ]

    errors = _rejected("styles", "s.csv", csv_bytes(STYLE_HEADERS, rows))

    assert errors == [RowError(2, "after", "Operation 1 is part of a precedence loop.")]


def test_style_columns_that_differ_within_a_style_are_refused() -> None:
    rows = [
        ["PO-9", "Polo", "", "", "", "ALPHA", "", "", 1, "A", "", "OL4", 0.3, "", "", ""],
        ["PO-9", "Polo shirt", "", "", "", "ALPHA", "", "", 2, "B", "", "OL4", 0.3, "", "", ""],
    ]

    errors = _rejected("styles", "s.csv", csv_bytes(STYLE_HEADERS, rows))

    assert errors == [RowError(3, "style_name", "Differs from row 2 of the same style (“Polo”).")]


def test_chinese_headers_are_accepted() -> None:
    headers = ["款号", "款名", "尺码组", "工序号", "工序", "机器", "标准工时"]
    rows = [["QP-1", "旗袍", "ALPHA", 1, "合肩", "OL4", 0.4]]

    data_import(
        kind="styles",
        filename="款式.csv",
        content=csv_bytes(headers, rows, encoding="gb18030"),
        by=None,
    )

    assert Style.objects.get(code="QP-1").operations.get().name == "合肩"


# --- materials -----------------------------------------------------------------------------

GOOD_MATERIALS = [
    ["F-1", "Jersey 180", "fabric", "m", 180, "100% cotton", "Keqiao", 18.5, "CNY"],
    ["T-1", "Button 18L", "Trim", "pc", "", "", "", "0.05", "usd"],
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_materials_import_creates_and_updates_by_code(fmt: str) -> None:
    MaterialFactory(code="T-1", name="Old button")
    filename, content = make(fmt, MATERIAL_HEADERS, GOOD_MATERIALS)

    result = data_import(kind="materials", filename=filename, content=content, by=None)

    assert (result.created, result.updated) == (1, 1)
    assert list(
        Material.objects.values_list(
            "code", "name", "kind", "unit", "width_cm", "unit_price", "currency"
        )
    ) == [
        ("F-1", "Jersey 180", "fabric", "m", Decimal("180.0"), Decimal("18.5000"), "CNY"),
        ("T-1", "Button 18L", "trim", "pc", None, Decimal("0.0500"), "USD"),
    ]


def test_materials_with_wrong_headers_are_refused() -> None:
    errors = _rejected("materials", "m.xlsx", xlsx(["code", "title", "price"], [["A", "B", 1]]))

    assert errors == [
        RowError(1, "title", "Unknown column."),
        RowError(1, "price", "Unknown column."),
        RowError(1, "name", "Required column is missing."),
    ]


def test_materials_with_bad_numbers_and_duplicate_codes_are_refused() -> None:
    rows = [
        ["F-1", "Jersey", "fabric", "m", "wide", "", "", "-3", "CNY"],
        ["F-2", "Twill", "fabric", "m", 150.25, "", "", "1.123456", "yuan"],
        ["F-1", "Jersey again", "fabric", "m", 150, "", "", 1, "CNY"],
    ]

    errors = _rejected("materials", "m.csv", csv_bytes(MATERIAL_HEADERS, rows))

    assert errors == [
        RowError(2, "width_cm", "“wide” is not a number."),
        RowError(2, "unit_price", "Must be 0 or more."),
        RowError(3, "width_cm", "At most 1 decimal places (got 150.25)."),
        RowError(3, "unit_price", "At most 4 decimal places (got 1.123456)."),
        RowError(3, "currency", "A currency is a 3-letter code such as CNY or USD."),
        RowError(4, "code", "“F-1” is repeated; it is already on row 2."),
    ]


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("m.csv", b"", "The file is empty."),
        ("m.xlsx", xlsx(MATERIAL_HEADERS), "The file has headers but no data rows."),
        (
            "m.xlsx",
            b"code,name\nF-1,Jersey\n",
            "The file is named m.xlsx but is not an Excel workbook.",
        ),
    ],
)
def test_materials_empty_or_fake_files_are_refused(
    filename: str, content: bytes, message: str
) -> None:
    assert _rejected("materials", filename, content) == [RowError(0, "", message)]


# --- workers -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_workers_import(fmt: str) -> None:
    WorkerFactory(code="W1", name="Old name", line=None)
    rows = [
        ["W1", "Li Na", "L1", 4, "piece", "", "13800000000", "2024-03-01", "yes"],
        ["W2", "Wang Fang", "", "", "hourly", 22.5, "+86 139", dt.date(2025, 1, 6), "no"],
    ]
    filename, content = make(fmt, WORKER_HEADERS, rows)

    result = data_import(kind="workers", filename=filename, content=content, by=None)

    assert (result.created, result.updated) == (1, 1)
    assert list(
        Worker.objects.order_by("code").values_list(
            "code", "name", "line__code", "skill_grade", "pay_type", "hourly_rate", "phone",
            "hired_on", "is_active",
        )
    ) == [
        ("W1", "Li Na", "L1", 4, "piece", Decimal("0.00"), "13800000000",
         dt.date(2024, 3, 1), True),
        ("W2", "Wang Fang", None, 2, "hourly", Decimal("22.50"), "+86 139",
         dt.date(2025, 1, 6), False),
    ]  # fmt: skip


def test_workers_with_unknown_line_and_bad_values_are_refused() -> None:
    rows = [
        ["W1", "Li Na", "L9", 6, "daily", "", "", "2024-13-01", "maybe"],
        ["W2", "", "L1", 2, "", "", "", "", ""],
    ]

    errors = _rejected("workers", "w.xlsx", xlsx(WORKER_HEADERS, rows))

    assert errors == [
        RowError(2, "line", "Unknown line “L9”."),
        RowError(2, "skill_grade", "Must be between 1 and 5."),
        RowError(2, "pay_type", "“daily” is not one of: piece, hourly."),
        RowError(2, "hired_on", "“2024-13-01” is not a date; write it as YYYY-MM-DD."),
        RowError(2, "active", "Write yes or no (got “maybe”)."),
        RowError(3, "name", "A value is required."),
    ]


# --- orders --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_orders_import_creates_draft_excel_orders(fmt: str, catalog_a: dict[str, Any]) -> None:
    rows = [
        ["SO-1", "ACME", "PO-77", "2027-03-01", "", "TS-1", "WHT", "S", 100, 3.2],
        ["SO-1", "ACME", "PO-77", "2027-03-01", "", "TS-1", "WHT", "M", 150, 3.2],
        ["SO-1", "", "", "", "", "TS-1", "NVY", "L", 80, "3.4"],
        ["SO-2", "ACME", "", dt.date(2027, 4, 1), "CNY", "TS-1", "NVY", "M", 10, ""],
    ]
    filename, content = make(fmt, ORDER_HEADERS, rows)

    result = data_import(kind="orders", filename=filename, content=content, by=None)

    assert (result.created, result.updated, result.details) == (2, 0, {"lines": 4})
    first = Order.objects.get(number="SO-1")
    assert (first.customer, first.customer_po, first.delivery_date, first.currency) == (
        catalog_a["customer"],
        "PO-77",
        dt.date(2027, 3, 1),
        "USD",
    )
    assert (first.status, first.source) == (OrderStatus.DRAFT, OrderSource.EXCEL)
    assert list(
        first.lines.values_list("colour__code", "size__code", "quantity", "unit_price")
    ) == [
        ("NVY", "L", 80, Decimal("3.4000")),
        ("WHT", "S", 100, Decimal("3.2000")),
        ("WHT", "M", 150, Decimal("3.2000")),
    ]
    assert Order.objects.get(number="SO-2").currency == "CNY"
    assert first.events.get().to_status == OrderStatus.DRAFT


def test_orders_import_replaces_the_lines_of_an_existing_draft(catalog_a: dict[str, Any]) -> None:
    order = OrderFactory(number="SO-1", customer=catalog_a["customer"])
    OrderLineFactory(
        order=order,
        style=catalog_a["style"],
        colour=catalog_a["white"],
        size=catalog_a["grid"].sizes.get(code="S"),
        quantity=5,
    )
    rows = [["SO-1", "ACME", "", "2027-05-01", "USD", "TS-1", "NVY", "M", 60, 3]]

    result = data_import(
        kind="orders", filename="o.csv", content=csv_bytes(ORDER_HEADERS, rows), by=None
    )

    assert (result.created, result.updated) == (0, 1)
    order.refresh_from_db()
    assert order.delivery_date == dt.date(2027, 5, 1)
    assert list(order.lines.values_list("colour__code", "size__code", "quantity")) == [
        ("NVY", "M", 60)
    ]


def test_orders_with_unknown_style_colour_size_and_confirmed_order_are_refused(
    catalog_a: dict[str, Any],
) -> None:
    OrderFactory(number="SO-9", customer=catalog_a["customer"], status=OrderStatus.CONFIRMED)
    rows = [
        ["SO-1", "ACME", "", "2027-03-01", "", "NOPE", "WHT", "S", 10, ""],
        ["SO-1", "ACME", "", "2027-03-01", "", "TS-1", "RED", "XXL", 0, ""],
        ["SO-1", "ACME", "", "2027-03-01", "", "TS-1", "WHT", "S", 10, "x"],
        ["SO-1", "ACME", "", "2027-03-01", "", "TS-1", "WHT", "S", 10, ""],
        ["SO-9", "ACME", "", "2027-03-01", "", "TS-1", "WHT", "S", 10, ""],
        ["SO-2", "GHOST", "", "tomorrow", "", "TS-1", "WHT", "S", 10, ""],
    ]

    errors = _rejected("orders", "o.xlsx", xlsx(ORDER_HEADERS, rows))

    assert errors == [
        RowError(2, "style_code", "Unknown style “NOPE”."),
        RowError(3, "colour", "Style TS-1 has no colour “RED”."),
        RowError(3, "size", "Size “XXL” is not in the size grid of style TS-1."),
        RowError(3, "quantity", "Must be 1 or more."),
        RowError(4, "unit_price", "“x” is not a number."),
        RowError(5, "size", "This style, colour and size is already on row 4."),
        RowError(6, "order_no",
                 "Order SO-9 is Confirmed; only draft orders can be imported over."),
        RowError(7, "customer_code", "Unknown customer “GHOST”."),
        RowError(7, "delivery_date", "“tomorrow” is not a date; write it as YYYY-MM-DD."),
    ]  # fmt: skip
    assert OrderLine.objects.count() == 0
    assert not SizeGrid.objects.filter(code="NEWGRID").exists()
    assert Operation.objects.count() == 0


def test_a_row_refused_while_writing_rolls_back_the_rows_before_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seamline.dataio.specs import base

    real_clean = base.clean

    def clean_refusing_row_3(obj: Any, *, row: int, errors: list[RowError], **kw: Any) -> bool:
        if row == 3:
            errors.append(RowError(3, "name", "Refused by the database rules."))
            return False
        return real_clean(obj, row=row, errors=errors, **kw)

    monkeypatch.setattr(base, "clean", clean_refusing_row_3)
    rows = [
        ["F-1", "Jersey", "", "", "", "", "", "", ""],
        ["F-2", "Rib", "", "", "", "", "", "", ""],
    ]

    errors = _rejected("materials", "m.csv", csv_bytes(MATERIAL_HEADERS, rows))

    assert errors == [RowError(3, "name", "Refused by the database rules.")]
    assert not AuditEntry.objects.filter(action="dataio.import").exists()


def test_a_collision_with_another_writer_is_reported_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import IntegrityError

    from seamline.dataio.specs import SPECS

    def collide(*args: Any, **kwargs: Any) -> None:
        MaterialFactory(code="HALF-WRITTEN")
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(SPECS["materials"], "write", collide)
    rows = [["F-1", "Jersey", "", "", "", "", "", "", ""]]

    errors = _rejected("materials", "m.csv", csv_bytes(MATERIAL_HEADERS, rows))

    assert errors == [RowError(0, "", "Another change collided with this import; upload it again.")]
