"""Cluster orders over JSON: /api/v1/cluster/orders, runs and allocations.

Each party sees what ``cluster.access`` lets it: the operator its clusters' orders, a brand
its own, a factory the orders published to its clusters (shared fields only) and its own
allocations. Another party's row is a 404 for every method, before the body is read.
Reading needs CLUSTER_VIEW, changing CLUSTER_MANAGE; a refusal is a 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.catalog.models import Style
from seamline.cluster import access, allocating
from seamline.cluster import orders as services
from seamline.cluster.access import Party
from seamline.cluster.models import Allocation, AllocationRun, ClusterOrder
from seamline.cluster.schemas_orders import (
    AllocationOut,
    AnswerIn,
    BidIn,
    BidOut,
    ClusterOrderIn,
    ClusterOrderOut,
    RunIn,
    RunOut,
)
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["cluster"])

_VISIBLE: dict[str, Callable[[], QuerySet[Any]]] = {
    "order_id": access.cluster_orders,
    "run_id": allocating.runs,
    "allocation_id": allocating.allocations_visible,
}


def _visible_first(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A path id naming no row the acting party may see is a 404 before anything else."""

    @wraps(run)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "membership", None) is not None:
            for name, rows in _VISIBLE.items():
                if name not in kwargs:
                    continue
                value = str(kwargs[name])
                if not value.isdigit() or not rows().filter(pk=value).exists():
                    return JsonResponse({"detail": "Not Found"}, status=404)
        return run(request, *args, **kwargs)

    return wrapped


router.add_decorator(_visible_first, mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _order_out(order: ClusterOrder) -> dict[str, Any]:
    data = services.shared_view(order)
    if access.party_of(order) in (Party.OPERATOR, Party.BRAND):
        data.update(
            brand=order.brand.name,
            brand_reference=order.brand_reference,
            target_price=str(order.target_price),
            factory_price=str(order.factory_price),
            commission_pct=str(order.commission_pct),
            channel_fee_pct=str(order.channel_fee_pct),
            defect_deduction=str(order.defect_deduction),
            share_brand_name=order.share_brand_name,
            share_target_price=order.share_target_price,
            open_quantity=allocating.open_quantity(order),
        )
    return data


def _allocation(pk: int) -> Allocation:
    return (
        allocating.allocations_visible()
        .select_related("order", "factory")
        .prefetch_related(allocating.lines_prefetch())
        .get(pk=pk)
    )


@router.get(
    "/orders",
    response=list[ClusterOrderOut],
    url_name="cluster_order_list",
    summary="List cluster orders",
)
@paginate(LimitOffsetPagination, max_limit=200)
def order_list(request: HttpRequest) -> Any:
    """The cluster orders the acting organization may see, newest first: the operator's
    clusters' orders, a brand's own, the orders published to a factory's clusters."""
    api_require(request, Perm.CLUSTER_VIEW)
    rows = access.cluster_orders().select_related("cluster", "brand").order_by("-created_at", "-pk")
    return _LazyOrders(rows)


class _LazyOrders:
    """A queryset-like list for the paginator: each page's orders shaped for the party."""

    def __init__(self, rows: QuerySet[ClusterOrder]) -> None:
        self.rows = rows

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        page = self.rows[item].prefetch_related(services.lines_prefetch())
        return [_order_out(order) for order in page]


@router.post(
    "/orders",
    response={201: ClusterOrderOut},
    url_name="cluster_order_create",
    summary="Create a cluster order (brand)",
)
def order_create(request: HttpRequest, payload: ClusterOrderIn) -> Any:
    """A draft order of the acting brand in one of its clusters, with a snapshot of the
    style's operation bulletin; publish it to show it to the factories."""
    api_require(request, Perm.CLUSTER_MANAGE)
    cluster = access.cluster_or_404(payload.cluster_id)
    style = get_object_or_404(Style.objects, pk=payload.style_id)
    order = services.cluster_order_create(
        cluster=cluster,
        style=style,
        lines=[(line.colour, line.size, line.quantity) for line in payload.lines],
        delivery_date=payload.delivery_date,
        target_price=payload.target_price,
        factory_price=payload.factory_price,
        commission_pct=payload.commission_pct,
        channel_fee_pct=payload.channel_fee_pct,
        defect_deduction=payload.defect_deduction,
        required_capabilities=payload.required_capabilities,
        min_batch=payload.min_batch,
        share_brand_name=payload.share_brand_name,
        share_target_price=payload.share_target_price,
        brand_reference=payload.brand_reference,
        description=payload.description,
        by=request.user,
    )
    return Status(201, _order_out(access.cluster_order_or_404(order.pk)))


@router.get(
    "/orders/{order_id}",
    response=ClusterOrderOut,
    url_name="cluster_order_get",
    summary="One cluster order",
)
def order_get(request: HttpRequest, order_id: int) -> Any:
    """One order as the acting party may see it (factories: shared fields only)."""
    api_require(request, Perm.CLUSTER_VIEW)
    return _order_out(access.cluster_order_or_404(order_id))


@router.post(
    "/orders/{order_id}/publish",
    response=ClusterOrderOut,
    url_name="cluster_order_publish",
    summary="Publish a cluster order (brand)",
)
def order_publish(request: HttpRequest, order_id: int) -> Any:
    """Draft -> published; announces `cluster.order_published`. Again: no change."""
    api_require(request, Perm.CLUSTER_MANAGE)
    order = services.cluster_order_publish(
        order=access.cluster_order_or_404(order_id), by=request.user
    )
    return _order_out(access.cluster_order_or_404(order.pk))


@router.post(
    "/orders/{order_id}/bids",
    response=BidOut,
    url_name="cluster_order_bid",
    summary="Bid for part of a cluster order (factory)",
)
def order_bid(request: HttpRequest, order_id: int, payload: BidIn) -> Any:
    """The acting factory's bid (quantity, price, ready date); placing again updates it."""
    api_require(request, Perm.CLUSTER_MANAGE)
    bid = services.bid_place(
        order=access.cluster_order_or_404(order_id),
        quantity=payload.quantity,
        unit_price=payload.unit_price,
        ready_date=payload.ready_date,
        note=payload.note,
        by=request.user,
    )
    return bid


@router.post(
    "/orders/{order_id}/runs",
    response={201: RunOut},
    url_name="cluster_order_run",
    summary="Propose an allocation (operator or brand)",
)
def order_run(request: HttpRequest, order_id: int, payload: RunIn) -> Any:
    """Run the allocation engine on the order's open garments; the proposal comes back
    with each factory's share, figures and reasons."""
    api_require(request, Perm.CLUSTER_MANAGE)
    run = allocating.allocation_run(
        order=access.cluster_order_or_404(order_id), mode=payload.mode, by=request.user
    )
    return Status(201, allocating.run_or_404(run.pk))


@router.get("/runs/{run_id}", response=RunOut, url_name="cluster_run_get", summary="One run")
def run_get(request: HttpRequest, run_id: int) -> Any:
    """An allocation run with its figures, explanation and allocations (operator, brand)."""
    api_require(request, Perm.CLUSTER_VIEW)
    return allocating.run_or_404(run_id)


@router.post(
    "/runs/{run_id}/offer",
    response=RunOut,
    url_name="cluster_run_offer",
    summary="Offer a run's proposal to its factories",
)
def run_offer(request: HttpRequest, run_id: int) -> Any:
    """Proposed -> offered; older proposals of the order lapse. Again: no change."""
    api_require(request, Perm.CLUSTER_MANAGE)
    run: AllocationRun = allocating.run_or_404(run_id)
    allocating.run_offer(run=run, by=request.user)
    return allocating.run_or_404(run_id)


@router.get(
    "/allocations",
    response=list[AllocationOut],
    url_name="cluster_allocation_list",
    summary="List allocations",
)
@paginate(LimitOffsetPagination, max_limit=200)
def allocation_list(request: HttpRequest) -> Any:
    """Allocations the acting organization may see: the operator's, those of a brand's
    orders, a factory's own (offered to it or answered)."""
    api_require(request, Perm.CLUSTER_VIEW)
    return (
        allocating.allocations_visible()
        .select_related("order", "factory")
        .prefetch_related(allocating.lines_prefetch())
        .order_by("-created_at", "-pk")
    )


@router.get(
    "/allocations/{allocation_id}",
    response=AllocationOut,
    url_name="cluster_allocation_get",
    summary="One allocation",
)
def allocation_get(request: HttpRequest, allocation_id: int) -> Any:
    """One allocation: its grid, price, ready date, status and why."""
    api_require(request, Perm.CLUSTER_VIEW)
    return _allocation(allocation_id)


@router.post(
    "/allocations/{allocation_id}/answer",
    response=AllocationOut,
    url_name="cluster_allocation_answer",
    summary="Accept or decline an allocation (factory)",
)
def allocation_answer(request: HttpRequest, allocation_id: int, payload: AnswerIn) -> Any:
    """Accept: the allocation becomes a confirmed order in the factory's own books and
    `cluster.allocation_accepted` is announced. Decline: the garments are free again.
    The same answer again changes nothing; the other answer is refused."""
    api_require(request, Perm.CLUSTER_MANAGE)
    allocating.allocation_answer(
        allocation=_allocation(allocation_id), accept=payload.accept, by=request.user
    )
    return _allocation(allocation_id)
