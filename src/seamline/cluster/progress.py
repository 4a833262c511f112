"""Progress back to the brand: each allocation's cut / sewn / finished / shipped garments.

The figures come from the factory's own data chain, read in the factory's tenant: its order
linked to the allocation (``ClusterLink`` by ``allocation_ref``), that order's progress on the
shop floor and its garments in cartons of dispatched or delivered shipments. Nothing else of
the factory's data leaves its books. ``progress_refresh`` copies the figures onto the
allocation (a cluster row, in the operator's books) and announces a change to the operator
and the brand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seamline.cluster.choices import AllocationStatus, ClusterOrderStatus
from seamline.cluster.events import announce
from seamline.cluster.models import (
    Allocation,
    ClusterLink,
    ClusterOrder,
    ClusterOrderLine,
    Delivery,
)
from seamline.shipping.shipments import shipped_pieces
from seamline.shopfloor.floor import order_progress
from seamline.tenancy.context import tenant_context
from seamline.webhooks.choices import Event

FIGURES = ("cut", "sewn", "finished", "shipped")
LABELS = {"cut": _("Cut"), "sewn": _("Sewn"), "finished": _("Finished"), "shipped": _("Shipped")}


@dataclass(frozen=True)
class AllocationProgress:
    """One allocation's progress, for the progress table (live or as last copied)."""

    allocation: Allocation
    ordered: int
    cut: int
    sewn: int
    finished: int
    shipped: int
    linked: bool  # the factory's order for it exists

    def share(self, figure: str) -> int:
        """Percent of the allocation's garments that reached `figure` (0..100)."""
        if self.ordered <= 0:
            return 0
        return min(100, round(100 * int(getattr(self, figure)) / self.ordered))

    @property
    def bars(self) -> list[tuple[str, int, int]]:
        """(label, garments, percent) per stage, for the bars."""
        return [(str(LABELS[name]), int(getattr(self, name)), self.share(name)) for name in FIGURES]


def progress_of(allocation: Allocation) -> dict[str, int]:
    """The allocation's figures read live from the factory's books (all 0 before its order
    exists): ``{"ordered", "cut", "sewn", "finished", "shipped", "linked"}``."""
    figures = {"ordered": allocation.quantity, "linked": 0, **dict.fromkeys(FIGURES, 0)}
    with tenant_context(allocation.factory):
        link = (
            ClusterLink.objects.filter(allocation_ref=allocation.ref)
            .select_related("order")
            .first()
        )
        if link is None:
            return figures
        total = order_progress(link.order).total
        figures.update(
            linked=1,
            cut=total.cut,
            sewn=total.sewn,
            finished=total.finished,
            shipped=shipped_pieces(link.order),
        )
    return figures


def progress_row(allocation: Allocation, *, live: bool) -> AllocationProgress:
    """The table row: live figures for an accepted allocation, else the stored copy."""
    if live and allocation.status == AllocationStatus.ACCEPTED:
        figures = progress_of(allocation)
        return AllocationProgress(
            allocation=allocation,
            ordered=allocation.quantity,
            cut=figures["cut"],
            sewn=figures["sewn"],
            finished=figures["finished"],
            shipped=figures["shipped"],
            linked=bool(figures["linked"]),
        )
    return AllocationProgress(
        allocation=allocation,
        ordered=allocation.quantity,
        cut=allocation.cut,
        sewn=allocation.sewn,
        finished=allocation.finished,
        shipped=allocation.shipped,
        linked=allocation.progress_at is not None,
    )


def progress_payload(allocation: Allocation) -> dict[str, object]:
    """What `cluster.progress_changed` carries: no price, no factory data beyond the counts."""
    order = allocation.order
    return {
        "allocation": str(allocation.ref),
        "allocation_id": allocation.pk,
        "cluster_order": {"id": order.pk, "number": order.number},
        "cluster": {"id": order.cluster_id},
        "factory": {"id": allocation.factory_id, "name": allocation.factory.name},
        "ordered": allocation.quantity,
        **{name: int(getattr(allocation, name)) for name in FIGURES},
        "progress_at": allocation.progress_at.isoformat() if allocation.progress_at else None,
    }


def progress_refresh(allocation: Allocation) -> bool:
    """Copy the live figures onto an accepted allocation; True (and announced to the operator
    and the brand) when one of them changed."""
    if allocation.status != AllocationStatus.ACCEPTED:
        return False
    figures = progress_of(allocation)
    with tenant_context(allocation.tenant), transaction.atomic():
        locked = (
            Allocation.objects.select_for_update(of=("self",))
            .select_related("order", "order__brand", "factory", "tenant")
            .get(pk=allocation.pk)
        )
        if all(int(getattr(locked, name)) == figures[name] for name in FIGURES):
            return False
        for name in FIGURES:
            setattr(locked, name, figures[name])
        locked.progress_at = timezone.now()
        locked.save(update_fields=[*FIGURES, "progress_at"])
        order_status_follow(locked.order)
        announce(
            Event.CLUSTER_PROGRESS_CHANGED,
            progress_payload(locked),
            [locked.tenant, locked.order.brand],
        )
    for name in (*FIGURES, "progress_at"):
        setattr(allocation, name, getattr(locked, name))
    return True


def order_status_follow(order: ClusterOrder) -> None:
    """The cluster order's status follows its parts: in production once a factory has cut
    garments of it, delivered once the brand received every garment. Run in the operator's
    books; an order still (partly) open for allocation stays published."""
    if order.status not in (ClusterOrderStatus.ALLOCATED, ClusterOrderStatus.IN_PRODUCTION):
        return
    ordered = ClusterOrderLine.unscoped.filter(order=order).aggregate(n=Sum("quantity"))["n"]
    delivered = Delivery.unscoped.filter(allocation__order=order).aggregate(n=Sum("quantity"))
    if ordered and (delivered["n"] or 0) >= ordered:
        status = ClusterOrderStatus.DELIVERED
    elif Allocation.unscoped.filter(
        order=order, status=AllocationStatus.ACCEPTED, cut__gt=0
    ).exists():
        status = ClusterOrderStatus.IN_PRODUCTION
    else:
        return
    if status != order.status:
        ClusterOrder.unscoped.filter(pk=order.pk).update(status=status)
        order.status = status
