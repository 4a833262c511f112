"""Signal receivers: the cluster hears of scans and shipments in a member factory's books.

- ``shopfloor.signals.work_recorded`` (after a scan batch commits): the allocations linked
  to the scanned orders get their progress refreshed. One query finds the links among the
  order ids; an order not made for a cluster costs nothing more.
- ``post_save`` of a ``shipping.Shipment`` that is dispatched or delivered (after commit):
  the linked allocations are refreshed; on delivery each one also gets a `Delivery` of the
  garments of its order on that shipment, with a client id derived from the shipment and the
  allocation, so that saving the shipment again never posts twice.

A receiver never breaks the factory's own request: a failure is logged and left for the
next refresh (or a manual delivery record).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from seamline.cluster.choices import AllocationStatus
from seamline.cluster.models import Allocation, ClusterLink, Delivery
from seamline.cluster.progress import progress_refresh
from seamline.cluster.settlement import NAMESPACE, delivered_so_far, delivery_record
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import CartonLine, Shipment
from seamline.shopfloor.signals import work_recorded
from seamline.tenancy.compiled import CompiledQuery
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization

log = logging.getLogger(__name__)


def linked_allocations(
    factory: Organization, order_ids: Iterable[int]
) -> list[tuple[int, Allocation]]:
    """(factory order id, accepted allocation) for the factory's orders linked to the cluster."""
    wanted = list(order_ids)
    if len(wanted) == 1:  # after every single scan: compiled once
        links = dict(_LINK_OF_ORDER.rows(factory.pk, wanted[0]))
    else:
        with tenant_context(factory):
            links = dict(
                ClusterLink.objects.filter(order_id__in=wanted)
                .order_by()
                .values_list("allocation_ref", "order_id")
            )
    if not links:
        return []
    allocations = (
        Allocation.unscoped.filter(
            ref__in=list(links), factory=factory, status=AllocationStatus.ACCEPTED
        )
        .select_related("order", "order__brand", "factory", "tenant")
        .order_by("pk")
    )
    return [(links[a.ref], a) for a in allocations]


_LINK_OF_ORDER = CompiledQuery(
    lambda tenant_id, order_id: (
        ClusterLink.unscoped.filter(tenant_id=tenant_id, order_id=order_id)
        .order_by()
        .values_list("allocation_ref", "order_id")
    ),
    int,
    int,
)


def refresh_orders(factory: Organization, order_ids: Iterable[int]) -> int:
    """Refresh the progress of the allocations linked to these orders; how many changed."""
    changed = 0
    for _order_id, allocation in linked_allocations(factory, order_ids):
        try:
            changed += progress_refresh(allocation)
        except Exception:  # a cluster-side failure must not fail the factory's request
            log.exception("progress refresh of allocation %s failed", allocation.pk)
    return changed


@receiver(work_recorded, dispatch_uid="cluster.work_recorded")
def on_work_recorded(
    sender: Any, *, tenant: Organization, order_ids: Iterable[int], **kwargs: Any
) -> None:
    refresh_orders(tenant, order_ids)


def shipment_client_id(shipment: Shipment, allocation: Allocation) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"shipment:{shipment.pk}:{allocation.ref}")


def shipment_settle(shipment: Shipment) -> None:
    """Refresh (and on delivery settle) the allocations whose orders ride on `shipment`."""
    factory = shipment.tenant
    with tenant_context(factory):
        pieces = dict(
            CartonLine.objects.filter(carton__shipment_id=shipment.pk)
            .order_by()
            .values_list("carton__order_id")
            .annotate(n=Sum("quantity"))
        )
    if not pieces:
        return
    delivered = shipment.status == ShipmentStatus.DELIVERED
    for order_id, allocation in linked_allocations(factory, pieces):
        try:
            progress_refresh(allocation)
            if delivered:
                _deliver(shipment, allocation, int(pieces[order_id]))
        except Exception:  # see the module docstring
            log.exception(
                "cluster settlement of shipment %s for allocation %s failed",
                shipment.pk,
                allocation.pk,
            )


def _deliver(shipment: Shipment, allocation: Allocation, pieces: int) -> None:
    """The allocation's garments on a delivered shipment, settled once; garments shipped over
    the allocation (an over-shipment allowance) are not charged to the brand."""
    client_id = shipment_client_id(shipment, allocation)
    if Delivery.unscoped.filter(tenant_id=allocation.tenant_id, client_id=client_id).exists():
        return
    quantity = min(pieces, allocation.quantity - delivered_so_far(allocation))
    if quantity <= 0:
        return
    delivered_on = (
        timezone.localdate(shipment.delivered_at) if shipment.delivered_at else shipment.ship_date
    )
    delivery_record(
        allocation=allocation,
        quantity=quantity,
        defective=0,
        delivered_on=delivered_on,
        reference=shipment.number,
        client_id=client_id,
        by=None,
    )


@receiver(post_save, sender=Shipment, dispatch_uid="cluster.shipment_saved")
def on_shipment_saved(sender: Any, *, instance: Shipment, **kwargs: Any) -> None:
    if instance.status not in (ShipmentStatus.DISPATCHED, ShipmentStatus.DELIVERED):
        return
    shipment_pk = instance.pk

    def run() -> None:
        shipment = Shipment.unscoped.filter(pk=shipment_pk).first()
        if shipment is not None:
            shipment_settle(shipment)

    transaction.on_commit(run)
