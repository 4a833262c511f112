"""Progress, deliveries and the ledger in the tenant-isolation walk, per tenant: the tenant
runs a cluster with a brand and a factory (other organizations), a published cluster order,
an accepted allocation, one settled delivery and one payment from the brand.

Also `settled_world`, the cluster the ledger tests start from.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from seamline.cluster.choices import MemberRole, TransactionKind
from seamline.cluster.models import Allocation, Cluster, ClusterOrder, Delivery
from seamline.cluster.settlement import delivery_record, payment_record
from seamline.tenancy.choices import OrganizationKind
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cluster.factories import (
    AllocationFactory,
    AllocationLineFactory,
    BrandFactory,
    ClusterFactory,
    ClusterMemberFactory,
    ClusterOrderFactory,
    ClusterOrderLineFactory,
)
from tests.isolation import Cases, World
from tests.tenancy.factories import OrganizationFactory


@dataclass
class ClusterWorld:
    operator: Organization
    cluster: Cluster
    brand: Organization
    factory: Organization
    order: ClusterOrder
    allocation: Allocation


def cluster_world(
    operator: Organization,
    *,
    brand: Organization | None = None,
    factory: Organization | None = None,
    name: str = "",
    **order_fields: Any,
) -> ClusterWorld:
    """A cluster run by `operator` with an active brand and factory, a published order of
    1,000 garments and an accepted allocation of 500 to the factory at 18.00."""
    brand = brand or BrandFactory(**({"name": f"Brand {name}"} if name else {}))
    factory = factory or OrganizationFactory(
        kind=OrganizationKind.FACTORY, **({"name": f"Factory {name}"} if name else {})
    )
    with tenant_context(operator):
        cluster = ClusterFactory(**({"name": f"Cluster {name}"} if name else {}))
        ClusterMemberFactory(cluster=cluster, organization=brand, role=MemberRole.BRAND)
        ClusterMemberFactory(cluster=cluster, organization=factory, role=MemberRole.FACTORY)
        order = ClusterOrderFactory(
            cluster=cluster,
            brand=brand,
            **({"number": f"CO-{name}"} if name else {}),
            **order_fields,
        )
        for size in ("S", "M"):
            ClusterOrderLineFactory(order=order, size=size, quantity=500)
        allocation = AllocationFactory(order=order, factory=factory)
        AllocationLineFactory(allocation=allocation)
    return ClusterWorld(operator, cluster, brand, factory, order, allocation)


def settle(
    world: ClusterWorld, quantity: int, defective: int = 0, reference: str = "SH-1"
) -> Delivery:
    return delivery_record(
        allocation=world.allocation,
        quantity=quantity,
        defective=defective,
        delivered_on=dt.date(2026, 11, 20),
        reference=reference,
        client_id=uuid.uuid4(),
        by=None,
    )


def build(world: World, marker: str) -> World:
    made = cluster_world(world["tenant"], name=marker)
    delivery = settle(made, 100, defective=2, reference=f"SH-{marker}")
    payment_record(
        cluster=made.cluster,
        kind=TransactionKind.BRAND_PAYMENT,
        organization=made.brand,
        amount=Decimal("1000.00"),
        paid_on=dt.date(2026, 11, 25),
        client_id=uuid.uuid4(),
        memo=f"Payment {marker}",
        by=world["owner"],
    )
    return {
        "ledger_cluster": made.cluster,
        "ledger_allocation": made.allocation,
        "ledger_order": made.order,
        "ledger_delivery": delivery,
    }


def _order(world: World) -> dict[str, int]:
    return {"pk": world["ledger_order"].pk}


def _allocation(world: World) -> dict[str, int]:
    return {"pk": world["ledger_allocation"].pk}


def _cluster(world: World) -> dict[str, int]:
    return {"pk": world["ledger_cluster"].pk}


def _api_allocation(world: World) -> dict[str, int]:
    return {"allocation_id": world["ledger_allocation"].pk}


def _api_cluster(world: World) -> dict[str, int]:
    return {"cluster_id": world["ledger_cluster"].pk}


CASES = Cases(
    build=build,
    urls={
        "cluster:order_progress": _order,
        "cluster:delivery_record": _allocation,
        "cluster:ledger": _cluster,
        "cluster:payment_record": _cluster,
        "cluster:statement": _cluster,
        "api:cluster_allocation_progress": _api_allocation,
        "api:cluster_delivery_record": _api_allocation,
        "api:cluster_statement": _api_cluster,
        "api:cluster_trial_balance": _api_cluster,
        "api:cluster_payment_record": _api_cluster,
    },
)
