"""The packing API, /api/v1/shipping/: status grid, cartons, pack solid or by ratio, unpack.

The cut order: 60 ordered of S and of M; 20 S and 40 M passed end-of-line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Carton
from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.cutting.factories import CutOrder, cut_order
from tests.shipping.isolation_cases import pass_pieces, shipment


@pytest.fixture
def cut(in_tenant_a: Organization) -> CutOrder:
    made = cut_order()
    small, medium = made.sizes
    pass_pieces(made, small, 20)
    pass_pieces(made, medium, 40)
    return made


@pytest.fixture
def as_role(
    tenant_a: Organization, member: Callable[..., User], login: Callable[..., Client]
) -> Callable[[str], Client]:
    return lambda role: login(member(tenant_a, role), tenant_a)


@pytest.fixture
def packer(as_role: Callable[[str], Client]) -> Client:
    return as_role(Role.SUPERVISOR)


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def cartons_url(cut: CutOrder) -> str:
    return reverse("api:shipping_carton_pack", kwargs={"order_id": cut.order.pk})


def solid(cut: CutOrder, per: int, cartons: int, size: int = 1) -> dict[str, Any]:
    return {
        "pack_type": "solid",
        "style_id": cut.style.pk,
        "colour_id": cut.colour.pk,
        "size_id": cut.sizes[size].pk,
        "pieces_per_carton": per,
        "cartons": cartons,
        "net_kg": "5.00",
        "gross_kg": "5.50",
    }


def fields_of(response: Any) -> set[str]:
    return {error["loc"][-1] for error in response.json()["errors"]}


def test_packs_solid_cartons_and_lists_them(cut: CutOrder, packer: Client) -> None:
    response = post(packer, cartons_url(cut), solid(cut, 10, 2))
    assert response.status_code == 201, response.content
    made = response.json()
    assert [c["number"] for c in made] == [1, 2]
    assert made[0]["pieces"] == 10
    assert made[0]["code"] == f"{cut.order.number}-0001"
    assert made[0]["lines"][0]["size"]["code"] == "M"
    assert made[0]["gross_kg"] == "5.50"
    listed = packer.get(reverse("api:shipping_carton_list", kwargs={"order_id": cut.order.pk}))
    assert [c["number"] for c in listed.json()] == [1, 2]


def test_packs_by_ratio(cut: CutOrder, packer: Client) -> None:
    small, medium = cut.sizes
    body = {
        "pack_type": "ratio",
        "style_id": cut.style.pk,
        "colour_id": cut.colour.pk,
        "ratio": [{"size_id": small.pk, "pieces": 2}, {"size_id": medium.pk, "pieces": 4}],
        "cartons": 10,
    }
    response = post(packer, cartons_url(cut), body)
    assert response.status_code == 201, response.content
    assert {c["pieces"] for c in response.json()} == {6}
    grid = packer.get(reverse("api:shipping_order_packing", kwargs={"order_id": cut.order.pk}))
    rows = {row["size"]["code"]: row for row in grid.json()["rows"]}
    assert (rows["S"]["passed"], rows["S"]["packed"], rows["S"]["packable"]) == (20, 20, 0)
    assert (rows["M"]["passed"], rows["M"]["packed"], rows["M"]["packable"]) == (40, 40, 0)
    assert grid.json()["totals"]["packed"] == 60
    assert grid.json()["over_ship_allowance"] == "0.05"


def test_packing_more_than_passed_is_a_422_naming_the_cell(cut: CutOrder, packer: Client) -> None:
    response = post(packer, cartons_url(cut), solid(cut, 12, 4))
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["msg"] == (
        f"M / {cut.colour.name} ({cut.style.code}): 40 passed, 0 packed, 48 more asked."
    )
    assert error["type"] == "over_passed"
    assert not Carton.objects.exists()


def test_missing_and_bad_fields_are_named(cut: CutOrder, packer: Client) -> None:
    body = solid(cut, 10, 1)
    del body["pieces_per_carton"]
    response = post(packer, cartons_url(cut), body)
    assert response.status_code == 422
    assert fields_of(response) == {"pieces_per_carton"}
    response = post(packer, cartons_url(cut), {**solid(cut, 10, 1), "cartons": 0})
    assert response.status_code == 422
    assert "cartons" in fields_of(response)
    response = post(packer, cartons_url(cut), {**solid(cut, 10, 1), "size_id": 999999})
    assert response.status_code == 422
    assert fields_of(response) == {"size_id"}
    assert not Carton.objects.exists()


def test_deletes_a_carton_but_not_a_dispatched_one(cut: CutOrder, packer: Client) -> None:
    made = post(packer, cartons_url(cut), solid(cut, 10, 2)).json()
    url = reverse("api:shipping_carton_delete", kwargs={"carton_id": made[0]["id"]})
    assert packer.delete(url).status_code == 204
    Carton.objects.filter(pk=made[1]["id"]).update(
        shipment=shipment(cut.order.customer, "SH-1", status=ShipmentStatus.DISPATCHED)
    )
    url = reverse("api:shipping_carton_delete", kwargs={"carton_id": made[1]["id"]})
    refused = packer.delete(url)
    assert refused.status_code == 422
    assert "left the factory" in refused.json()["errors"][0]["msg"]
    assert list(Carton.objects.values_list("number", flat=True)) == [2]


def test_an_inspector_reads_but_may_not_pack(
    cut: CutOrder, as_role: Callable[[str], Client]
) -> None:
    inspector = as_role(Role.INSPECTOR)
    status = inspector.get(reverse("api:shipping_order_packing", kwargs={"order_id": cut.order.pk}))
    assert status.status_code == 200
    assert post(inspector, cartons_url(cut), solid(cut, 10, 1)).status_code == 403
    assert not Carton.objects.exists()
    worker = as_role(Role.WORKER)
    assert (
        worker.get(
            reverse("api:shipping_carton_list", kwargs={"order_id": cut.order.pk})
        ).status_code
        == 403
    )
