"""The catalog API with bearer tokens: styles, bulletins, master data."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.catalog.choices import MachineType
from seamline.catalog.models import Colour, Customer, Material, Operation, SizeGrid, Style
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
    precede,
)

ApiClient = Callable[[Organization, str], Client]


def _send(client: Client, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def planner_api(api_client_as: ApiClient, tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.PLANNER)


@pytest.fixture
def style(tenant_a: Organization) -> Style:
    with tenant_context(tenant_a):
        style = StyleFactory(code="JKT-1", size_grid=SizeGridFactory(sizes=["S", "M"]))
        first = OperationFactory(
            style=style,
            sequence=1,
            name="Front darts",
            smv=Decimal("0.600"),
            piece_rate=Decimal("0.2000"),
        )
        second = OperationFactory(
            style=style,
            sequence=2,
            name="Shoulder seam",
            smv=Decimal("0.900"),
            piece_rate=Decimal("0.2500"),
        )
        precede(first, second)
        BomLineFactory(
            style=style,
            material=MaterialFactory(code="WOOL", unit_price=Decimal("40.0000")),
            consumption=Decimal("1.5000"),
            wastage_pct=Decimal("10.00"),
        )
    return style


def _bulletin(tenant: Organization, style: Style) -> list[tuple[int, str, Decimal]]:
    with tenant_context(tenant):
        return list(
            Operation.objects.filter(style=style)
            .order_by("sequence")
            .values_list("sequence", "name", "smv")
        )


def test_get_style_includes_bulletin_precedence_bom_and_labour(
    style: Style, api_client_as: ApiClient, tenant_a: Organization
) -> None:
    buyer = api_client_as(tenant_a, Role.BRAND_BUYER)

    response = buyer.get(reverse("api:style_get", kwargs={"style_id": style.pk}))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "JKT-1"
    assert body["sizes"] == ["S", "M"]
    assert [(op["sequence"], op["name"], op["smv"], op["after"]) for op in body["operations"]] == [
        (1, "Front darts", "0.600", []),
        (2, "Shoulder seam", "0.900", [1]),
    ]
    assert body["labour"]["total_smv"] == "1.500"
    assert body["labour"]["labour_cost"] == "0.4500"
    assert body["labour"]["labour_cost_per_dozen"] == "5.4000"
    assert body["labour"]["pieces_per_hour"] == "40.00"
    assert body["bom"][0]["material_code"] == "WOOL"
    assert body["bom"][0]["cost"] == "66.0000"
    assert body["material_cost"] == "66.0000"


def test_style_crud_with_a_token(planner_api: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        grid = SizeGridFactory()
        customer = CustomerFactory()
        red, navy = ColourFactory(code="RED"), ColourFactory(code="NAVY")

    created = _send(
        planner_api,
        "post",
        reverse("api:style_create"),
        {
            "code": "DR-1",
            "name": "Wrap dress",
            "customer_id": customer.pk,
            "category": "dress",
            "size_grid_id": grid.pk,
            "colour_ids": [red.pk],
        },
    )
    assert created.status_code == 201, created.content
    style_id = created.json()["id"]
    assert [c["code"] for c in created.json()["colours"]] == ["RED"]

    updated = _send(
        planner_api,
        "patch",
        reverse("api:style_update", kwargs={"style_id": style_id}),
        {"season": "SS28", "colour_ids": [navy.pk, red.pk], "customer_id": None},
    )
    assert updated.status_code == 200, updated.content
    assert updated.json()["season"] == "SS28"
    assert updated.json()["customer_id"] is None
    assert [c["code"] for c in updated.json()["colours"]] == ["NAVY", "RED"]

    listed = planner_api.get(reverse("api:style_list"), {"search": "dr-"})
    assert [s["code"] for s in listed.json()["items"]] == ["DR-1"]

    deleted = planner_api.delete(reverse("api:style_delete", kwargs={"style_id": style_id}))
    assert deleted.status_code == 204
    with tenant_context(tenant_a):
        assert not Style.objects.filter(pk=style_id).exists()


def test_style_create_with_another_tenants_grid_is_422(
    planner_api: Client, tenant_b: Organization
) -> None:
    with tenant_context(tenant_b):
        foreign = SizeGridFactory()

    response = _send(
        planner_api,
        "post",
        reverse("api:style_create"),
        {"code": "X-1", "name": "X", "size_grid_id": foreign.pk},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "loc": ["body", "payload", "size_grid_id"],
            "msg": f"Unknown id {foreign.pk}.",
            "type": "invalid",
        }
    ]


def test_bulletin_replace_writes_all_rows(
    style: Style, planner_api: Client, tenant_a: Organization
) -> None:
    response = _send(
        planner_api,
        "put",
        reverse("api:style_bulletin", kwargs={"style_id": style.pk}),
        {
            "operations": [
                {
                    "name": "Fuse facings",
                    "machine_type": "FUSE",
                    "smv": "0.300",
                    "section": "front",
                },
                {"name": "Front darts", "machine_type": "SNLS", "smv": "0.600", "after": [1]},
                {"name": "Shoulder seam", "machine_type": "SNLS", "smv": "0.900", "after": [2]},
            ]
        },
    )

    assert response.status_code == 200, response.content
    assert [(op["sequence"], op["after"]) for op in response.json()["operations"]] == [
        (1, []),
        (2, [1]),
        (3, [2]),
    ]
    assert response.json()["labour"]["total_smv"] == "1.800"
    assert _bulletin(tenant_a, style) == [
        (1, "Fuse facings", Decimal("0.300")),
        (2, "Front darts", Decimal("0.600")),
        (3, "Shoulder seam", Decimal("0.900")),
    ]


def test_bulletin_replace_with_a_bad_row_is_422_and_writes_nothing(
    style: Style, planner_api: Client, tenant_a: Organization
) -> None:
    before = _bulletin(tenant_a, style)

    response = _send(
        planner_api,
        "put",
        reverse("api:style_bulletin", kwargs={"style_id": style.pk}),
        {
            "operations": [
                {"name": "Fuse facings", "machine_type": "FUSE", "smv": "0.300"},
                {"name": "Front darts", "machine_type": "SNLS", "smv": "-1"},
            ]
        },
    )

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"] == ["body", "payload", "operations", 1, "smv"]
    assert _bulletin(tenant_a, style) == before


def test_bulletin_replace_with_a_loop_is_422_naming_the_row(
    style: Style, planner_api: Client, tenant_a: Organization
) -> None:
    before = _bulletin(tenant_a, style)

    response = _send(
        planner_api,
        "put",
        reverse("api:style_bulletin", kwargs={"style_id": style.pk}),
        {
            "operations": [
                {"name": "A", "machine_type": MachineType.SNLS, "smv": "0.3", "after": [3]},
                {"name": "B", "machine_type": MachineType.SNLS, "smv": "0.3", "after": [1]},
                {"name": "C", "machine_type": MachineType.SNLS, "smv": "0.3", "after": [2]},
            ]
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "loc": ["body", "payload", "operations", 0, "after"],
            "msg": "Operation 1 cannot come after 3: 3 already comes after 1, so the bulletin "
            "would go round in a loop.",
            "type": "invalid",
        }
    ]
    assert _bulletin(tenant_a, style) == before


def test_master_data_crud(planner_api: Client, tenant_a: Organization) -> None:
    customer = _send(
        planner_api, "post", reverse("api:customer_create"), {"code": "ZARA", "name": "Z Brand"}
    )
    colour = _send(
        planner_api, "post", reverse("api:colour_create"), {"code": "OLV", "name": "Olive"}
    )
    grid = _send(
        planner_api,
        "post",
        reverse("api:size_grid_create"),
        {"code": "ALPHA", "name": "Alpha", "sizes": ["S", "M", "L"]},
    )
    material = _send(
        planner_api,
        "post",
        reverse("api:material_create"),
        {"code": "POP", "name": "Poplin", "kind": "fabric", "unit": "m", "unit_price": "12.5"},
    )
    assert [r.status_code for r in (customer, colour, grid, material)] == [201, 201, 201, 201]
    assert [s["code"] for s in grid.json()["sizes"]] == ["S", "M", "L"]
    assert material.json()["unit_price"] == "12.5000"

    ids = {
        "customer": customer.json()["id"],
        "colour": colour.json()["id"],
        "grid": grid.json()["id"],
        "material": material.json()["id"],
    }
    assert (
        _send(
            planner_api,
            "patch",
            reverse("api:customer_update", kwargs={"customer_id": ids["customer"]}),
            {"name": "Z Brand Europe"},
        ).json()["name"]
        == "Z Brand Europe"
    )
    assert (
        _send(
            planner_api,
            "patch",
            reverse("api:colour_update", kwargs={"colour_id": ids["colour"]}),
            {"hex": "#556B2F"},
        ).json()["hex"]
        == "#556B2F"
    )
    assert [
        s["code"]
        for s in _send(
            planner_api,
            "patch",
            reverse("api:size_grid_update", kwargs={"grid_id": ids["grid"]}),
            {"sizes": ["XS", "S", "M", "L"]},
        ).json()["sizes"]
    ] == ["XS", "S", "M", "L"]
    assert (
        _send(
            planner_api,
            "patch",
            reverse("api:material_update", kwargs={"material_id": ids["material"]}),
            {"unit_price": "13"},
        ).json()["unit_price"]
        == "13.0000"
    )

    assert (
        planner_api.get(
            reverse("api:customer_get", kwargs={"customer_id": ids["customer"]})
        ).status_code
        == 200
    )
    assert (
        planner_api.get(reverse("api:colour_get", kwargs={"colour_id": ids["colour"]})).status_code
        == 200
    )
    assert (
        planner_api.get(reverse("api:size_grid_get", kwargs={"grid_id": ids["grid"]})).status_code
        == 200
    )
    assert (
        planner_api.get(
            reverse("api:material_get", kwargs={"material_id": ids["material"]})
        ).status_code
        == 200
    )
    for name in ("customer_list", "colour_list", "size_grid_list", "material_list"):
        assert planner_api.get(reverse(f"api:{name}")).json()["count"] == 1
    with tenant_context(tenant_a):
        assert Customer.objects.get().name == "Z Brand Europe"
        assert Colour.objects.get().hex == "#556B2F"
        assert SizeGrid.objects.get().sizes.count() == 4
        assert Material.objects.get().unit_price == Decimal("13.0000")


def test_duplicate_material_code_is_422_on_the_field(
    planner_api: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        MaterialFactory(code="DUP")

    response = _send(
        planner_api,
        "post",
        reverse("api:material_create"),
        {"code": "DUP", "name": "Again", "kind": "trim", "unit": "pc"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "payload", "code"]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.BRAND_BUYER])
def test_read_only_tokens_cannot_write(
    role: str, style: Style, api_client_as: ApiClient, tenant_a: Organization
) -> None:
    client = api_client_as(tenant_a, role)
    before = _bulletin(tenant_a, style)

    assert client.get(reverse("api:style_list")).status_code == 200
    assert (
        _send(
            client,
            "patch",
            reverse("api:style_update", kwargs={"style_id": style.pk}),
            {"name": "Changed"},
        ).status_code
        == 403
    )
    assert (
        _send(
            client,
            "put",
            reverse("api:style_bulletin", kwargs={"style_id": style.pk}),
            {"operations": []},
        ).status_code
        == 403
    )
    assert (
        client.delete(reverse("api:style_delete", kwargs={"style_id": style.pk})).status_code == 403
    )
    assert (
        _send(
            client, "post", reverse("api:customer_create"), {"code": "C", "name": "C"}
        ).status_code
        == 403
    )

    with tenant_context(tenant_a):
        style.refresh_from_db()
        assert Customer.objects.filter(code="C").count() == 0
    assert style.name != "Changed"
    assert _bulletin(tenant_a, style) == before


def test_style_list_shows_total_smv(
    style: Style, planner_api: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        StyleFactory(code="EMPTY-1")

    response = planner_api.get(reverse("api:style_list"))

    assert [(s["code"], s["total_smv"]) for s in response.json()["items"]] == [
        ("EMPTY-1", "0.000"),
        ("JKT-1", "1.500"),
    ]


def test_worker_token_cannot_read_the_catalog(
    style: Style, api_client_as: ApiClient, tenant_a: Organization
) -> None:
    client = api_client_as(tenant_a, Role.WORKER)

    assert client.get(reverse("api:style_list")).status_code == 403
    assert client.get(reverse("api:style_get", kwargs={"style_id": style.pk})).status_code == 403


def test_bom_line_crud_with_size_consumptions(
    style: Style, planner_api: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        lining = MaterialFactory(code="LIN", unit_price=Decimal("8.0000"))

    created = _send(
        planner_api,
        "post",
        reverse("api:bom_line_create"),
        {
            "style_id": style.pk,
            "material_id": lining.pk,
            "consumption": "1.0",
            "wastage_pct": "5",
            "placement": "body",
            "size_consumptions": {"M": "1.2"},
        },
    )
    assert created.status_code == 201, created.content
    line = created.json()
    assert (line["cost"], line["size_consumptions"]) == ("8.4000", {"M": "1.2000"})

    updated = _send(
        planner_api,
        "patch",
        reverse("api:bom_line_update", kwargs={"bom_line_id": line["id"]}),
        {"consumption": "0.9", "size_consumptions": {}},
    )
    assert updated.status_code == 200, updated.content
    assert (updated.json()["consumption"], updated.json()["size_consumptions"]) == ("0.9000", {})

    bad = _send(
        planner_api,
        "patch",
        reverse("api:bom_line_update", kwargs={"bom_line_id": line["id"]}),
        {"size_consumptions": {"XXL": "2"}},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "payload", "size_consumptions", "XXL"]

    deleted = planner_api.delete(reverse("api:bom_line_delete", kwargs={"bom_line_id": line["id"]}))
    assert deleted.status_code == 204
    detail = planner_api.get(reverse("api:style_get", kwargs={"style_id": style.pk})).json()
    assert [row["material_code"] for row in detail["bom"]] == ["WOOL"]


def test_bom_line_for_another_tenants_style_is_422(
    planner_api: Client, tenant_a: Organization, tenant_b: Organization
) -> None:
    with tenant_context(tenant_b):
        foreign = StyleFactory()
    with tenant_context(tenant_a):
        material = MaterialFactory()

    response = _send(
        planner_api,
        "post",
        reverse("api:bom_line_create"),
        {"style_id": foreign.pk, "material_id": material.pk, "consumption": "1"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "payload", "style_id"]
    with tenant_context(tenant_b):
        assert foreign.bom_lines.count() == 0
