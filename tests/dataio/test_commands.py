"""`seamline import` / `seamline export` through their management commands."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from seamline.shopfloor.models import Worker
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.dataio.files import csv_bytes, read_xlsx, xlsx

HEADERS = ["code", "name", "line"]


@pytest.fixture
def importer(member: Any, catalog_a: dict[str, Any], tenant_a: Organization) -> User:
    return member(tenant_a, Role.PLANNER, username="importer")


def _workers(tenant: Organization) -> list[tuple[str, str]]:
    with tenant_context(tenant):
        return list(Worker.objects.values_list("code", "name"))


def test_import_command_imports_and_export_command_writes_the_file(
    importer: User, tenant_a: Organization, tmp_path: Path
) -> None:
    source = tmp_path / "workers.xlsx"
    source.write_bytes(xlsx(HEADERS, [["W1", "Li Na", "L1"], ["W2", "Wang", ""]]))
    out = StringIO()

    with tenant_context(None):
        call_command(
            "import_data", "workers", str(source), org="factory-a", username="importer", stdout=out
        )
        call_command("export_data", "workers", str(tmp_path / "out.xlsx"), org="factory-a")

    assert out.getvalue() == "Imported workers from workers.xlsx: 2 rows, 2 created, 0 updated.\n"
    assert _workers(tenant_a) == [("W1", "Li Na"), ("W2", "Wang")]
    assert [row[:3] for row in read_xlsx((tmp_path / "out.xlsx").read_bytes())] == [
        ["code", "name", "line"],
        ["W1", "Li Na", "L1"],
        ["W2", "Wang", None],
    ]


def test_import_command_prints_the_report_and_writes_nothing(
    importer: User, tenant_a: Organization, tmp_path: Path
) -> None:
    source = tmp_path / "workers.csv"
    source.write_bytes(csv_bytes(HEADERS, [["W1", "Li Na", "L9"], ["W1", "", ""]]))
    err = StringIO()

    with pytest.raises(CommandError, match=r"Nothing was imported: 3 problem\(s\) in workers.csv"):
        call_command(
            "import_data", "workers", str(source), org="factory-a", username="importer", stderr=err
        )

    assert err.getvalue().splitlines() == [
        "row 2, line: Unknown line “L9”.",
        "row 3, code: “W1” is repeated; it is already on row 2.",
        "row 3, name: A value is required.",
    ]
    assert _workers(tenant_a) == []


def test_import_command_needs_a_member_allowed_to_import(
    member: Any, tenant_a: Organization, tenant_b: Organization, tmp_path: Path
) -> None:
    member(tenant_a, Role.SUPERVISOR, username="super")
    member(tenant_b, Role.OWNER, username="stranger")
    source = tmp_path / "workers.csv"
    source.write_bytes(csv_bytes(HEADERS, [["W1", "Li Na", ""]]))

    for username in ("super", "stranger"):
        with pytest.raises(CommandError, match="may not import data into factory-a"):
            call_command("import_data", "workers", str(source), org="factory-a", username=username)
    with pytest.raises(CommandError, match="No organization"):
        call_command("import_data", "workers", str(source), org="nope", username="super")
    assert _workers(tenant_a) == []


def test_export_command_refuses_other_extensions(tenant_a: Organization, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Name the file .xlsx or .csv."):
        call_command("export_data", "workers", str(tmp_path / "out.pdf"), org="factory-a")


def test_the_seamline_command_runs_import_and_export(
    importer: User, tenant_a: Organization, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from seamline.cli import main

    source = tmp_path / "workers.csv"
    source.write_bytes(csv_bytes(HEADERS, [["W1", "Li Na", "L1"]]))
    target = tmp_path / "out.csv"

    with tenant_context(None):
        assert (
            main(["import", "workers", str(source), "--org", "factory-a", "--user", "importer"])
            == 0
        )
        assert main(["export", "workers", str(target), "--org", "factory-a"]) == 0
        assert main(["import", "workers", str(tmp_path / "nope.csv"), "--org", "factory-a",
                     "--user", "importer"]) == 1  # fmt: skip

    assert _workers(tenant_a) == [("W1", "Li Na")]
    assert target.read_bytes().decode("utf-8-sig").splitlines()[1].startswith("W1,Li Na,L1,")
    assert "seamline import: No such file" in capsys.readouterr().err
