"""Who sees what of cluster orders, on pages and over the API: a factory never sees another
factory's bid, allocation or price; a brand never another brand's order; the operator sees
all of its cluster. Everything else is a 404 or absent from lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.cluster.choices import AllocationStatus, MemberRole
from seamline.cluster.models import Allocation, AllocationRun, Bid
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cluster.factories import (
    AllocationFactory,
    AllocationLineFactory,
    BrandFactory,
    ClusterMemberFactory,
)
from tests.cluster.test_orders import Scene, new_order, scene

pytestmark = pytest.mark.django_db

Maker = Callable[[Organization], Client]


def _allocation(s: Scene, order: Any, factory: Organization, price: str) -> Allocation:
    with tenant_context(s.operator):
        allocation = AllocationFactory(
            order=order,
            factory=factory,
            quantity=250,
            unit_price=Decimal(price),
            status=AllocationStatus.OFFERED,
            answered_at=None,
            reason={"factory": factory.pk, "name": factory.name, "codes": ["lowest_cost"]},
        )
        AllocationLineFactory(allocation=allocation, colour="NAVY", size="M", quantity=250)
    return allocation


def _bid(s: Scene, order: Any, factory: Organization, price: str, note: str) -> Bid:
    with tenant_context(s.operator):
        return Bid.objects.create(
            order=order,
            factory=factory,
            quantity=250,
            unit_price=Decimal(price),
            ready_date=timezone.localdate() + dt.timedelta(days=20),
            note=note,
        )


@pytest.fixture
def world() -> dict[str, Any]:
    s = scene(factories=2)
    a, b = s.factories
    other_brand = BrandFactory(name="Brand Yankee")
    with tenant_context(s.operator):
        ClusterMemberFactory(cluster=s.cluster, organization=other_brand, role=MemberRole.BRAND)
    order = new_order(s, brand_reference="PO-XRAY")
    with tenant_context(s.operator):
        run = AllocationRun.objects.create(
            order=order, mode="cost", status="optimal", objective=1, bound=1
        )
    alloc_a = _allocation(s, order, a, "18.3333")
    alloc_b = _allocation(s, order, b, "19.4444")
    Allocation.unscoped.filter(pk__in=[alloc_a.pk, alloc_b.pk]).update(run=run)
    _bid(s, order, a, "17.1111", "note of A")
    _bid(s, order, b, "16.2222", "note of B")
    # Brand Y's own order in the same cluster, with a style of its own.
    y = scene(factories=0)
    y.cluster, y.operator = s.cluster, s.operator
    with tenant_context(s.operator):
        ClusterMemberFactory(cluster=s.cluster, organization=y.brand, role=MemberRole.BRAND)
    order_y = new_order(y, brand_reference="PO-YANKEE", publish=False)
    elsewhere = scene(factories=1)
    return {
        "s": s,
        "a": a,
        "b": b,
        "order": order,
        "order_y": order_y,
        "brand_y": y.brand,
        "run": run,
        "alloc_a": alloc_a,
        "alloc_b": alloc_b,
        "outsider": elsewhere.factories[0],
        "other_operator": elsewhere.operator,
    }


def test_factory_page_shows_its_own_bid_and_allocation_only(
    world: dict[str, Any], client_as: Maker
) -> None:
    client = client_as(world["a"])
    page = client.get(reverse("cluster:order_detail", args=[world["order"].pk])).content.decode()
    assert "17.1111" in page
    assert "18.3333" in page
    for secret in ("16.2222", "19.4444", "note of B", world["b"].name, "30.0000", "PO-XRAY"):
        assert secret not in page
    assert world["s"].brand.name not in page  # the brand did not share its name
    assert "Attach sleeves" in page
    assert "12.500" in page
    listing = client.get(reverse("cluster:order_list")).content.decode()
    assert world["order"].number in listing
    assert world["order_y"].number not in listing  # a draft
    assert "19.4444" not in listing


def test_factory_gets_404_for_another_factorys_allocation_and_the_run(
    world: dict[str, Any], client_as: Maker, api_client_as: Maker
) -> None:
    client, api = client_as(world["a"]), api_client_as(world["a"])
    b_pk = world["alloc_b"].pk
    assert client.get(reverse("cluster:allocation_detail", args=[b_pk])).status_code == 404
    assert (
        client.post(reverse("cluster:allocation_answer", args=[b_pk]), {"accept": "1"}).status_code
        == 404
    )
    assert api.get(f"/api/v1/cluster/allocations/{b_pk}").status_code == 404
    response = api.post(
        f"/api/v1/cluster/allocations/{b_pk}/answer",
        {"accept": True},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert api.get(f"/api/v1/cluster/runs/{world['run'].pk}").status_code == 404
    assert client.post(reverse("cluster:run_offer", args=[world["run"].pk])).status_code == 404
    items = api.get("/api/v1/cluster/allocations").json()["items"]
    assert [item["id"] for item in items] == [world["alloc_a"].pk]
    assert items[0]["lines"] == [{"colour": "NAVY", "size": "M", "quantity": 250}]
    own = client.get(reverse("cluster:allocation_detail", args=[world["alloc_a"].pk]))
    assert '<td class="num">250</td>' in own.content.decode()
    detail = api.get(f"/api/v1/cluster/orders/{world['order'].pk}").json()
    assert detail["target_price"] is None
    assert detail["brand"] is None
    assert detail["factory_price"] is None
    assert detail["commission_pct"] is None
    assert "16.2222" not in str(detail)
    assert Allocation.unscoped.get(pk=b_pk).status == AllocationStatus.OFFERED


def test_factory_sees_the_price_when_the_brand_shares_it(
    world: dict[str, Any], client_as: Maker
) -> None:
    s = world["s"]
    order = new_order(s, share_target_price=True, share_brand_name=True)
    page = client_as(world["a"]).get(reverse("cluster:order_detail", args=[order.pk]))
    assert "30.0000" in page.content.decode()
    assert s.brand.name in page.content.decode()


def test_brand_never_sees_another_brands_order(
    world: dict[str, Any], client_as: Maker, api_client_as: Maker
) -> None:
    client, api = client_as(world["brand_y"]), api_client_as(world["brand_y"])
    pk = world["order"].pk
    assert client.get(reverse("cluster:order_detail", args=[pk])).status_code == 404
    assert client.post(reverse("cluster:order_cancel", args=[pk])).status_code == 404
    assert api.get(f"/api/v1/cluster/orders/{pk}").status_code == 404
    assert api.get(f"/api/v1/cluster/allocations/{world['alloc_a'].pk}").status_code == 404
    numbers = [o["number"] for o in api.get("/api/v1/cluster/orders").json()["items"]]
    assert numbers == [world["order_y"].number]
    assert "PO-XRAY" not in client.get(reverse("cluster:order_list")).content.decode()


def test_outsiders_get_404(world: dict[str, Any], client_as: Maker, api_client_as: Maker) -> None:
    pk = world["order"].pk
    for org in (world["outsider"], world["other_operator"]):
        assert client_as(org).get(reverse("cluster:order_detail", args=[pk])).status_code == 404
        assert api_client_as(org).get(f"/api/v1/cluster/orders/{pk}").status_code == 404
        response = api_client_as(org).post(
            f"/api/v1/cluster/orders/{pk}/bids",
            {"quantity": 1, "unit_price": "1", "ready_date": "2030-01-01"},
            content_type="application/json",
        )
        assert response.status_code == 404
    assert Bid.unscoped.filter(order=world["order"]).count() == 2


def test_operator_and_brand_see_the_whole_order(
    world: dict[str, Any], client_as: Maker, api_client_as: Maker
) -> None:
    for org in (world["s"].operator, world["s"].brand):
        page = client_as(org).get(reverse("cluster:order_detail", args=[world["order"].pk]))
        text = page.content.decode()
        for seen in ("16.2222", "17.1111", "18.3333", "19.4444", world["a"].name, world["b"].name):
            assert seen in text
        for allocation in ("alloc_a", "alloc_b"):
            detail = client_as(org).get(
                reverse("cluster:allocation_detail", args=[world[allocation].pk])
            )
            assert detail.status_code == 200
        items = api_client_as(org).get("/api/v1/cluster/allocations").json()["items"]
        assert {i["id"] for i in items} == {world["alloc_a"].pk, world["alloc_b"].pk}
        assert all(i["lines"] for i in items)
        the_run = api_client_as(org).get(f"/api/v1/cluster/runs/{world['run'].pk}").json()
        assert len(the_run["allocations"]) == 2
        assert all(a["lines"] for a in the_run["allocations"])
    numbers = {
        o["number"]
        for o in api_client_as(world["s"].operator).get("/api/v1/cluster/orders").json()["items"]
    }
    assert numbers == {world["order"].number, world["order_y"].number}
