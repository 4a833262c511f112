"""Cluster orders in the tenant-isolation walk. In tenant T's world T operates the members
world's cluster; its brand member has a published order there, its factory member a bid, and
a run proposed and offered an allocation to that factory. Rows are written straight (the
services are tested in test_orders.py and test_allocating.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from seamline.cluster.choices import AllocationMode, AllocationStatus
from seamline.cluster.models import AllocationRun, Bid
from tests.cluster.factories import (
    AllocationFactory,
    AllocationLineFactory,
    ClusterOrderFactory,
    ClusterOrderLineFactory,
)
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    factory = world["cluster_factory"]
    order = ClusterOrderFactory(
        cluster=world["cluster"],
        brand=world["cluster_brand"],
        number=f"CO-ORD-{marker}",
        style_code=f"ST-{marker}",
        style_name=f"Tee {marker}",
        description=f"About {marker}",
    )
    ClusterOrderLineFactory(order=order, colour=f"Navy {marker}", size="M", quantity=500)
    bid = Bid.objects.create(
        order=order,
        factory=factory,
        quantity=200,
        unit_price=Decimal("17.0000"),
        ready_date=dt.date(2026, 12, 20),
        note=f"Bid {marker}",
    )
    run = AllocationRun.objects.create(
        order=order,
        mode=AllocationMode.COST,
        status="optimal",
        objective=Decimal("3750.0000"),
        bound=Decimal("3750.0000"),
        explanation=[{"factory": factory.pk, "name": factory.name, "codes": ["lowest_cost"]}],
    )
    allocation = AllocationFactory(
        order=order,
        run=run,
        factory=factory,
        status=AllocationStatus.OFFERED,
        answered_at=None,
        reason={"factory": factory.pk, "name": factory.name, "codes": ["lowest_cost"]},
    )
    AllocationLineFactory(allocation=allocation, colour=f"Navy {marker}", size="M", quantity=500)
    return {
        "cluster_order": order,
        "cluster_bid": bid,
        "cluster_run": run,
        "cluster_allocation": allocation,
    }


def _order(world: World) -> dict[str, int]:
    return {"pk": world["cluster_order"].pk}


def _run(world: World) -> dict[str, int]:
    return {"pk": world["cluster_run"].pk}


def _allocation(world: World) -> dict[str, int]:
    return {"pk": world["cluster_allocation"].pk}


def _api_order(world: World) -> dict[str, int]:
    return {"order_id": world["cluster_order"].pk}


def _api_run(world: World) -> dict[str, int]:
    return {"run_id": world["cluster_run"].pk}


def _api_allocation(world: World) -> dict[str, int]:
    return {"allocation_id": world["cluster_allocation"].pk}


CASES = Cases(
    build=build,
    urls={
        "cluster:order_detail": _order,
        "cluster:order_publish": _order,
        "cluster:order_cancel": _order,
        "cluster:order_bid": _order,
        "cluster:order_allocate": _order,
        "cluster:run_offer": _run,
        "cluster:allocation_detail": _allocation,
        "cluster:allocation_answer": _allocation,
        "api:cluster_order_get": _api_order,
        "api:cluster_order_publish": _api_order,
        "api:cluster_order_bid": _api_order,
        "api:cluster_order_run": _api_order,
        "api:cluster_run_get": _api_run,
        "api:cluster_run_offer": _api_run,
        "api:cluster_allocation_get": _api_allocation,
        "api:cluster_allocation_answer": _api_allocation,
    },
)
