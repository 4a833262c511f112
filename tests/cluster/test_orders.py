"""Cluster orders: a brand creates and publishes, factories see the shared part and bid.

The helpers at the top (`scene`, `new_order`, `endpoint_in`) build a cluster world and are
used by the other order tests of this folder too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seamline.catalog.models import Style
from seamline.cluster import orders as services
from seamline.cluster.choices import BidStatus, ClusterOrderStatus, MemberRole, MemberStatus
from seamline.cluster.models import (
    Allocation,
    AllocationRun,
    Bid,
    Cluster,
    ClusterOrder,
    ClusterOrderLine,
)
from seamline.orders.models import Order
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from seamline.webhooks.choices import Event
from seamline.webhooks.models import Delivery, Endpoint
from tests.catalog.factories import ColourFactory, OperationFactory, SizeGridFactory, StyleFactory
from tests.cluster.factories import (
    BrandFactory,
    CapacityProfileFactory,
    CapacityWeekFactory,
    ClusterFactory,
    ClusterMemberFactory,
    OperatorFactory,
)
from tests.tenancy.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

EVENTS = [
    Event.CLUSTER_ORDER_PUBLISHED,
    Event.CLUSTER_ALLOCATION_ACCEPTED,
]


def this_monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def user_of(org: Organization) -> User:
    return MembershipFactory(tenant=org).user


def endpoint_in(org: Organization) -> Endpoint:
    with tenant_context(org):
        return Endpoint.objects.create(
            url=f"https://{org.slug}.example.com/hook", events=list(EVENTS), secret="s" * 32
        )


def deliveries_in(org: Organization, event: str) -> int:
    return Delivery.unscoped.filter(tenant=org, event=event).count()


def add_factory(
    cluster: Cluster,
    *,
    name: str,
    capabilities: Sequence[str] = ("knits", "wovens"),
    minutes: int = 40_000,
    weeks: int = 10,
    min_order_qty: int = 100,
    cost: str = "0.6000",
    status: str = MemberStatus.ACTIVE,
    profile: bool = True,
) -> Organization:
    factory = OrganizationFactory(name=name)
    with tenant_context(cluster.tenant):
        ClusterMemberFactory(cluster=cluster, organization=factory, status=status)
    if profile:
        with tenant_context(factory):
            p = CapacityProfileFactory(
                capabilities=list(capabilities),
                min_order_qty=min_order_qty,
                cost_per_minute=Decimal(cost),
            )
            for n in range(weeks):
                CapacityWeekFactory(
                    profile=p,
                    week_start=this_monday() + dt.timedelta(weeks=n),
                    derived_minutes=minutes,
                    available_minutes=minutes,
                )
    return factory


@dataclass
class Scene:
    operator: Organization
    cluster: Cluster
    brand: Organization
    factories: list[Organization]
    style: Style
    brand_user: User
    extra: dict[str, Any] = field(default_factory=dict)


def scene(factories: int = 2, **factory_fields: Any) -> Scene:
    """An operator's cluster with one active brand (with a 12.5 SMV style) and factories."""
    operator = OperatorFactory()
    brand = BrandFactory()
    with tenant_context(operator):
        cluster = ClusterFactory()
        ClusterMemberFactory(cluster=cluster, organization=brand, role=MemberRole.BRAND)
    members = [
        add_factory(cluster, name=f"Factory {chr(65 + n)} {cluster.pk}", **factory_fields)
        for n in range(factories)
    ]
    with tenant_context(brand):
        grid = SizeGridFactory(sizes=["S", "M", "L"])
        navy, white = ColourFactory(code="NAVY"), ColourFactory(code="WHITE")
        style = StyleFactory(code="TEE-1", name="Crew tee", size_grid=grid, colours=[navy, white])
        OperationFactory(style=style, sequence=1, name="Join shoulders", smv=Decimal("0.500"))
        OperationFactory(style=style, sequence=2, name="Attach sleeves", smv=Decimal("12.000"))
    return Scene(operator, cluster, brand, members, style, user_of(brand))


LINES = [("NAVY", "S", 100), ("NAVY", "M", 200), ("WHITE", "M", 150), ("WHITE", "L", 50)]


def new_order(s: Scene, *, publish: bool = True, **fields: Any) -> ClusterOrder:
    values: dict[str, Any] = {
        "cluster": s.cluster,
        "style": s.style,
        "lines": LINES,
        "delivery_date": timezone.localdate() + dt.timedelta(days=42),
        "target_price": Decimal("30"),
        "factory_price": Decimal("18"),
        "commission_pct": Decimal("5"),
        "channel_fee_pct": Decimal("2"),
        "defect_deduction": Decimal("20"),
        "required_capabilities": ["knits"],
        "min_batch": 0,
        "share_brand_name": False,
        "share_target_price": False,
        "by": s.brand_user,
    }
    values.update(fields)
    with tenant_context(s.brand):
        order = services.cluster_order_create(**values)
        if publish:
            order = services.cluster_order_publish(order=order, by=s.brand_user)
    return order


# --- create -----------------------------------------------------------------------------------


def test_create_snapshots_style_and_bulletin_in_the_operators_books() -> None:
    s = scene()
    order = new_order(s, publish=False)
    assert order.tenant_id == s.operator.pk
    assert order.brand_id == s.brand.pk
    assert order.number == "CO-0001"
    assert order.status == ClusterOrderStatus.DRAFT
    assert (order.style_code, order.style_name, order.category) == ("TEE-1", "Crew tee", "tshirt")
    assert order.smv == Decimal("12.500")
    assert order.bulletin == [
        {"code": "1", "name": "Join shoulders", "machine_type": "SNLS", "smv": "0.500"},
        {"code": "2", "name": "Attach sleeves", "machine_type": "SNLS", "smv": "12.000"},
    ]
    lines = ClusterOrderLine.unscoped.filter(order=order)
    assert sorted((x.colour, x.size, x.position, x.quantity) for x in lines) == [
        ("NAVY", "M", 2, 200),
        ("NAVY", "S", 1, 100),
        ("WHITE", "L", 3, 50),
        ("WHITE", "M", 2, 150),
    ]
    assert all(x.tenant_id == s.operator.pk for x in lines)
    # The bulletin is a snapshot: changing the style later changes nothing on the order.
    with tenant_context(s.brand):
        s.style.operations.filter(sequence=2).update(smv=Decimal("20.000"))
    order.refresh_from_db()
    assert order.smv == Decimal("12.500")
    assert new_order(s, publish=False).number == "CO-0002"


def test_create_names_the_bad_row_and_field_and_writes_nothing() -> None:
    s = scene()
    with pytest.raises(ValidationError) as caught:
        new_order(
            s,
            lines=[("NAVY", "S", 10), ("NAVY", "M", 0), ("NAVY", "S", 5)],
            target_price="-1",
            commission_pct="120",
            required_capabilities=["knits", "glitter"],
            delivery_date=timezone.localdate(),
        )
    errors = caught.value.message_dict
    assert errors["lines"] == [
        "line 2: quantity must be a whole number of 1 or more.",
        "line 3: colour NAVY, size S is given twice.",
    ]
    assert set(errors) >= {"target_price", "commission_pct", "required_capabilities"}
    assert "delivery_date" in errors
    assert ClusterOrder.unscoped.count() == 0


def test_create_needs_a_style_with_a_bulletin_and_an_active_brand_membership() -> None:
    s = scene()
    with tenant_context(s.brand):
        bare = StyleFactory(code="BARE")
    with pytest.raises(ValidationError) as caught:
        new_order(s, style=bare)
    assert "style" in caught.value.message_dict
    # A factory member cannot order in the cluster.
    with tenant_context(s.factories[0]), pytest.raises(ValidationError) as caught:
        services.cluster_order_create(
            cluster=s.cluster,
            style=s.style,
            lines=LINES,
            delivery_date=timezone.localdate() + dt.timedelta(days=30),
            target_price="30",
            factory_price="18",
            by=None,
        )
    assert "cluster" in caught.value.message_dict
    assert ClusterOrder.unscoped.count() == 0


# --- publish and cancel -------------------------------------------------------------------------


def test_publish_announces_once_to_every_party_with_shared_fields_only() -> None:
    s = scene()
    outsider = OrganizationFactory(name="Not a member")
    for org in [s.operator, s.brand, *s.factories, outsider]:
        endpoint_in(org)
    order = new_order(s, publish=False)
    with tenant_context(s.brand):
        published = services.cluster_order_publish(order=order, by=s.brand_user)
        again = services.cluster_order_publish(order=order, by=s.brand_user)
    assert published.status == again.status == ClusterOrderStatus.PUBLISHED
    for org in [s.operator, s.brand, *s.factories]:
        assert deliveries_in(org, Event.CLUSTER_ORDER_PUBLISHED) == 1
    assert deliveries_in(outsider, Event.CLUSTER_ORDER_PUBLISHED) == 0
    payload = Delivery.unscoped.get(tenant=s.factories[0]).payload
    data = payload.get("data", payload)
    assert data["brand"] is None
    assert data["target_price"] is None
    assert data["smv"] == "12.500"
    assert data["quantity"] == 500
    assert s.brand.name not in str(payload)
    assert "30.0000" not in str(payload)


def test_only_the_brand_publishes() -> None:
    s = scene()
    order = new_order(s, publish=False)
    with tenant_context(s.operator), pytest.raises(ValidationError):
        services.cluster_order_publish(order=order, by=None)
    order.refresh_from_db()
    assert order.status == ClusterOrderStatus.DRAFT


def test_cancel_by_brand_or_operator() -> None:
    s = scene()
    order = new_order(s)
    with tenant_context(s.operator):
        cancelled = services.cluster_order_cancel(order=order, by=None)
    assert cancelled.status == ClusterOrderStatus.CANCELLED
    other = new_order(s)
    with tenant_context(s.factories[0]), pytest.raises(ValidationError):
        services.cluster_order_cancel(order=other, by=None)
    other.refresh_from_db()
    assert other.status == ClusterOrderStatus.PUBLISHED


# --- bids ---------------------------------------------------------------------------------------


def test_one_bid_per_factory_placing_again_updates_it() -> None:
    s = scene()
    order = new_order(s)
    factory = s.factories[0]
    ready = timezone.localdate() + dt.timedelta(days=20)
    with tenant_context(factory):
        first = services.bid_place(
            order=order, quantity=200, unit_price="17.5", ready_date=ready, by=None
        )
        second = services.bid_place(
            order=order,
            quantity=300,
            unit_price="17.0",
            ready_date=ready,
            note="two lines",
            by=None,
        )
    assert first.pk == second.pk
    bid = Bid.unscoped.get()
    assert (bid.quantity, bid.unit_price, bid.note) == (300, Decimal("17.0000"), "two lines")
    assert bid.tenant_id == s.operator.pk
    with tenant_context(factory):
        withdrawn = services.bid_withdraw(bid=bid, by=None)
        services.bid_withdraw(bid=bid, by=None)
    assert withdrawn.status == BidStatus.WITHDRAWN


def test_bid_refusals_name_the_field() -> None:
    s = scene()
    order = new_order(s)
    with tenant_context(s.factories[0]), pytest.raises(ValidationError) as caught:
        services.bid_place(
            order=order,
            quantity=501,
            unit_price="x",
            ready_date=order.delivery_date + dt.timedelta(days=1),
            by=None,
        )
    assert set(caught.value.message_dict) == {"quantity", "unit_price", "ready_date"}
    # The brand is no factory; a draft takes no bids.
    draft = new_order(s, publish=False)
    with tenant_context(s.brand), pytest.raises(ValidationError):
        services.bid_place(
            order=order, quantity=10, unit_price="1", ready_date=order.delivery_date, by=None
        )
    with tenant_context(s.factories[0]), pytest.raises(ValidationError):
        services.bid_place(
            order=draft, quantity=10, unit_price="1", ready_date=draft.delivery_date, by=None
        )
    assert Bid.unscoped.count() == 0


def test_factory_of_another_cluster_cannot_bid() -> None:
    s = scene()
    order = new_order(s)
    elsewhere = scene()
    with tenant_context(elsewhere.factories[0]), pytest.raises(ValidationError):
        services.bid_place(
            order=order, quantity=10, unit_price="1", ready_date=order.delivery_date, by=None
        )
    assert Bid.unscoped.count() == 0


# --- pages --------------------------------------------------------------------------------------


def test_pages_from_new_order_to_accepted_allocation(client_as: Any) -> None:
    s = scene(factories=1)
    brand, operator, factory = client_as(s.brand), client_as(s.operator), client_as(s.factories[0])
    assert brand.get(reverse("cluster:order_create")).status_code == 200
    form = {
        "cluster": s.cluster.pk,
        "style": s.style.pk,
        "lines": "NAVY, S, 100\nNAVY; M; 0\n",
        "delivery_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "target_price": "30",
        "factory_price": "18",
        "commission_pct": "5",
        "channel_fee_pct": "0",
        "defect_deduction": "0",
        "required_capabilities": ["knits"],
        "min_batch": "0",
        "share_brand_name": "on",
    }
    refused = brand.post(reverse("cluster:order_create"), form)
    assert refused.status_code == 200
    assert "line 2: quantity must be a whole number of 1 or more." in refused.content.decode()
    assert ClusterOrder.unscoped.count() == 0
    form["lines"] = "NAVY, S, 100\nNAVY; M; 300\n"
    created = brand.post(reverse("cluster:order_create"), form)
    order = ClusterOrder.unscoped.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("cluster:order_detail", args=[order.pk])
    brand.post(reverse("cluster:order_publish", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == ClusterOrderStatus.PUBLISHED
    assert factory.get(reverse("cluster:order_detail", args=[order.pk])).status_code == 200

    operator.post(reverse("cluster:order_allocate", args=[order.pk]), {"mode": "fair"})
    page = operator.get(reverse("cluster:order_detail", args=[order.pk])).content.decode()
    assert "Latest proposal" in page
    assert s.factories[0].name in page
    run = AllocationRun.unscoped.get(order=order)
    operator.post(reverse("cluster:run_offer", args=[run.pk]))
    allocation = Allocation.unscoped.get(order=order)
    assert allocation.status == "offered"
    listing = factory.get(reverse("cluster:order_list")).content.decode()
    assert reverse("cluster:allocation_detail", args=[allocation.pk]) in listing
    factory.post(reverse("cluster:allocation_answer", args=[allocation.pk]), {"accept": "1"})
    allocation.refresh_from_db()
    assert allocation.status == "accepted"
    own = Order.unscoped.get(tenant=s.factories[0])
    detail = factory.get(
        reverse("cluster:allocation_detail", args=[allocation.pk])
    ).content.decode()
    assert reverse("orders:order_detail", args=[own.pk]) in detail
    brand_list = brand.get(reverse("cluster:order_list")).content.decode()
    assert order.number in brand_list
    assert "400" in brand_list


def test_order_list_queries_do_not_grow_with_the_orders(client_as: Any) -> None:
    s = scene(factories=1)
    operator = client_as(s.operator)
    new_order(s)
    with CaptureQueriesContext(connection) as one:
        assert operator.get(reverse("cluster:order_list")).status_code == 200
    for _n in range(3):
        new_order(s)
    with CaptureQueriesContext(connection) as four:
        page = operator.get(reverse("cluster:order_list"))
    assert page.content.decode().count("CO-000") == 4
    assert len(four) == len(one)
