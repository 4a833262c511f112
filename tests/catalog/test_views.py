"""Catalog pages: what planners, supervisors, buyers and workers can see and do."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seamline.catalog.choices import MachineType, Section
from seamline.catalog.models import BomLine, Colour, Customer, Material, Operation, Size, Style
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.catalog.factories import (
    BomLineFactory,
    ColourFactory,
    CustomerFactory,
    MaterialFactory,
    OperationFactory,
    SizeGridFactory,
    StyleFactory,
    png_bytes,
    precede,
)

STYLE_LINK = re.compile(r'href="/catalog/styles/\d+/"')


@pytest.fixture
def tee(tenant_a: Organization) -> Style:
    with tenant_context(tenant_a):
        style = StyleFactory(
            code="TEE-7", name="Raglan tee", size_grid=SizeGridFactory(sizes=["S", "M"])
        )
        first = OperationFactory(
            style=style,
            sequence=1,
            name="Join raglan seams",
            section=Section.SLEEVE,
            machine_type=MachineType.OL4,
            smv=Decimal("1.250"),
            piece_rate=Decimal("0.3000"),
        )
        second = OperationFactory(
            style=style,
            sequence=2,
            name="Hem bottom",
            section=Section.FINISHING,
            machine_type=MachineType.FL,
            smv=Decimal("0.750"),
            piece_rate=Decimal("0.2000"),
        )
        precede(first, second)
        BomLineFactory(
            style=style,
            material=MaterialFactory(code="JER-1", unit_price=Decimal("20.0000")),
            consumption=Decimal("1.0000"),
            wastage_pct=Decimal("5.00"),
        )
    return style


def _ops(tenant: Organization, style: Style) -> list[tuple[int, str]]:
    with tenant_context(tenant):
        return list(
            Operation.objects.filter(style=style)
            .order_by("sequence")
            .values_list("sequence", "name")
        )


# --- the style page --------------------------------------------------------------------------


def test_style_detail_shows_bulletin_totals_and_costs(
    tee: Style, supervisor_a: Client, django_assert_max_num_queries: Callable[..., object]
) -> None:
    with django_assert_max_num_queries(12):
        response = supervisor_a.get(reverse("catalog:style_detail", args=[tee.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Join raglan seams" in html
    assert '<div class="kpi" id="total-smv">2.000</div>' in html
    assert '<div class="kpi" id="labour-cost">0.5000</div>' in html
    assert '<div class="kpi" id="labour-cost-dozen">6.0000</div>' in html
    assert '<div class="kpi" id="pieces-per-hour">30.00</div>' in html
    assert '<td class="num" id="material-cost">21.0000</td>' in html
    # read-only roles see no edit links
    assert reverse("catalog:style_edit", args=[tee.pk]) not in html


def test_style_list_filters_and_counts_queries(
    tenant_a: Organization,
    planner_a: Client,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    with tenant_context(tenant_a):
        acme = CustomerFactory(name="Acme")
        for n in range(30):
            style = StyleFactory(code=f"ACM-{n:02d}", customer=acme, season="SS27")
            OperationFactory(style=style, sequence=1)
        StyleFactory(code="OTHER-1", season="AW26")

    with django_assert_max_num_queries(10):
        response = planner_a.get(
            reverse("catalog:style_list"), {"customer": acme.pk, "season": "ss27", "q": "ACM"}
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert len(STYLE_LINK.findall(html)) == 25  # first page
    assert "OTHER-1" not in html
    assert "Page 1 of 2" in html
    page_two = planner_a.get(reverse("catalog:style_list"), {"q": "ACM", "page": 2})
    assert len(STYLE_LINK.findall(page_two.content.decode())) == 5


def test_planner_creates_a_style_with_picture_and_colours(
    tenant_a: Organization, planner_a: Client
) -> None:
    with tenant_context(tenant_a):
        grid = SizeGridFactory()
        customer = CustomerFactory()
        black, white = ColourFactory(code="BLK"), ColourFactory(code="WHT")

    response = planner_a.post(
        reverse("catalog:style_create"),
        {
            "code": "TS-100",
            "name": "Basic tee",
            "customer": customer.pk,
            "category": "tshirt",
            "season": "SS27",
            "size_grid": grid.pk,
            "colours": [black.pk, white.pk],
            "is_active": "on",
            "picture": SimpleUploadedFile("front.png", png_bytes(), content_type="image/png"),
        },
    )

    with tenant_context(tenant_a):
        style = Style.objects.get(code="TS-100")
        colours = sorted(style.style_colours.values_list("colour__code", flat=True))
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:style_detail", args=[style.pk])
    assert colours == ["BLK", "WHT"]
    assert style.picture.name.startswith(f"styles/{tenant_a.pk}/")
    picture = planner_a.get(reverse("catalog:style_picture", args=[style.pk]))
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/png"
    assert picture.content == png_bytes()


def test_style_picture_must_be_an_image(tenant_a: Organization, planner_a: Client) -> None:
    with tenant_context(tenant_a):
        grid = SizeGridFactory()

    response = planner_a.post(
        reverse("catalog:style_create"),
        {
            "code": "TS-101",
            "name": "Fake picture",
            "category": "tshirt",
            "size_grid": grid.pk,
            "picture": SimpleUploadedFile("x.png", b"not an image", content_type="image/png"),
        },
    )

    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    with tenant_context(tenant_a):
        assert not Style.objects.filter(code="TS-101").exists()


def test_planner_edits_a_style(tee: Style, tenant_a: Organization, planner_a: Client) -> None:
    response = planner_a.post(
        reverse("catalog:style_edit", args=[tee.pk]),
        {
            "code": "TEE-7",
            "name": "Raglan tee, long sleeve",
            "category": "tshirt",
            "season": "AW27",
            "size_grid": tee.size_grid_id,
        },
    )

    assert response.status_code == 302
    with tenant_context(tenant_a):
        tee.refresh_from_db()
    assert (tee.name, tee.season, tee.is_active) == ("Raglan tee, long sleeve", "AW27", False)


def test_duplicate_code_shows_on_the_field(tee: Style, planner_a: Client) -> None:
    response = planner_a.post(
        reverse("catalog:style_create"),
        {"code": "TEE-7", "name": "Again", "category": "other", "size_grid": tee.size_grid_id},
    )

    assert response.status_code == 200
    assert "Style with the code TEE-7 already exists." in response.content.decode()


# --- the bulletin ------------------------------------------------------------------------------


def test_planner_adds_an_operation_after_another(
    tee: Style, tenant_a: Organization, planner_a: Client
) -> None:
    first = _ops(tenant_a, tee)[0]
    with tenant_context(tenant_a):
        first_op = Operation.objects.get(style=tee, sequence=first[0])

    response = planner_a.post(
        reverse("catalog:operation_create", args=[tee.pk]),
        {
            "name": "Attach care label",
            "section": "finishing",
            "machine_type": "SNLS",
            "smv": "0.200",
            "piece_rate": "0.0500",
            "skill_grade": "1",
            "predecessors": [first_op.pk],
        },
    )

    assert response.status_code == 302
    assert _ops(tenant_a, tee)[-1] == (3, "Attach care label")
    detail = planner_a.get(reverse("catalog:style_detail", args=[tee.pk])).content.decode()
    assert '<div class="kpi" id="total-smv">2.200</div>' in detail


def test_precedence_loop_is_shown_on_the_form(
    tee: Style, tenant_a: Organization, planner_a: Client
) -> None:
    with tenant_context(tenant_a):
        first, second = Operation.objects.filter(style=tee).order_by("sequence")

    response = planner_a.post(
        reverse("catalog:operation_edit", args=[first.pk]),
        {
            "name": first.name,
            "section": first.section,
            "machine_type": first.machine_type,
            "smv": "1.250",
            "piece_rate": "0.3000",
            "skill_grade": "2",
            "predecessors": [second.pk],
        },
    )

    assert response.status_code == 200
    assert "would go round in a loop" in response.content.decode()
    with tenant_context(tenant_a):
        assert list(first.depends_on.all()) == []


def test_move_with_htmx_returns_the_refreshed_bulletin(
    tee: Style, tenant_a: Organization, planner_a: Client
) -> None:
    with tenant_context(tenant_a):
        hem = Operation.objects.get(style=tee, sequence=2)

    response = planner_a.post(
        reverse("catalog:operation_move", args=[hem.pk]), {"position": 1}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.content.decode().startswith('<section class="card" id="bulletin">')
    assert _ops(tenant_a, tee) == [(1, "Hem bottom"), (2, "Join raglan seams")]


def test_delete_operation_renumbers(tee: Style, tenant_a: Organization, planner_a: Client) -> None:
    with tenant_context(tenant_a):
        first = Operation.objects.get(style=tee, sequence=1)

    response = planner_a.post(reverse("catalog:operation_delete", args=[first.pk]))

    assert response.status_code == 302
    assert _ops(tenant_a, tee) == [(1, "Hem bottom")]


# --- BOM and master data -------------------------------------------------------------------------


def test_planner_adds_a_bom_line_with_a_size_override(
    tee: Style, tenant_a: Organization, planner_a: Client
) -> None:
    with tenant_context(tenant_a):
        rib = MaterialFactory(code="RIB", unit_price=Decimal("10.0000"))
        size_m = Size.objects.get(grid=tee.size_grid, code="M")

    response = planner_a.post(
        reverse("catalog:bom_line_create", args=[tee.pk]),
        {
            "material": rib.pk,
            "consumption": "0.1000",
            "wastage_pct": "0",
            "placement": "neck",
            f"size_{size_m.pk}": "0.1500",
        },
    )

    assert response.status_code == 302
    with tenant_context(tenant_a):
        line = BomLine.objects.get(style=tee, material=rib)
        assert [(o.size.code, o.consumption) for o in line.size_overrides.all()] == [
            ("M", Decimal("0.1500"))
        ]
    detail = planner_a.get(reverse("catalog:style_detail", args=[tee.pk])).content.decode()
    assert '<td class="num" id="material-cost">22.0000</td>' in detail


def test_master_data_pages_create_and_edit(tenant_a: Organization, planner_a: Client) -> None:
    assert (
        planner_a.post(
            reverse("catalog:customer_create"), {"code": "ACME", "name": "Acme", "country": "de"}
        ).status_code
        == 302
    )
    assert (
        planner_a.post(
            reverse("catalog:colour_create"), {"code": "NV", "name": "Navy", "hex": "#1F3A93"}
        ).status_code
        == 302
    )
    assert (
        planner_a.post(
            reverse("catalog:size_grid_create"),
            {"code": "KIDS", "name": "Kids", "sizes": "98, 104 110"},
        ).status_code
        == 302
    )
    assert (
        planner_a.post(
            reverse("catalog:material_create"),
            {"code": "TWL", "name": "Twill", "kind": "fabric", "unit": "m", "unit_price": "31.5"},
        ).status_code
        == 302
    )
    with tenant_context(tenant_a):
        customer = Customer.objects.get(code="ACME")
        material = Material.objects.get(code="TWL")
        assert (customer.country, customer.currency) == ("DE", tenant_a.currency)
        assert Colour.objects.get(code="NV").hex == "#1F3A93"
        assert list(
            Size.objects.filter(grid__code="KIDS")
            .order_by("position")
            .values_list("code", flat=True)
        ) == ["98", "104", "110"]

    response = planner_a.post(
        reverse("catalog:material_edit", args=[material.pk]),
        {"code": "TWL", "name": "Twill 240g", "kind": "fabric", "unit": "m", "unit_price": "32"},
    )

    assert response.status_code == 302
    with tenant_context(tenant_a):
        material.refresh_from_db()
    assert (material.name, material.unit_price) == ("Twill 240g", Decimal("32.0000"))
    for name in ("material_list", "customer_list", "size_grid_list", "colour_list"):
        assert planner_a.get(reverse(f"catalog:{name}")).status_code == 200


# --- permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.BRAND_BUYER])
def test_read_only_roles_see_pages_but_writes_are_403(
    role: str,
    tee: Style,
    tenant_a: Organization,
    client_as: Callable[[Organization, str], Client],
) -> None:
    client = client_as(tenant_a, role)
    with tenant_context(tenant_a):
        operation = Operation.objects.get(style=tee, sequence=1)
        line = BomLine.objects.get(style=tee)
        grid = SizeGridFactory()
    before = (_ops(tenant_a, tee), tee.name)

    assert client.get(reverse("catalog:style_list")).status_code == 200
    assert client.get(reverse("catalog:style_detail", args=[tee.pk])).status_code == 200
    assert client.get(reverse("catalog:material_list")).status_code == 200
    writes = [
        (
            reverse("catalog:style_create"),
            {"code": "X", "name": "X", "category": "other", "size_grid": grid.pk},
        ),
        (
            reverse("catalog:style_edit", args=[tee.pk]),
            {"code": "TEE-7", "name": "Changed", "category": "other", "size_grid": grid.pk},
        ),
        (reverse("catalog:style_delete", args=[tee.pk]), {}),
        (reverse("catalog:operation_move", args=[operation.pk]), {"position": 2}),
        (reverse("catalog:operation_delete", args=[operation.pk]), {}),
        (reverse("catalog:bom_line_delete", args=[line.pk]), {}),
        (
            reverse("catalog:material_create"),
            {"code": "M", "name": "M", "kind": "fabric", "unit": "m", "unit_price": "1"},
        ),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url

    with tenant_context(tenant_a):
        tee.refresh_from_db()
        assert (_ops(tenant_a, tee), tee.name) == before
        assert Style.objects.count() == 1
        assert BomLine.objects.count() == 1
        assert Material.objects.count() == 1


def test_worker_gets_403_on_catalog_pages(tee: Style, worker_a: Client) -> None:
    assert worker_a.get(reverse("catalog:style_list")).status_code == 403
    assert worker_a.get(reverse("catalog:style_detail", args=[tee.pk])).status_code == 403
    assert worker_a.get(reverse("catalog:style_picture", args=[tee.pk])).status_code == 403


def test_picture_of_a_style_without_one_is_404(tee: Style, planner_a: Client) -> None:
    assert planner_a.get(reverse("catalog:style_picture", args=[tee.pk])).status_code == 404


def test_replacing_and_removing_the_picture_deletes_the_old_file(
    tee: Style,
    tenant_a: Organization,
    planner_a: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    form = {
        "code": "TEE-7",
        "name": "Raglan tee",
        "category": "tshirt",
        "size_grid": tee.size_grid_id,
    }
    planner_a.post(
        reverse("catalog:style_edit", args=[tee.pk]),
        {**form, "picture": SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")},
    )
    with tenant_context(tenant_a):
        tee.refresh_from_db()
    first = tee.picture.name
    storage = tee.picture.storage

    with django_capture_on_commit_callbacks(execute=True):
        planner_a.post(
            reverse("catalog:style_edit", args=[tee.pk]),
            {
                **form,
                "picture": SimpleUploadedFile(
                    "b.jpg", png_bytes(colour="blue"), content_type="image/png"
                ),
            },
        )
    with tenant_context(tenant_a):
        tee.refresh_from_db()
    second = tee.picture.name
    assert second != first
    assert not storage.exists(first)
    assert storage.exists(second)

    with django_capture_on_commit_callbacks(execute=True):
        planner_a.post(
            reverse("catalog:style_edit", args=[tee.pk]), {**form, "clear_picture": "on"}
        )
    with tenant_context(tenant_a):
        tee.refresh_from_db()
    assert tee.picture.name == ""
    assert not storage.exists(second)


def test_new_operation_can_be_inserted_at_a_number(
    tee: Style, tenant_a: Organization, planner_a: Client
) -> None:
    response = planner_a.post(
        reverse("catalog:operation_create", args=[tee.pk]),
        {
            "name": "Cut threads",
            "section": "preparation",
            "machine_type": "MANUAL",
            "smv": "0.100",
            "piece_rate": "0",
            "skill_grade": "1",
            "position": "1",
        },
    )

    assert response.status_code == 302
    assert _ops(tenant_a, tee) == [(1, "Cut threads"), (2, "Join raglan seams"), (3, "Hem bottom")]


def test_planner_deletes_a_style_after_confirming(
    tee: Style, tenant_a: Organization, planner_a: Client
) -> None:
    confirm = planner_a.get(reverse("catalog:style_delete", args=[tee.pk]))
    assert "Delete style TEE-7 Raglan tee?" in confirm.content.decode()

    response = planner_a.post(reverse("catalog:style_delete", args=[tee.pk]))

    assert response["Location"] == reverse("catalog:style_list")
    with tenant_context(tenant_a):
        assert not Style.objects.filter(pk=tee.pk).exists()
        assert not Operation.objects.filter(style_id=tee.pk).exists()
