"""The progress, delivery and ledger API: each party sees what it may, retries have one
effect, refusals are a 422 naming the field, another party's row is a 404."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.cluster.choices import TransactionKind
from seamline.cluster.models import Delivery, LedgerTransaction
from seamline.webhooks import services as webhooks
from tests.cluster.factories import BrandFactory, OperatorFactory
from tests.cluster.isolation_ledger import ClusterWorld, cluster_world, settle

pytestmark = pytest.mark.django_db

As = Callable[..., Client]


@pytest.fixture(autouse=True)
def _no_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webhooks, "send_in_background", lambda ids: None)


@pytest.fixture
def world() -> ClusterWorld:
    return cluster_world(OperatorFactory())


def api(name: str, **kwargs: int) -> str:
    return reverse(f"api:{name}", kwargs=kwargs)


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def delivery_body(**extra: object) -> dict[str, Any]:
    return {
        "quantity": 100,
        "defective": 2,
        "delivered_on": "2026-11-20",
        "reference": "SH-API-1",
        "client_id": str(uuid.uuid4()),
    } | extra


def test_the_brand_records_a_delivery_and_a_retry_has_one_effect(
    world: ClusterWorld, api_client_as: As
) -> None:
    client = api_client_as(world.brand)
    path = api("cluster_delivery_record", allocation_id=world.allocation.pk)
    body = delivery_body()

    first = post(client, path, body)
    again = post(client, path, body)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    data = first.json()
    assert data["settlement"] == {
        "gross": "3000.00",
        "deduction": "40.00",
        "brand_due": "2960.00",
        "factory_due": "1760.00",
        "commission": "150.00",
        "channel": "60.00",
        "margin": "990.00",
    }
    assert data["cluster_order"] == world.order.number
    assert data["transaction"] is not None
    assert Delivery.unscoped.filter(allocation=world.allocation).count() == 1
    assert LedgerTransaction.unscoped.filter(cluster=world.cluster).count() == 1


def test_a_reused_id_and_bad_figures_are_422_naming_the_field(
    world: ClusterWorld, api_client_as: As
) -> None:
    client = api_client_as(world.operator)
    path = api("cluster_delivery_record", allocation_id=world.allocation.pk)
    body = delivery_body()
    post(client, path, body)

    reused = post(client, path, body | {"quantity": 99})
    too_many = post(client, path, delivery_body(quantity=401))
    defective = post(client, path, delivery_body(quantity=5, defective=6))

    assert reused.status_code == too_many.status_code == defective.status_code == 422
    assert reused.json()["errors"][0]["loc"] == ["body", "client_id"]
    assert too_many.json()["errors"][0]["loc"] == ["body", "quantity"]
    assert defective.json()["errors"][0]["loc"] == ["body", "defective"]
    assert Delivery.unscoped.filter(allocation=world.allocation).count() == 1


def test_the_factory_reads_progress_but_may_not_record_deliveries(
    world: ClusterWorld, api_client_as: As
) -> None:
    client = api_client_as(world.factory)
    progress = client.get(api("cluster_allocation_progress", allocation_id=world.allocation.pk))
    refused = post(
        client, api("cluster_delivery_record", allocation_id=world.allocation.pk), delivery_body()
    )

    assert progress.status_code == 200
    assert progress.json() | {"progress_at": None} == {
        "id": world.allocation.pk,
        "ref": str(world.allocation.ref),
        "cluster_order": world.order.number,
        "factory": world.factory.name,
        "status": "accepted",
        "ordered": 500,
        "cut": 0,
        "sewn": 0,
        "finished": 0,
        "shipped": 0,
        "delivered": 0,
        "progress_at": None,
        "live": True,
    }
    assert refused.status_code == 403
    assert not Delivery.unscoped.exists()


def test_an_outsider_gets_404s(world: ClusterWorld, api_client_as: As) -> None:
    client = api_client_as(BrandFactory())
    paths = [
        ("get", api("cluster_allocation_progress", allocation_id=world.allocation.pk)),
        ("post", api("cluster_delivery_record", allocation_id=world.allocation.pk)),
        ("get", api("cluster_statement", cluster_id=world.cluster.pk)),
        ("get", api("cluster_trial_balance", cluster_id=world.cluster.pk)),
        ("post", api("cluster_payment_record", cluster_id=world.cluster.pk)),
    ]
    for method, path in paths:
        assert getattr(client, method)(path).status_code == 404, path
    assert not Delivery.unscoped.exists()


def test_statements_by_party(world: ClusterWorld, api_client_as: As) -> None:
    delivery = settle(world, 100, defective=2, reference="SH-9")
    path = api("cluster_statement", cluster_id=world.cluster.pk)

    brand = api_client_as(world.brand).get(path).json()
    factory = api_client_as(world.factory).get(path).json()
    operator = api_client_as(world.operator).get(path, {"member": world.factory.pk}).json()
    other = api_client_as(world.factory).get(path, {"member": world.brand.pk})

    assert brand["balance"] == "2960.00"
    assert factory["balance"] == "1760.00"
    (line,) = factory["lines"]
    assert line["delivery"] == str(delivery.client_id)
    assert line["cluster_order"] == world.order.number
    assert line["allocation"] == str(world.allocation.ref)
    assert (line["quantity"], line["defective"], line["credit"]) == (100, 2, "1760.00")
    assert operator["lines"] == factory["lines"]
    assert other.status_code == 404


def test_trial_balance_and_payments_are_the_operators(
    world: ClusterWorld, api_client_as: As
) -> None:
    settle(world, 100, defective=2)
    operator = api_client_as(world.operator)
    payment = {
        "kind": TransactionKind.FACTORY_PAYMENT,
        "organization_id": world.factory.pk,
        "amount": "1760.00",
        "paid_on": "2026-11-30",
        "client_id": str(uuid.uuid4()),
    }
    path = api("cluster_payment_record", cluster_id=world.cluster.pk)

    first = post(operator, path, payment)
    again = post(operator, path, payment)
    trial = operator.get(api("cluster_trial_balance", cluster_id=world.cluster.pk)).json()

    assert (first.status_code, again.status_code) == (201, 200)
    assert [e["debit"] for e in first.json()["entries"]] == ["1760.00", "0.00"]
    assert trial["balanced"] is True
    assert trial["total_debit"] == trial["total_credit"] == "4720.00"
    payable = next(r for r in trial["rows"] if r["organization"] == world.factory.pk)
    assert payable["balance"] == "0.00"
    for party in (world.brand, world.factory):
        client = api_client_as(party)
        assert (
            client.get(api("cluster_trial_balance", cluster_id=world.cluster.pk)).status_code == 404
        )
        assert post(client, path, payment | {"client_id": str(uuid.uuid4())}).status_code == 404
    assert LedgerTransaction.unscoped.filter(kind=TransactionKind.FACTORY_PAYMENT).count() == 1


def test_a_bad_payment_is_a_422(world: ClusterWorld, api_client_as: As) -> None:
    response = post(
        api_client_as(world.operator),
        api("cluster_payment_record", cluster_id=world.cluster.pk),
        {
            "kind": "refund",
            "organization_id": world.brand.pk,
            "amount": "10.00",
            "paid_on": "2026-11-30",
            "client_id": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "kind"]


def test_the_endpoints_are_documented() -> None:
    from seamline.config.api import api as seamline_api

    paths = seamline_api.get_openapi_schema()["paths"]
    for path in (
        "/api/v1/cluster/allocations/{allocation_id}/progress",
        "/api/v1/cluster/allocations/{allocation_id}/deliveries",
        "/api/v1/cluster/clusters/{cluster_id}/statement",
        "/api/v1/cluster/clusters/{cluster_id}/trial-balance",
        "/api/v1/cluster/clusters/{cluster_id}/payments",
    ):
        operations = paths[path]
        assert all(op.get("description") for op in operations.values()), path
