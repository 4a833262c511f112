"""The demo cluster: a brand order split by the engine across the three factories, sewn on
their floors, its progress read back from their scans, one part delivered and settled."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from seamline.cluster.choices import AllocationStatus, ClusterOrderStatus, MemberStatus
from seamline.cluster.models import (
    Allocation,
    CapacityProfile,
    CapacityWeek,
    Cluster,
    ClusterLink,
    ClusterMember,
    ClusterOrder,
    ClusterOrderLine,
    Delivery,
    LedgerEntry,
    LedgerTransaction,
)
from seamline.cluster.progress import progress_of
from seamline.demo.data.cluster import ORDER
from seamline.demo.data.orgs import BRAND, CLUSTER, FACTORIES
from seamline.demo.loader import DemoSummary
from seamline.orders.choices import OrderSource
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User


def _org(slug: str) -> Organization:
    return Organization.objects.get(slug=slug)


def test_the_cluster_holds_the_brand_and_the_three_factories_with_their_profiles(
    demo: DemoSummary,
) -> None:
    operator = _org(CLUSTER.slug)
    cluster = Cluster.unscoped.get(tenant=operator)
    active = ClusterMember.unscoped.filter(cluster=cluster, status=MemberStatus.ACTIVE)
    assert {m.organization.slug for m in active} == {BRAND.slug, *(f.slug for f in FACTORIES)}
    for spec in FACTORIES:
        factory = _org(spec.slug)
        profile = CapacityProfile.unscoped.get(tenant=factory)
        assert "knits" in profile.capabilities
        assert profile.lines == len(spec.line_styles)
        weeks = CapacityWeek.unscoped.filter(tenant=factory, profile=profile)
        assert weeks.count() >= 8
        assert all(week.available_minutes > 0 for week in weeks)


def test_the_brand_order_is_split_across_the_three_factories_and_in_their_books(
    demo: DemoSummary,
) -> None:
    order = ClusterOrder.unscoped.get(brand=_org(BRAND.slug))
    assert order.status != ClusterOrderStatus.DRAFT
    ordered = sum(quantity for _colour, quantity in ORDER.colours)
    lines = ClusterOrderLine.unscoped.filter(order=order)
    assert lines.aggregate(n=Sum("quantity"))["n"] == ordered
    allocations = list(Allocation.unscoped.filter(order=order).select_related("factory"))
    assert {a.factory.slug for a in allocations} == {f.slug for f in FACTORIES}
    assert all(a.status == AllocationStatus.ACCEPTED for a in allocations)
    assert sum(a.quantity for a in allocations) == ordered
    for allocation in allocations:
        assert allocation.quantity >= order.min_batch
        assert allocation.ready_date <= order.delivery_date
        assert allocation.reason  # why it got what it got
        with tenant_context(allocation.factory):
            link = ClusterLink.objects.select_related("order").get(allocation_ref=allocation.ref)
            assert link.order.source == OrderSource.CLUSTER
            assert link.order.number == allocation.factory_order_number
            pieces = link.order.lines.aggregate(n=Sum("quantity"))["n"]
            assert pieces == allocation.quantity


def test_progress_comes_from_the_factories_scans_and_one_part_is_settled(
    demo: DemoSummary,
) -> None:
    order = ClusterOrder.unscoped.get(brand=_org(BRAND.slug))
    allocations = list(Allocation.unscoped.filter(order=order).select_related("factory"))
    for allocation in allocations:
        live = progress_of(allocation)
        assert (allocation.cut, allocation.sewn, allocation.finished, allocation.shipped) == (
            live["cut"],
            live["sewn"],
            live["finished"],
            live["shipped"],
        )
        assert allocation.sewn > 0, allocation.factory
    delivery = Delivery.unscoped.get(allocation__order=order)
    assert delivery.quantity == delivery.allocation.shipped
    assert LedgerTransaction.unscoped.filter(delivery=delivery).count() == 1
    entries = LedgerEntry.unscoped.filter(transaction__cluster=order.cluster)
    totals = entries.aggregate(debit=Sum("debit"), credit=Sum("credit"))
    assert totals["debit"] == totals["credit"] > Decimal("0")


def test_the_brand_follows_every_part_and_a_factory_sees_only_its_own(
    demo: DemoSummary, client: Client
) -> None:
    order = ClusterOrder.unscoped.get(brand=_org(BRAND.slug))
    allocations = list(Allocation.unscoped.filter(order=order).select_related("factory"))
    page_url = reverse("cluster:order_detail", args=[order.pk])

    client.force_login(User.objects.get(username="brand-owner"))
    page = client.get(page_url).content.decode()
    for allocation in allocations:
        assert allocation.factory.name in page

    client.force_login(User.objects.get(username="hongmian-owner"))
    page = client.get(page_url).content.decode()
    for allocation in allocations:
        shown = allocation.factory_order_number in page
        assert shown == (allocation.factory.slug == "hongmian-garment"), allocation.factory
