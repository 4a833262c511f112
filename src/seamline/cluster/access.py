"""Who sees which cluster rows: the one place that reads them across tenants.

A cluster's rows live in its operator's tenant. Every view, endpoint and service that reads
them as a brand or a factory goes through these functions, which start from the rows that
name the acting organization (its membership, its brand orders, its allocations) — never
from "everything, then hide". Anything else is a 404, as for tenant rows.
"""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from seamline.cluster.choices import ClusterOrderStatus, MemberRole, MemberStatus
from seamline.cluster.models import (
    Allocation,
    Cluster,
    ClusterMember,
    ClusterOrder,
    Delivery,
)
from seamline.tenancy.context import require_tenant
from seamline.tenancy.models import Organization


class Party(enum.StrEnum):
    OPERATOR = "operator"
    BRAND = "brand"
    FACTORY = "factory"


# A factory never sees a brand's draft; it sees what was published and what came of it.
_SHOWN_TO_FACTORIES = [s for s in ClusterOrderStatus.values if s != ClusterOrderStatus.DRAFT]


def acting() -> Organization:
    """The organization the request (or command) acts for."""
    return require_tenant()


def clusters() -> QuerySet[Cluster]:
    """Clusters the acting organization runs or is an active or invited member of."""
    org = acting()
    member_of = ClusterMember.unscoped.filter(
        organization=org, status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED]
    ).values("cluster_id")
    return Cluster.unscoped.filter(Q(tenant=org) | Q(pk__in=member_of)).distinct()


def active_clusters(role: MemberRole | None = None) -> QuerySet[Cluster]:
    """Clusters the acting organization is an active member of (in `role`, if given)."""
    rows = ClusterMember.unscoped.filter(organization=acting(), status=MemberStatus.ACTIVE)
    if role is not None:
        rows = rows.filter(role=role)
    return Cluster.unscoped.filter(pk__in=rows.values("cluster_id"))


def cluster_or_404(pk: Any) -> Cluster:
    cluster = clusters().filter(pk=pk).first()
    if cluster is None:
        raise Http404
    return cluster


def party_in_cluster(cluster: Cluster) -> Party | None:
    org = acting()
    if cluster.tenant_id == org.pk:
        return Party.OPERATOR
    role = (
        ClusterMember.unscoped.filter(cluster=cluster, organization=org, status=MemberStatus.ACTIVE)
        .values_list("role", flat=True)
        .first()
    )
    if role is None:
        return None
    return Party.BRAND if role == MemberRole.BRAND else Party.FACTORY


def cluster_orders() -> QuerySet[ClusterOrder]:
    """Operator: its clusters' orders. Brand: its own. Factory: published to its clusters."""
    org = acting()
    factory_clusters = active_clusters(MemberRole.FACTORY).values("pk")
    return ClusterOrder.unscoped.filter(
        Q(tenant=org)
        | Q(brand=org)
        | Q(cluster__in=factory_clusters, status__in=_SHOWN_TO_FACTORIES)
    ).distinct()


def party_of(order: ClusterOrder) -> Party:
    """How the acting organization stands to an order it can see (operator first)."""
    org = acting()
    if order.tenant_id == org.pk:
        return Party.OPERATOR
    if order.brand_id == org.pk:
        return Party.BRAND
    return Party.FACTORY


def cluster_order_or_404(pk: Any) -> ClusterOrder:
    order = cluster_orders().select_related("cluster", "brand").filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


def allocations() -> QuerySet[Allocation]:
    """Operator: all of its clusters'. Brand: those of its orders. Factory: its own only."""
    org = acting()
    return Allocation.unscoped.filter(Q(tenant=org) | Q(order__brand=org) | Q(factory=org))


def allocation_or_404(pk: Any) -> Allocation:
    allocation = allocations().select_related("order", "factory").filter(pk=pk).first()
    if allocation is None:
        raise Http404
    return allocation


def deliveries() -> QuerySet[Delivery]:
    return Delivery.unscoped.filter(allocation__in=allocations())
