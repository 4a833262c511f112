"""The orders API: /api/v1/orders/."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.orders.models import Order, OrderEvent, OrderLine
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.orders.conftest import Catalog, make_catalog


def _json(client: Client, method: str, url: str, body: Any = None) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )


def _create_body(c: Catalog, number: str = "SO-API-1") -> dict[str, Any]:
    return {
        "number": number,
        "customer_id": c.customer.pk,
        "delivery_date": "2027-02-01",
        "customer_po": "PO-9",
        "styles": [
            {
                "style_id": c.style.pk,
                "unit_price": "7.25",
                "cells": [
                    {"colour_id": c.red.pk, "size_id": c.s.pk, "quantity": 10},
                    {"colour_id": c.red.pk, "size_id": c.l.pk, "quantity": 2},
                    {"colour_id": c.navy.pk, "size_id": c.m.pk, "quantity": 0},
                ],
            }
        ],
    }


@pytest.fixture
def planner_api(api_client_as: Callable[..., Client], tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.PLANNER)


@pytest.fixture
def created(planner_api: Client, catalog: Catalog) -> dict[str, Any]:
    response = _json(planner_api, "post", reverse("api:order_create"), _create_body(catalog))
    assert response.status_code == 201, response.content
    return response.json()


def test_create_with_lines_in_one_body(created: dict[str, Any], catalog: Catalog) -> None:
    c = catalog
    assert (created["number"], created["status"], created["currency"]) == (
        "SO-API-1",
        "draft",
        "USD",
    )
    assert (created["pieces"], Decimal(created["value"])) == (12, Decimal("87"))
    [style] = created["styles"]
    assert style["rows"] == [
        {
            "colour": {"id": c.red.pk, "code": "RED", "name": "Red"},
            "quantities": [10, 0, 2],
            "total": 12,
        }
    ]
    assert style["column_totals"] == [10, 0, 2]
    assert created["next_statuses"] == ["confirmed", "cancelled"]
    assert [(e["from_status"], e["to_status"]) for e in created["history"]] == [("", "draft")]


def test_create_with_a_bad_cell_names_it_and_writes_nothing(
    planner_api: Client, catalog: Catalog, tenant_a: Organization
) -> None:
    body = _create_body(catalog)
    body["styles"][0]["cells"].append(
        {"colour_id": catalog.red.pk, "size_id": 999999, "quantity": 1}
    )
    response = _json(planner_api, "post", reverse("api:order_create"), body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "loc": ["body", f"qty_{catalog.red.pk}_999999"],
            "msg": "Colour RED, size #999999: the size is not in the size grid of style TEE-01.",
            "type": "size_not_of_style",
        }
    ]
    with tenant_context(tenant_a):
        assert Order.objects.count() == 0


def test_negative_quantity_is_a_422_naming_the_field(planner_api: Client, catalog: Catalog) -> None:
    body = _create_body(catalog)
    body["styles"][0]["cells"][0]["quantity"] = -5
    response = _json(planner_api, "post", reverse("api:order_create"), body)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["loc"] == ["body", "payload", "styles", 0, "cells", 0, "quantity"]


def test_list_filters_and_paginates(
    planner_api: Client, created: dict[str, Any], catalog: Catalog
) -> None:
    _json(
        planner_api,
        "post",
        reverse("api:order_create"),
        {**_create_body(catalog, "SO-API-2"), "styles": []},
    )
    url = reverse("api:order_list")
    everything = planner_api.get(url).json()
    assert everything["count"] == 2
    assert [(o["number"], o["pieces"]) for o in everything["items"]] == [
        ("SO-API-2", 0),
        ("SO-API-1", 12),
    ]
    assert [o["number"] for o in planner_api.get(url, {"search": "api-1"}).json()["items"]] == [
        "SO-API-1"
    ]
    assert [
        o["number"] for o in planner_api.get(url, {"style_id": catalog.style.pk}).json()["items"]
    ] == ["SO-API-1"]
    assert planner_api.get(url, {"status": "shipped"}).json()["count"] == 0
    assert [
        o["number"] for o in planner_api.get(url, {"limit": 1, "offset": 1}).json()["items"]
    ] == ["SO-API-1"]


def test_update_set_matrix_remove_style_and_transition(
    planner_api: Client, created: dict[str, Any], catalog: Catalog, tenant_a: Organization
) -> None:
    c = catalog
    pk = created["id"]
    patched = _json(
        planner_api,
        "patch",
        reverse("api:order_update", kwargs={"pk": pk}),
        {"customer_po": "PO-NEW"},
    )
    assert patched.status_code == 200
    assert patched.json()["customer_po"] == "PO-NEW"

    matrix = _json(
        planner_api,
        "put",
        reverse("api:order_set_matrix", kwargs={"pk": pk}),
        {
            "style_id": c.style.pk,
            "unit_price": "3",
            "cells": [{"colour_id": c.navy.pk, "size_id": c.m.pk, "quantity": 6}],
        },
    ).json()
    assert matrix["styles"][0]["cells"] == [
        {"colour_id": c.navy.pk, "size_id": c.m.pk, "quantity": 6}
    ]
    assert (matrix["pieces"], Decimal(matrix["value"])) == (6, Decimal("18"))

    confirmed = _json(
        planner_api,
        "post",
        reverse("api:order_transition", kwargs={"pk": pk}),
        {"to": "confirmed", "note": "PO signed"},
    ).json()
    assert confirmed["status"] == "confirmed"
    assert confirmed["history"][-1]["note"] == "PO signed"
    assert confirmed["history"][-1]["by"] is not None

    removed = planner_api.delete(
        reverse("api:order_remove_style", kwargs={"pk": pk, "style_id": c.style.pk})
    ).json()
    assert (removed["styles"], removed["pieces"]) == ([], 0)

    refused = _json(
        planner_api, "post", reverse("api:order_transition", kwargs={"pk": pk}), {"to": "closed"}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["type"] == "invalid_transition"


def test_style_of_another_tenant_is_a_404(
    planner_api: Client, created: dict[str, Any], tenant_b: Organization
) -> None:
    other = make_catalog(tenant_b, prefix="B")
    response = _json(
        planner_api,
        "put",
        reverse("api:order_set_matrix", kwargs={"pk": created["id"]}),
        {"style_id": other.style.pk, "cells": []},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRAND_BUYER, Role.SUPERVISOR])
def test_roles_without_edit_rights_get_403_and_nothing_changes(
    role: str,
    api_client_as: Callable[..., Client],
    created: dict[str, Any],
    catalog: Catalog,
    tenant_a: Organization,
) -> None:
    client = api_client_as(tenant_a, role)
    pk = created["id"]
    attempts = [
        ("post", reverse("api:order_create"), _create_body(catalog, "SO-NOPE")),
        ("patch", reverse("api:order_update", kwargs={"pk": pk}), {"customer_po": "X"}),
        (
            "put",
            reverse("api:order_set_matrix", kwargs={"pk": pk}),
            {"style_id": catalog.style.pk, "cells": []},
        ),
        ("post", reverse("api:order_transition", kwargs={"pk": pk}), {"to": "confirmed"}),
        (
            "delete",
            reverse("api:order_remove_style", kwargs={"pk": pk, "style_id": catalog.style.pk}),
            None,
        ),
    ]
    for method, url, body in attempts:
        assert _json(client, method, url, body).status_code == 403, (method, url)
    with tenant_context(tenant_a):
        order = Order.objects.get()
        assert (order.customer_po, order.status) == ("PO-9", "draft")
        assert OrderLine.objects.count() == 2
        assert OrderEvent.objects.count() == 1
    can_read = role != Role.WORKER
    assert client.get(reverse("api:order_get", kwargs={"pk": pk})).status_code == (
        200 if can_read else 403
    )


def test_list_reads_in_a_fixed_number_of_queries(
    planner_api: Client, catalog: Catalog, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        _json(planner_api, "post", reverse("api:order_create"), _create_body(catalog, f"SO-{n}"))
    with django_assert_max_num_queries(6):
        response = planner_api.get(reverse("api:order_list"), {"limit": 50})
    assert response.json()["count"] == 15
