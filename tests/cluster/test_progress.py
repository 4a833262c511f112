"""Progress back to the brand: derived from the factory's own scans and cartons, refreshed
when work is recorded or a shipment leaves, announced to the operator and the brand, and
shown to each party as far as it may see."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.catalog.choices import Section
from seamline.catalog.models import Operation
from seamline.cluster.choices import MemberRole
from seamline.cluster.models import Allocation, ClusterLink, Delivery, LedgerTransaction
from seamline.cluster.progress import progress_of, progress_refresh
from seamline.cluster.receivers import refresh_orders, shipment_client_id
from seamline.shipping.choices import ShipmentStatus
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from seamline.webhooks import services as webhooks
from seamline.webhooks.choices import Event
from seamline.webhooks.models import Delivery as WebhookDelivery
from tests.cluster.factories import (
    AllocationFactory,
    BrandFactory,
    ClusterMemberFactory,
    OperatorFactory,
)
from tests.cluster.isolation_ledger import ClusterWorld, cluster_world
from tests.cutting.factories import CutOrder, cut_order
from tests.shipping.isolation_cases import shipment
from tests.shipping.isolation_shipments import pack

pytestmark = pytest.mark.django_db

PROGRESS = Event.CLUSTER_PROGRESS_CHANGED


@pytest.fixture(autouse=True)
def _no_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    # Webhook deliveries are written to the outbox; these tests read the outbox.
    monkeypatch.setattr(webhooks, "send_in_background", lambda ids: None)


@dataclass
class Scene:
    world: ClusterWorld
    cut: CutOrder

    @property
    def allocation(self) -> Allocation:
        return Allocation.unscoped.get(pk=self.world.allocation.pk)


def subscribe(org: Organization, *events: str) -> None:
    with tenant_context(org):
        webhooks.endpoint_create(
            url=f"https://hooks.example.com/{org.slug}", events=list(events), by=None
        )


def outbox(org: Organization, event: str) -> list[dict[str, Any]]:
    return [
        d.payload["data"]
        for d in WebhookDelivery.unscoped.filter(tenant=org, event=event).order_by("pk")
    ]


@pytest.fixture
def scene(tenant_a: Organization) -> Scene:
    """Tenant A is a factory of the cluster: its order (60 S + 60 M, cut into six bundles,
    op 30 the finishing one) fulfils an allocation of 120 garments."""
    world = cluster_world(OperatorFactory(), factory=tenant_a)
    with tenant_context(world.operator):
        world.allocation.quantity = 120
        world.allocation.save(update_fields=["quantity"])
    with tenant_context(tenant_a):
        cut = cut_order()
        Operation.objects.filter(pk=cut.operations[2].pk).update(section=Section.FINISHING)
        ClusterLink.objects.create(
            order=cut.order,
            allocation_ref=world.allocation.ref,
            cluster_name=world.cluster.name,
            cluster_order_number=world.order.number,
        )
    for org in (world.operator, world.brand, tenant_a):
        subscribe(org, PROGRESS, Event.CLUSTER_SHIPMENT_DELIVERED)
    return Scene(world, cut)


def scans(cut: CutOrder, *items: tuple[str, int, int]) -> list[ScanInput]:
    """(client id, bundle index, operation sequence), by the first worker."""
    worker = cut.workers[0].code
    return [
        ScanInput(client_id=cid, bundle=cut.bundles[i].number, operation=op, worker=worker)
        for cid, i, op in items
    ]


@pytest.fixture
def record(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> Callable[[Organization, list[ScanInput]], None]:
    def run(factory: Organization, items: list[ScanInput]) -> None:
        with tenant_context(factory), django_capture_on_commit_callbacks(execute=True):
            results = record_scans(items)
        assert all(r.ok for r in results)

    return run


def test_scans_refresh_the_allocation_and_tell_the_operator_and_brand(
    scene: Scene, record: Callable[..., None], tenant_a: Organization
) -> None:
    cut = scene.cut
    b0, b1 = cut.bundles[0].quantity, cut.bundles[1].quantity

    record(tenant_a, scans(cut, ("s1", 0, 20), ("s2", 0, 30), ("s3", 1, 30)))

    allocation = scene.allocation
    assert (allocation.cut, allocation.sewn, allocation.finished, allocation.shipped) == (
        sum(b.quantity for b in cut.bundles),
        b0,
        b0 + b1,
        0,
    )
    assert allocation.progress_at is not None
    expected = {
        "allocation": str(allocation.ref),
        "allocation_id": allocation.pk,
        "cluster_order": {"id": scene.world.order.pk, "number": scene.world.order.number},
        "cluster": {"id": scene.world.cluster.pk},
        "factory": {"id": tenant_a.pk, "name": tenant_a.name},
        "ordered": 120,
        "cut": 90,
        "sewn": b0,
        "finished": b0 + b1,
        "shipped": 0,
    }
    for party in (scene.world.operator, scene.world.brand):
        (payload,) = outbox(party, PROGRESS)
        assert {k: payload[k] for k in expected} == expected
    assert outbox(tenant_a, PROGRESS) == []  # the factory's own endpoint hears nothing


def test_a_replayed_batch_changes_nothing_and_announces_nothing(
    scene: Scene, record: Callable[..., None], tenant_a: Organization
) -> None:
    items = scans(scene.cut, ("s1", 0, 20))
    record(tenant_a, items)
    before = scene.allocation.progress_at

    record(tenant_a, items)

    assert scene.allocation.progress_at == before
    assert len(outbox(scene.world.brand, PROGRESS)) == 1


def test_more_work_announces_again(
    scene: Scene, record: Callable[..., None], tenant_a: Organization
) -> None:
    record(tenant_a, scans(scene.cut, ("s1", 0, 20)))
    record(tenant_a, scans(scene.cut, ("s2", 1, 20)))
    sewn = [p["sewn"] for p in outbox(scene.world.brand, PROGRESS)]
    assert sewn == [scene.cut.bundles[0].quantity, sum(b.quantity for b in scene.cut.bundles[:2])]


def test_orders_not_made_for_a_cluster_cost_one_query(
    tenant_a: Organization, django_assert_num_queries: Callable[..., Any]
) -> None:
    with tenant_context(tenant_a):
        cut = cut_order()
    with django_assert_num_queries(1):
        assert refresh_orders(tenant_a, [cut.order.pk]) == 0


def test_a_link_of_another_factory_refreshes_nothing(
    scene: Scene, tenant_b: Organization, record: Callable[..., None]
) -> None:
    # Tenant B claims the same allocation reference for an order of its own.
    with tenant_context(tenant_b):
        cut_b = cut_order()
        ClusterLink.objects.create(
            order=cut_b.order,
            allocation_ref=scene.world.allocation.ref,
            cluster_name="x",
            cluster_order_number="x",
        )
    record(tenant_b, scans(cut_b, ("b1", 0, 20)))
    assert scene.allocation.progress_at is None
    assert outbox(scene.world.brand, PROGRESS) == []


def test_progress_before_the_factory_has_its_order_is_zero(tenant_a: Organization) -> None:
    world = cluster_world(OperatorFactory(), factory=tenant_a)
    assert progress_of(world.allocation) == {
        "ordered": 500,
        "linked": 0,
        "cut": 0,
        "sewn": 0,
        "finished": 0,
        "shipped": 0,
    }
    assert progress_refresh(world.allocation) is False


# --- shipments -----------------------------------------------------------------------------


@pytest.fixture
def save_shipment(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> Callable[..., None]:
    def run(factory: Organization, ship: Any, status: str) -> None:
        with tenant_context(factory), django_capture_on_commit_callbacks(execute=True):
            ship.status = status
            if status == ShipmentStatus.DELIVERED:
                ship.delivered_at = timezone.now()
            ship.save()

    return run


def test_dispatch_counts_shipped_and_delivery_settles_once(
    scene: Scene, tenant_a: Organization, save_shipment: Callable[..., None]
) -> None:
    with tenant_context(tenant_a):
        ship = shipment(scene.cut.order.customer, "SH-T1")
        pack(scene.cut.order, cartons=2, per_carton=10, shipment=ship)

    save_shipment(tenant_a, ship, ShipmentStatus.DISPATCHED)
    assert scene.allocation.shipped == 20
    assert not Delivery.unscoped.filter(allocation=scene.world.allocation).exists()

    save_shipment(tenant_a, ship, ShipmentStatus.DELIVERED)
    save_shipment(tenant_a, ship, ShipmentStatus.DELIVERED)  # saved again: posted once

    (delivery,) = Delivery.unscoped.filter(allocation=scene.world.allocation)
    assert (delivery.quantity, delivery.defective, delivery.reference) == (20, 0, "SH-T1")
    assert delivery.client_id == shipment_client_id(ship, scene.world.allocation)
    assert delivery.delivered_on == timezone.localdate(ship.delivered_at)
    assert LedgerTransaction.unscoped.filter(delivery=delivery).count() == 1
    for party in (scene.world.operator, scene.world.brand, tenant_a):
        assert len(outbox(party, Event.CLUSTER_SHIPMENT_DELIVERED)) == 1


def test_a_shipment_without_cluster_orders_settles_nothing(
    tenant_a: Organization, save_shipment: Callable[..., None]
) -> None:
    with tenant_context(tenant_a):
        cut = cut_order()
        ship = shipment(cut.order.customer, "SH-T2")
        pack(cut.order, cartons=1, per_carton=5, shipment=ship)
    save_shipment(tenant_a, ship, ShipmentStatus.DISPATCHED)
    save_shipment(tenant_a, ship, ShipmentStatus.DELIVERED)
    assert not Delivery.unscoped.exists()


# --- the progress table --------------------------------------------------------------------


@pytest.fixture
def two_factories(scene: Scene, tenant_b: Organization) -> Scene:
    """A second factory (tenant B) with its own allocation of the same order."""
    world = scene.world
    with tenant_context(world.operator):
        ClusterMemberFactory(cluster=world.cluster, organization=tenant_b, role=MemberRole.FACTORY)
        AllocationFactory(order=world.order, factory=tenant_b, quantity=300)
    return scene


def table(client: Client, scene: Scene, **params: str) -> Any:
    return client.get(
        reverse("cluster:order_progress", kwargs={"pk": scene.world.order.pk}), params
    )


def test_a_factory_sees_only_its_own_row(
    two_factories: Scene,
    tenant_a: Organization,
    tenant_b: Organization,
    client_as: Callable[[Organization], Client],
    record: Callable[..., None],
) -> None:
    record(tenant_a, scans(two_factories.cut, ("s1", 0, 20)))

    mine = table(client_as(tenant_a), two_factories)
    theirs = table(client_as(tenant_b), two_factories)

    assert mine.status_code == theirs.status_code == 200
    assert tenant_a.name in mine.text
    assert tenant_b.name not in mine.text
    assert tenant_b.name in theirs.text
    assert tenant_a.name not in theirs.text
    assert ">300<" in theirs.text
    assert ">120<" not in theirs.text


def test_the_brand_and_operator_see_every_row_live(
    two_factories: Scene,
    tenant_a: Organization,
    tenant_b: Organization,
    client_as: Callable[[Organization], Client],
) -> None:
    for org in (two_factories.world.brand, two_factories.world.operator):
        page = table(client_as(org), two_factories)
        assert page.status_code == 200
        assert tenant_a.name in page.text
        assert tenant_b.name in page.text
        assert ">90<" in page.text  # cut garments read live from factory A's bundles
        assert 'hx-trigger="every 15s"' in page.text


def test_another_brand_gets_a_404(
    scene: Scene, client_as: Callable[[Organization], Client]
) -> None:
    assert table(client_as(BrandFactory()), scene).status_code == 404


def test_the_brand_gets_delivery_forms_and_a_factory_none(
    scene: Scene, tenant_a: Organization, client_as: Callable[[Organization], Client]
) -> None:
    brand = table(client_as(scene.world.brand), scene, part="deliver")
    factory = table(client_as(tenant_a), scene, part="deliver")
    url = reverse("cluster:delivery_record", kwargs={"pk": scene.world.allocation.pk})
    assert url in brand.text
    assert "120 garments still to deliver" in brand.text
    assert url not in factory.text


def test_the_order_page_fragment_loads_the_table(scene: Scene) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("cluster/_progress_table.html", {"order": scene.world.order})
    url = reverse("cluster:order_progress", kwargs={"pk": scene.world.order.pk})
    assert f'hx-get="{url}"' in html
    assert "every 15s" in html


def test_uuid_of_shipment_delivery_is_stable(scene: Scene, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        ship = shipment(scene.cut.order.customer, "SH-T3")
    first = shipment_client_id(ship, scene.world.allocation)
    assert first == shipment_client_id(ship, scene.world.allocation)
    assert isinstance(first, uuid.UUID)


def test_the_command_catches_up_on_what_no_signal_told(
    scene: Scene, tenant_a: Organization
) -> None:
    from io import StringIO

    from django.core.management import call_command

    with tenant_context(tenant_a):
        record_scans(scans(scene.cut, ("s1", 0, 20)))  # committed callbacks never ran here
    assert scene.allocation.sewn == 0

    out = StringIO()
    call_command("cluster_progress", stdout=out)

    assert scene.allocation.sewn == scene.cut.bundles[0].quantity
    assert out.getvalue().strip() == "1 of 1 allocations changed"


def test_the_order_page_carries_the_progress_section(
    scene: Scene, client_as: Callable[[Organization], Client]
) -> None:
    page = client_as(scene.world.brand).get(
        reverse("cluster:order_detail", kwargs={"pk": scene.world.order.pk})
    )
    assert page.status_code == 200
    assert 'id="cluster-progress"' in page.text
    assert reverse("cluster:order_progress", kwargs={"pk": scene.world.order.pk}) in page.text
