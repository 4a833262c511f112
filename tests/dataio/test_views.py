"""The import/export page: upload per kind, report on errors, downloads, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seamline.catalog.models import Material
from seamline.dataio.forms import MAX_UPLOAD_BYTES
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Organization
from tests.catalog.factories import MaterialFactory
from tests.dataio.files import csv_bytes, read_csv, read_xlsx, xlsx

HEADERS = ["code", "name", "kind", "unit", "unit_price"]
INDEX = reverse("dataio:index")


def _upload(client: Client, kind: str, name: str, content: bytes) -> Any:
    return client.post(
        reverse("dataio:import", args=[kind]), {"file": SimpleUploadedFile(name, content)}
    )


def _materials(tenant: Organization) -> list[tuple[str, str]]:
    with tenant_context(tenant):
        return list(Material.objects.values_list("code", "name"))


def test_page_offers_an_upload_template_and_exports_per_kind(owner_a: Client) -> None:
    response = owner_a.get(INDEX)

    assert response.status_code == 200
    for kind in ("styles", "materials", "workers", "orders"):
        assert reverse("dataio:import", args=[kind]).encode() in response.content
        assert reverse("dataio:template", args=[kind]).encode() in response.content
        assert reverse("dataio:export", args=[kind, "xlsx"]).encode() in response.content
        assert reverse("dataio:export", args=[kind, "csv"]).encode() in response.content


def test_upload_of_a_good_file_imports_and_says_how_many(
    planner_a: Client, tenant_a: Organization
) -> None:
    content = xlsx(HEADERS, [["F-1", "Jersey", "fabric", "m", 18.5], ["F-2", "Rib", "", "", 3]])

    response = _upload(planner_a, "materials", "materials.xlsx", content)

    assert response.status_code == 302
    assert _materials(tenant_a) == [("F-1", "Jersey"), ("F-2", "Rib")]
    page = planner_a.get(response["Location"])
    assert "materials.xlsx: 2 rows, 2 created, 0 updated." in page.content.decode()
    with tenant_context(tenant_a):
        assert AuditEntry.objects.get(action="dataio.import").actor is not None


def test_upload_of_a_bad_file_shows_the_report_and_writes_nothing(
    owner_a: Client, tenant_a: Organization
) -> None:
    content = csv_bytes(HEADERS, [["F-1", "Jersey", "silk", "m", "abc"], ["F-1", "", "", "", ""]])

    response = _upload(owner_a, "materials", "bad.csv", content)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "bad.csv (Materials): 4 problems found." in html
    assert "“F-1” is repeated; it is already on row 2." in html
    assert "“abc” is not a number." in html
    assert _materials(tenant_a) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"code,name\n", "Upload an Excel (.xlsx) or CSV (.csv) file."),
        ("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "The file is larger than 5 MB"),
        ("fake.xlsx", b"code,name\nA,B\n", "The file is named fake.xlsx but is not an Excel"),
    ],
)
def test_upload_of_wrong_type_or_size_is_refused(
    owner_a: Client, tenant_a: Organization, name: str, content: bytes, message: str
) -> None:
    response = _upload(owner_a, "materials", name, content)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _materials(tenant_a) == []


def test_export_and_template_downloads(owner_a: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        MaterialFactory(code="F-1", name='=HYPERLINK("http://x")')

    csv_response = owner_a.get(reverse("dataio:export", args=["materials", "csv"]))
    xlsx_response = owner_a.get(reverse("dataio:export", args=["materials", "xlsx"]))
    template = owner_a.get(reverse("dataio:template", args=["materials"]))

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in csv_response["Content-Disposition"]
    assert read_csv(csv_response.content)[1][:2] == ["F-1", '\'=HYPERLINK("http://x")']
    assert read_xlsx(xlsx_response.content)[1][:2] == ["F-1", '\'=HYPERLINK("http://x")']
    assert read_xlsx(template.content)[0][0] == "code"


def test_unknown_kind_or_format_is_404(owner_a: Client) -> None:
    assert owner_a.get(reverse("dataio:export", args=["invoices", "csv"])).status_code == 404
    assert owner_a.get(reverse("dataio:export", args=["materials", "pdf"])).status_code == 404
    assert owner_a.get(reverse("dataio:template", args=["invoices"])).status_code == 404
    assert _upload(owner_a, "invoices", "a.csv", b"a\n1\n").status_code == 404


def test_worker_may_neither_open_import_nor_export(
    worker_a: Client, tenant_a: Organization
) -> None:
    content = csv_bytes(HEADERS, [["F-1", "Jersey", "fabric", "m", 1]])

    assert worker_a.get(INDEX).status_code == 403
    assert _upload(worker_a, "materials", "m.csv", content).status_code == 403
    assert worker_a.get(reverse("dataio:export", args=["materials", "csv"])).status_code == 403
    assert worker_a.get(reverse("dataio:template", args=["materials"])).status_code == 403
    assert _materials(tenant_a) == []


def test_supervisor_may_export_but_not_import(supervisor_a: Client, tenant_a: Organization) -> None:
    content = csv_bytes(HEADERS, [["F-1", "Jersey", "fabric", "m", 1]])

    page = supervisor_a.get(INDEX)
    assert page.status_code == 200
    assert reverse("dataio:import", args=["materials"]).encode() not in page.content
    assert supervisor_a.get(reverse("dataio:export", args=["styles", "xlsx"])).status_code == 200
    assert _upload(supervisor_a, "materials", "m.csv", content).status_code == 403
    assert _materials(tenant_a) == []


def test_buyer_is_refused(buyer_a: Client) -> None:
    assert buyer_a.get(INDEX).status_code == 403
    assert buyer_a.get(reverse("dataio:export", args=["orders", "csv"])).status_code == 403


def test_anonymous_visitor_is_sent_to_login() -> None:
    response = Client().get(reverse("dataio:export", args=["materials", "csv"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("tenancy:login"))
