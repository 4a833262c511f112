"""Pattern pages: import a file, see each size's pieces drawn, delete; who may do what."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seamline.catalog.models import Pattern, PatternPiece, Style
from seamline.catalog.patterns import pattern_import
from seamline.cutting.models import Marker
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.catalog.factories import SizeGridFactory, StyleFactory
from tests.catalog.pattern_files import DxfPiece, aama_dxf, tee_pieces

FIGURE = re.compile(r'<figure class="pattern-piece" id="piece-\d+"')
POLYGON = re.compile(r'<polygon points="([-\d., ]+)"')
GRAIN = re.compile(
    r'<line class="grain" x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="([-\d.]+)"'
)


@pytest.fixture
def tee(tenant_a: Organization) -> Style:
    with tenant_context(tenant_a):
        return StyleFactory(code="TEE-9", size_grid=SizeGridFactory(sizes=["S", "M", "L"]))


@pytest.fixture
def imported(tee: Style, tenant_a: Organization) -> Pattern:
    with tenant_context(tenant_a):
        return pattern_import(
            style=tee,
            name="Base",
            file_name="tee.dxf",
            data=aama_dxf(tee_pieces(("S", "M", "L"))),
            by=None,
        )


def _upload(client: Client, style: Style, name: str, file_name: str, data: bytes) -> object:
    return client.post(
        reverse("catalog:pattern_upload", args=[style.pk]),
        {"name": name, "file": SimpleUploadedFile(file_name, data)},
    )


def _pieces(tenant: Organization) -> list[tuple[str, str, str]]:
    with tenant_context(tenant):
        return list(
            PatternPiece.objects.order_by("pattern__name", "size__position", "name").values_list(
                "pattern__name", "size__code", "name"
            )
        )


def test_planner_imports_a_dxf_and_sees_the_pieces_drawn(
    tee: Style, planner_a: Client, tenant_a: Organization
) -> None:
    response = _upload(planner_a, tee, "Base", "tee.dxf", aama_dxf(tee_pieces(("S", "M"))))

    with tenant_context(tenant_a):
        pattern = Pattern.objects.get()
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == reverse("catalog:pattern_detail", args=[pattern.pk])  # type: ignore[index]
    page = planner_a.get(response["Location"], {"size": "M"})  # type: ignore[index]
    html = page.content.decode()
    assert "Pattern Base was imported: 8 pieces." in html
    assert len(FIGURE.findall(html)) == 4  # the M pieces only
    assert "Pieces of size M" in html
    assert '<a class="button primary" href="?size=M" aria-current="page">M</a>' in html
    assert '<a class="button" href="?size=S">S</a>' in html
    assert "⇋ mirrored pair" in html  # the sleeves
    assert html.count("⇋ mirrored pair") == 1
    # The front's cut line, flipped to screen coordinates, spans its 520 mm width.
    front = html[html.index('aria-label="FRONT"') :]
    xs = [float(p.split(",")[0]) for p in POLYGON.search(front).group(1).split()]  # type: ignore[union-attr]
    assert (min(xs), max(xs)) == (0.0, 520.0)
    # Its grain line runs up the piece (the arrow's head at the top: smaller y on screen).
    x1, y1, x2, y2 = map(float, GRAIN.search(front).groups())  # type: ignore[union-attr]
    assert x1 == x2
    assert y2 < y1
    assert '<td class="num" id="garment-area-m">' in html


def test_bad_upload_lists_every_problem_and_writes_nothing(
    tee: Style, imported: Pattern, planner_a: Client, tenant_a: Organization
) -> None:
    before = _pieces(tenant_a)
    data = aama_dxf(
        [
            DxfPiece("FRONT", "M", [(0, 0), (100, 0), (100, 100)], closed=False),
            DxfPiece("CUFF", "XXL", [(0, 0), (100, 0), (100, 100)], quantity="3 pair"),
        ]
    )

    response = _upload(planner_a, tee, "Base", "bad.dxf", data)

    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert '<small class="error">Block FRONT-M: the cut line on layer 1 is not closed' in html
    assert (
        '<small class="error">Block CUFF-XXL: a mirrored pair is cut left and right, so its '
        "quantity must be even (it is 3).</small>"
    ) in html
    assert _pieces(tenant_a) == before
    not_dxf = _upload(planner_a, tee, "Other", "notes.dxf", b"cutting notes, not a drawing")
    assert "This is not a DXF file" in not_dxf.content.decode()  # type: ignore[attr-defined]
    wrong_kind = _upload(planner_a, tee, "Other", "front.png", b"\x89PNG")
    assert "Choose a .dxf or .json file." in wrong_kind.content.decode()  # type: ignore[attr-defined]
    assert _pieces(tenant_a) == before


def test_style_page_links_to_its_patterns_listed_newest_first(
    tee: Style, imported: Pattern, supervisor_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        pattern_import(
            style=tee,
            name="Sample",
            file_name="sample.json",
            data=b'{"units": "cm", "pieces": [{"name": "P", "size": "S", '
            b'"outline": [[0, 0], [10, 0], [10, 10]]}]}',
            by=None,
        )
    style_page = supervisor_a.get(reverse("catalog:style_detail", args=[tee.pk])).content.decode()
    assert reverse("catalog:pattern_list", args=[tee.pk]) in style_page

    html = supervisor_a.get(reverse("catalog:pattern_list", args=[tee.pk])).content.decode()

    assert html.index(">Sample</a>") < html.index(">Base</a>")
    assert "Drawn in cm; kept in mm." in html
    assert 'id="pattern-import"' not in html  # a supervisor only looks


def test_read_only_roles_cannot_import_or_delete(
    tee: Style,
    imported: Pattern,
    client_as: Callable[[Organization, str], Client],
    tenant_a: Organization,
) -> None:
    before = _pieces(tenant_a)
    for role in ("supervisor", "brand_buyer", "worker"):
        client = client_as(tenant_a, role)
        upload = _upload(client, tee, "Base", "tee.dxf", aama_dxf(tee_pieces(("L",))))
        delete = client.post(reverse("catalog:pattern_delete", args=[imported.pk]))
        assert (upload.status_code, delete.status_code) == (403, 403), role  # type: ignore[attr-defined]
    assert (
        client_as(tenant_a, "worker")
        .get(reverse("catalog:pattern_detail", args=[imported.pk]))
        .status_code
        == 403
    )
    assert _pieces(tenant_a) == before


def test_delete_asks_then_deletes_and_refuses_while_markers_use_it(
    tee: Style, imported: Pattern, planner_a: Client, tenant_a: Organization
) -> None:
    url = reverse("catalog:pattern_delete", args=[imported.pk])
    assert "Delete pattern Base of style TEE-9?" in planner_a.get(url).content.decode()
    with tenant_context(tenant_a):
        marker = Marker.objects.create(pattern=imported, fabric_width_mm=1600)

    refused = planner_a.post(url, follow=True)

    assert "Pattern Base is used by markers" in refused.content.decode()
    with tenant_context(tenant_a):
        assert Pattern.objects.filter(pk=imported.pk).exists()
        marker.delete()
    done = planner_a.post(url)
    assert done["Location"] == reverse("catalog:pattern_list", args=[tee.pk])
    assert _pieces(tenant_a) == []


def test_pattern_page_query_count(
    imported: Pattern, supervisor_a: Client, django_assert_max_num_queries: Callable[..., object]
) -> None:
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = supervisor_a.get(reverse("catalog:pattern_detail", args=[imported.pk]))
    assert len(FIGURE.findall(response.content.decode())) == 4  # size S, the first
