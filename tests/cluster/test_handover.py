"""Accepting an allocation makes an ordinary order in the factory's own books."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps

from seamline.catalog.models import Customer, Operation, Size, Style
from seamline.cluster.choices import AllocationStatus
from seamline.cluster.models import Allocation, AllocationLine, ClusterLink
from seamline.orders.choices import OrderSource, OrderStatus
from seamline.orders.models import Order, OrderLine
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, TenantModel
from seamline.webhooks.choices import Event
from seamline.webhooks.models import Delivery as WebhookDelivery
from tests.catalog.factories import SizeGridFactory, StyleFactory
from tests.cluster.test_allocating import answer, offer, run
from tests.cluster.test_orders import deliveries_in, endpoint_in, new_order, scene

pytestmark = pytest.mark.django_db


def cross_tenant_references(tenant: Organization) -> list[str]:
    """Every foreign key from a row of `tenant` to a tenant row of another tenant."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        for fk in model._meta.concrete_fields:
            target = fk.related_model
            if not fk.is_relation or target is None or not issubclass(target, TenantModel):
                continue
            rows = model.unscoped.filter(tenant=tenant).exclude(**{f"{fk.name}__isnull": True})
            wrong = rows.exclude(**{f"{fk.name}__tenant": tenant})
            if wrong.exists():
                found.append(f"{model._meta.label}.{fk.name}")
    return found


def offered(factories: int = 1, **order_fields: object) -> tuple[object, Allocation]:
    s = scene(factories=factories)
    order = new_order(s, **order_fields)
    offer(s, run(s, order))
    return s, Allocation.unscoped.filter(status=AllocationStatus.OFFERED).first()


def test_accept_creates_a_confirmed_order_with_a_link_and_no_cross_tenant_key() -> None:
    s, allocation = offered()
    for org in [s.operator, s.brand, *s.factories]:  # type: ignore[attr-defined]
        endpoint_in(org)
    factory = allocation.factory
    accepted = answer(allocation, accept=True)
    assert accepted.status == AllocationStatus.ACCEPTED
    order = Order.unscoped.get(tenant=factory)
    assert accepted.factory_order_number == order.number
    assert (order.status, order.source) == (OrderStatus.CONFIRMED, OrderSource.CLUSTER)
    assert order.delivery_date == allocation.ready_date
    assert order.customer_po == allocation.order.number
    link = ClusterLink.unscoped.get(tenant=factory)
    assert link.order_id == order.pk
    assert link.allocation_ref == allocation.ref
    assert link.cluster_name == s.cluster.name  # type: ignore[attr-defined]
    assert link.cluster_order_number == allocation.order.number
    lines = OrderLine.unscoped.filter(order=order).select_related("colour", "size")
    assert sorted((x.colour.code, x.size.code, x.quantity) for x in lines) == sorted(
        (x.colour, x.size, x.quantity)
        for x in AllocationLine.unscoped.filter(allocation=allocation)
    )
    assert {x.unit_price for x in lines} == {allocation.unit_price}
    style = Style.unscoped.get(tenant=factory, code="TEE-1")
    assert list(
        Operation.unscoped.filter(style=style).order_by("sequence").values_list("name", "smv")
    ) == [("Join shoulders", Decimal("0.500")), ("Attach sleeves", Decimal("12.000"))]
    # The brand keeps its name to itself: the customer is the cluster.
    assert order.customer.name == s.cluster.name  # type: ignore[attr-defined]
    assert cross_tenant_references(factory) == []
    for org in [s.operator, s.brand, factory]:  # type: ignore[attr-defined]
        assert deliveries_in(org, Event.CLUSTER_ALLOCATION_ACCEPTED) == 1
    payload = WebhookDelivery.unscoped.get(tenant=s.brand).payload  # type: ignore[attr-defined]
    data = payload.get("data", payload)
    assert data["factory_order_number"] == order.number
    assert sum(line["quantity"] for line in data["lines"]) == allocation.quantity


def test_accept_twice_makes_one_order_and_one_announcement() -> None:
    s, allocation = offered()
    endpoint_in(allocation.factory)
    answer(allocation, accept=True)
    again = answer(allocation, accept=True)
    assert again.status == AllocationStatus.ACCEPTED
    assert Order.unscoped.filter(tenant=allocation.factory).count() == 1
    assert ClusterLink.unscoped.filter(tenant=allocation.factory).count() == 1
    assert deliveries_in(allocation.factory, Event.CLUSTER_ALLOCATION_ACCEPTED) == 1


def test_existing_style_and_customer_are_reused_and_the_brand_named_when_shared() -> None:
    s = scene(factories=1)
    factory = s.factories[0]
    with tenant_context(factory):
        grid = SizeGridFactory(sizes=["S", "M"])
        own = StyleFactory(code="TEE-1", name="Our own tee", size_grid=grid)
    order = new_order(s, share_brand_name=True)
    offer(s, run(s, order))
    answer(Allocation.unscoped.get(status=AllocationStatus.OFFERED), accept=True)
    factory_order = Order.unscoped.get(tenant=factory)
    assert OrderLine.unscoped.filter(order=factory_order).values("style").distinct().count() == 1
    assert OrderLine.unscoped.filter(order=factory_order).first().style_id == own.pk
    # The size the factory's grid lacked was added to it.
    sizes = Size.unscoped.filter(grid=grid).order_by("position")
    assert list(sizes.values_list("code", flat=True)) == ["S", "M", "L"]
    assert factory_order.customer.name == s.brand.name
    assert Customer.unscoped.filter(tenant=factory).count() == 2  # its own style's + the brand
    assert cross_tenant_references(factory) == []


def test_decline_makes_no_order() -> None:
    _s, allocation = offered()
    answer(allocation, accept=False)
    assert Order.unscoped.filter(tenant=allocation.factory).count() == 0
    assert ClusterLink.unscoped.count() == 0
