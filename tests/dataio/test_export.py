"""Exports: the import's columns, formula injection neutralised, one tenant only, re-importable."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from seamline.catalog.models import Material
from seamline.dataio.services import data_export, data_import, data_template
from seamline.dataio.specs import SPECS
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.shopfloor.models import Worker
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.catalog.factories import (
    CustomerFactory,
    MaterialFactory,
    OperationFactory,
    StyleFactory,
    precede,
)
from tests.dataio.files import read_csv, read_xlsx
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shopfloor.factories import WorkerFactory

KINDS = ["styles", "materials", "workers", "orders"]


@pytest.fixture
def data_a(catalog_a: dict[str, Any]) -> dict[str, Any]:
    """Some of everything in tenant A (active)."""
    style = catalog_a["style"]
    first = OperationFactory(style=style, sequence=1, name="Join shoulders", smv=Decimal("0.35"))
    second = OperationFactory(style=style, sequence=2, name="Hem", piece_rate=Decimal("0.1234"))
    precede(first, second)
    MaterialFactory(code="F-1", name="Jersey", composition="95% cotton, 5% spandex")
    MaterialFactory(code="T-1", name="Button", kind="trim", unit="pc", width_cm=None)
    WorkerFactory(code="W1", name="李娜", line=catalog_a["line"], hired_on=dt.date(2024, 3, 1))
    WorkerFactory(code="W2", name="Wang", line=None, phone="+86 139", is_active=False)
    order = OrderFactory(number="SO-1", customer=catalog_a["customer"], customer_po="PO-1")
    for colour, size, quantity in (("white", "S", 100), ("navy", "L", 40)):
        OrderLineFactory(
            order=order,
            style=style,
            colour=catalog_a[colour],
            size=catalog_a["grid"].sizes.get(code=size),
            quantity=quantity,
        )
    confirmed = OrderFactory(
        number="SO-2", customer=catalog_a["customer"], status=OrderStatus.CONFIRMED
    )
    OrderLineFactory(
        order=confirmed,
        style=style,
        colour=catalog_a["white"],
        size=catalog_a["grid"].sizes.get(code="M"),
        quantity=7,
        unit_price=Decimal("3.5"),
    )
    return catalog_a


def _table(kind: str, fmt: str) -> list[list[Any]]:
    content = data_export(kind=kind, fmt=fmt)
    return read_xlsx(content) if fmt == "xlsx" else read_csv(content)


@pytest.mark.usefixtures("data_a")
def test_exports_write_the_import_columns() -> None:
    assert _table("styles", "csv") == [
        SPECS["styles"].headers,
        ["TS-1", "Tee", "ACME", "tshirt", "SS27", "ALPHA", "S|M|L", "NVY|WHT",
         "1", "Join shoulders", "assembly", "SNLS", "0.350", "0.1500", "2", ""],
        ["TS-1", "Tee", "ACME", "tshirt", "SS27", "ALPHA", "S|M|L", "NVY|WHT",
         "2", "Hem", "assembly", "SNLS", "0.500", "0.1234", "2", "1"],
    ]  # fmt: skip
    assert _table("workers", "xlsx")[1:] == [
        ["W1", "李娜", "L1", 2, "piece", 0, None, dt.datetime(2024, 3, 1), "yes"],
        ["W2", "Wang", None, 2, "piece", 0, "'+86 139", None, "no"],
    ]
    first, second = (str(o.delivery_date) for o in Order.objects.order_by("number"))
    assert _table("orders", "csv")[1:] == [
        ["SO-1", "ACME", "PO-1", first, "CNY", "TS-1", "NVY", "L", "40", "25.0000"],
        ["SO-1", "ACME", "PO-1", first, "CNY", "TS-1", "WHT", "S", "100", "25.0000"],
        ["SO-2", "ACME", "", second, "CNY", "TS-1", "WHT", "M", "7", "3.5000"],
    ]


@pytest.mark.usefixtures("data_a")
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_export_reimports_unchanged(kind: str, fmt: str) -> None:
    before = data_export(kind=kind, fmt=fmt)
    rows = len(_table(kind, fmt)) - 1

    result = data_import(kind=kind, filename=f"export.{fmt}", content=before, by=None)

    assert result.created == 0
    assert result.rows == rows
    if kind == "orders":  # the confirmed order is left alone: the file says what it says
        assert (result.updated, result.details["unchanged"]) == (1, 1)
    after = data_export(kind=kind, fmt=fmt)
    if fmt == "csv":
        assert after == before
    else:
        assert read_xlsx(after) == read_xlsx(before)


@pytest.mark.parametrize("kind", ["styles", "materials"])
def test_an_export_loads_into_an_empty_organization(
    kind: str, data_a: dict[str, Any], tenant_b: Organization
) -> None:
    exported = data_export(kind=kind, fmt="xlsx")

    with tenant_context(tenant_b):
        CustomerFactory(code="ACME")  # customers are not part of the styles file
        data_import(kind=kind, filename="a.xlsx", content=exported, by=None)
        copied = data_export(kind=kind, fmt="xlsx")

    assert read_xlsx(copied) == read_xlsx(exported)


def test_formula_injection_is_neutralised_and_reimports_as_written(
    in_tenant_a: Organization,
) -> None:
    MaterialFactory(
        code="=cmd|' /C calc'!A0",
        name="+1",
        composition="-1",
        supplier="@SUM(A1:A9)",
        width_cm=Decimal("150.0"),
        unit_price=Decimal("2.5"),
    )
    WorkerFactory(code="W1", name="\tTab", phone="\rCR", line=None)

    materials = _table("materials", "xlsx")
    workers = _table("workers", "csv")

    assert materials[1] == [
        "'=cmd|' /C calc'!A0", "'+1", "fabric", "m", 150, "'-1", "'@SUM(A1:A9)", 2.5, "CNY"
    ]  # fmt: skip
    assert workers[1][:2] == ["W1", "'\tTab"]
    assert workers[1][6] == "'\rCR"
    data_import(
        kind="materials",
        filename="m.xlsx",
        content=data_export(kind="materials", fmt="xlsx"),
        by=None,
    )
    assert list(Material.objects.values_list("code", "name", "composition", "supplier")) == [
        ("=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1:A9)")
    ]


@pytest.fixture
def tenant_b_data(tenant_b: Organization) -> None:
    from tests.catalog.factories import ColourFactory

    with tenant_context(tenant_b):
        colour = ColourFactory(code="B-SECRET-C")
        style = StyleFactory(code="B-SECRET-ST", name="B-SECRET style", colours=[colour])
        OperationFactory(style=style, name="B-SECRET op")
        MaterialFactory(code="B-SECRET-M", supplier="B-SECRET supplier")
        WorkerFactory(code="B-SECRET-W", name="B-SECRET worker")
        order = OrderFactory(number="B-SECRET-SO", customer=style.customer)
        OrderLineFactory(
            order=order, style=style, colour=colour, size=style.size_grid.sizes.first()
        )


@pytest.mark.usefixtures("data_a", "tenant_b_data")
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", KINDS)
def test_an_export_of_tenant_a_never_contains_tenant_b_rows(kind: str, fmt: str) -> None:
    table = _table(kind, fmt)

    assert len(table) > 1
    assert "B-SECRET" not in repr(table)


def test_template_has_headers_and_one_example_row_that_imports(
    catalog_a: dict[str, Any],
) -> None:
    for kind in ("styles", "materials", "workers"):
        rows = read_xlsx(data_template(kind=kind))
        assert rows[0] == SPECS[kind].headers
        assert len(rows) == 2
        data_import(kind=kind, filename="t.xlsx", content=data_template(kind=kind), by=None)
    assert Worker.objects.get(code="W0001").line == catalog_a["line"]


@pytest.mark.parametrize(
    ("kind", "queries"), [("styles", 6), ("materials", 1), ("workers", 1), ("orders", 1)]
)
def test_exports_read_in_a_fixed_number_of_queries(
    kind: str, queries: int, data_a: dict[str, Any], django_assert_num_queries: Any
) -> None:
    for n in range(3):  # more rows must not mean more queries
        style = StyleFactory(code=f"EXTRA-{n}", colours=[data_a["white"]])
        OperationFactory(style=style, sequence=1)
        WorkerFactory(code=f"EXTRA-{n}")
        MaterialFactory(code=f"EXTRA-{n}")

    with django_assert_num_queries(queries):
        data_export(kind=kind, fmt="csv")
