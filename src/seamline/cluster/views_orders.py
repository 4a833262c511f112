"""Cluster order pages: the list, a brand's new order, one order (as brand, operator or
factory), its bids, allocation runs and offers, and one allocation.

Every row is read through ``cluster.access`` (another party's row is a 404); CLUSTER_VIEW
sees the pages, CLUSTER_MANAGE changes things as far as the organization's part allows
(the services refuse the rest).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.cluster import access, allocating
from seamline.cluster import orders as services
from seamline.cluster.access import Party
from seamline.cluster.choices import AllocationStatus, MemberRole
from seamline.cluster.forms_orders import AnswerForm, BidForm, ClusterOrderForm, RunForm
from seamline.cluster.models import (
    Allocation,
    AllocationLine,
    AllocationRun,
    ClusterLink,
    ClusterOrder,
    ClusterOrderLine,
)
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, errors_text, refused

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 30
MANAGERS = (Party.OPERATOR, Party.BRAND)


def _to(order: ClusterOrder) -> HttpResponse:
    return redirect("cluster:order_detail", pk=order.pk)


def _may_manage(request: HttpRequest) -> None:
    if not has_perm(request, Perm.CLUSTER_MANAGE):
        raise PermissionDenied


def allocation_or_404(pk: Any) -> Allocation:
    allocation = (
        allocating.allocations_visible()
        .select_related("order", "order__cluster", "order__brand", "factory", "run")
        .filter(pk=pk)
        .first()
    )
    if allocation is None:
        raise Http404
    return allocation


def grid(lines: list[Any]) -> dict[str, Any]:
    """Rows of colour with a cell per size, sizes in grid order, and totals."""
    sizes = [s for _p, s in sorted({(line.position, line.size) for line in lines})]
    sizes = list(dict.fromkeys(sizes))
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    for line in lines:
        cells[line.colour][line.size] = cells[line.colour].get(line.size, 0) + line.quantity
    rows = [
        {
            "colour": colour,
            "cells": [cells[colour].get(size, 0) for size in sizes],
            "total": sum(cells[colour].values()),
        }
        for colour in sorted(cells)
    ]
    return {
        "sizes": sizes,
        "rows": rows,
        "total": sum(row["total"] for row in rows),
        "size_totals": [sum(cells[c].get(size, 0) for c in cells) for size in sizes],
    }


# --- list and new -----------------------------------------------------------------------------


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def order_list(request: HttpRequest) -> HttpResponse:
    org = access.acting()
    rows = access.cluster_orders().select_related("cluster", "brand").order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    orders = list(page.object_list)
    ids = [o.pk for o in orders]
    totals = dict(
        ClusterOrderLine.unscoped.filter(order_id__in=ids)
        .values_list("order_id")
        .annotate(total=Sum("quantity"))
        .values_list("order_id", "total")
    )
    managed = [o.pk for o in orders if o.tenant_id == org.pk or o.brand_id == org.pk]
    held: dict[tuple[int, str], int] = {
        (order_id, status): total
        for order_id, status, total in Allocation.unscoped.filter(
            order_id__in=managed,
            status__in=[AllocationStatus.OFFERED, AllocationStatus.ACCEPTED],
        )
        .values_list("order_id", "status")
        .annotate(total=Sum("quantity"))
        .values_list("order_id", "status", "total")
    }
    entries = []
    for order in orders:
        party = access.party_of(order)
        entries.append(
            {
                "order": order,
                "party": party,
                "manages": party in MANAGERS,
                "brand": order.brand.name if party in MANAGERS or order.share_brand_name else None,
                "quantity": totals.get(order.pk, 0),
                "offered": held.get((order.pk, AllocationStatus.OFFERED), 0),
                "accepted": held.get((order.pk, AllocationStatus.ACCEPTED), 0),
            }
        )
    mine = (
        allocating.allocations_visible()
        .filter(factory=org)
        .select_related("order", "order__cluster")
        .order_by("-created_at", "-pk")[:100]
    )
    can_order = (
        has_perm(request, Perm.CLUSTER_MANAGE) and access.active_clusters(MemberRole.BRAND).exists()
    )
    return render(
        request,
        "cluster/order_list.html",
        {"page": page, "entries": entries, "my_allocations": list(mine), "can_order": can_order},
    )


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CLUSTER_VIEW)
def order_create(request: HttpRequest) -> HttpResponse:
    _may_manage(request)
    form = ClusterOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.cluster_order_create(
                cluster=data["cluster"],
                style=data["style"],
                lines=data["lines"],
                delivery_date=data["delivery_date"],
                target_price=data["target_price"],
                factory_price=data["factory_price"],
                commission_pct=data["commission_pct"],
                channel_fee_pct=data["channel_fee_pct"],
                defect_deduction=data["defect_deduction"],
                required_capabilities=data["required_capabilities"],
                min_batch=data["min_batch"],
                share_brand_name=data["share_brand_name"],
                share_target_price=data["share_target_price"],
                brand_reference=data["brand_reference"],
                description=data["description"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Cluster order %(number)s was created as a draft; publish it when ready.")
                % {"number": order.number},
            )
            return _to(order)
    return render(request, "cluster/order_form.html", {"form": form})


# --- one order --------------------------------------------------------------------------------


def _latest_run(order: ClusterOrder) -> dict[str, Any] | None:
    run = AllocationRun.unscoped.filter(order=order).order_by("-created_at", "-pk").first()
    if run is None:
        return None
    proposal = list(
        Allocation.unscoped.filter(run=run).select_related("factory").order_by("factory__name")
    )
    given = {a.factory_id for a in proposal}
    rows = []
    for allocation in proposal:
        reason = allocation.reason or {}
        rows.append(
            {
                "allocation": allocation,
                "minutes": reason.get("minutes", 0),
                "utilisation": round(100 * float(reason.get("utilisation") or 0), 1),
                "cost": allocation.quantity * allocation.unit_price,
                "words": allocating.reason_words(reason),
            }
        )
    excluded = [
        {"name": row.get("name", ""), "words": allocating.reason_words(row)}
        for row in run.explanation
        if row.get("factory") not in given
    ]
    return {
        "run": run,
        "rows": rows,
        "excluded": excluded,
        "proposed": any(a.status == AllocationStatus.PROPOSED for a in proposal),
    }


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.cluster_order_or_404(pk)
    party = access.party_of(order)
    org = access.acting()
    lines = list(ClusterOrderLine.unscoped.filter(order=order))
    manages = party in MANAGERS
    allocations = allocating.allocations_visible().filter(order=order).select_related("factory")
    if not manages:
        allocations = allocations.filter(factory=org)
    bids = services.bids_visible(order)
    own_bid = next((b for b in bids if b.factory_id == org.pk), None)
    bid_form = BidForm(
        initial={
            "quantity": own_bid.quantity,
            "unit_price": own_bid.unit_price,
            "ready_date": own_bid.ready_date,
            "note": own_bid.note,
        }
        if own_bid
        else None
    )
    context = {
        "order": order,
        "shared": services.shared_view(order),
        "party": str(party),
        "manages": manages,
        "can_manage": has_perm(request, Perm.CLUSTER_MANAGE),
        "grid": grid(lines),
        "bids": bids,
        "own_bid": own_bid,
        "bid_form": bid_form,
        "run_form": RunForm(),
        "latest": _latest_run(order) if manages else None,
        "runs": list(AllocationRun.unscoped.filter(order=order).order_by("-created_at", "-pk")[:10])
        if manages
        else [],
        "allocations": list(allocations.order_by("factory__name", "pk")),
        "open_quantity": allocating.open_quantity(order) if manages else None,
    }
    return render(request, "cluster/order_detail.html", context)


def _order_step(
    request: HttpRequest, pk: int, step: Callable[..., Any], done: StrOrPromise
) -> HttpResponse:
    """Apply a service step (publish, cancel) to a visible order; say what happened."""
    order = access.cluster_order_or_404(pk)
    _may_manage(request)
    try:
        step(order=order, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, done)
    return _to(order)


@require_POST
@require_perm(Perm.CLUSTER_VIEW)
def order_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_step(
        request,
        pk,
        services.cluster_order_publish,
        _("The order is published to the cluster's factories."),
    )


@require_POST
@require_perm(Perm.CLUSTER_VIEW)
def order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_step(request, pk, services.cluster_order_cancel, _("The order was cancelled."))


@require_POST
@require_perm(Perm.CLUSTER_VIEW)
def order_bid(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.cluster_order_or_404(pk)
    _may_manage(request)
    form = BidForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _to(order)
    try:
        services.bid_place(order=order, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("Your bid was saved."))
    return _to(order)


@require_POST
@require_perm(Perm.CLUSTER_VIEW)
def order_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.cluster_order_or_404(pk)
    _may_manage(request)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _to(order)
    try:
        run = allocating.allocation_run(
            order=order, mode=form.cleaned_data["mode"], by=request.user
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("Proposal ready: %(placed)s garments placed, %(unplaced)s not placed.")
            % {
                "placed": sum(
                    Allocation.unscoped.filter(run=run).values_list("quantity", flat=True)
                ),
                "unplaced": run.unplaced,
            },
        )
    return _to(order)


@require_POST
@require_perm(Perm.CLUSTER_VIEW)
def run_offer(request: HttpRequest, pk: int) -> HttpResponse:
    run = allocating.run_or_404(pk)
    _may_manage(request)
    try:
        allocating.run_offer(run=run, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The proposal was offered to its factories."))
    return _to(run.order)


# --- one allocation ---------------------------------------------------------------------------


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def allocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = allocation_or_404(pk)
    org = access.acting()
    is_factory = allocation.factory_id == org.pk
    lines = list(AllocationLine.unscoped.filter(allocation=allocation))
    return render(
        request,
        "cluster/allocation_detail.html",
        {
            "allocation": allocation,
            "order": allocation.order,
            "is_factory": is_factory,
            "can_manage": has_perm(request, Perm.CLUSTER_MANAGE),
            "grid": grid(lines),
            "words": allocating.reason_words(allocation.reason or {}),
            "own_order": _own_order(allocation) if is_factory else None,
        },
    )


def _own_order(allocation: Allocation) -> Any:
    link = ClusterLink.objects.select_related("order").filter(allocation_ref=allocation.ref).first()
    return link.order if link else None


@require_POST
@require_perm(Perm.CLUSTER_VIEW)
def allocation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = allocation_or_404(pk)
    _may_manage(request)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("cluster:allocation_detail", pk=allocation.pk)
    accept = form.cleaned_data["accept"]
    try:
        allocating.allocation_answer(allocation=allocation, accept=accept, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("Accepted: the order is now in your own books.")
            if accept
            else _("Declined: the garments go back to the cluster."),
        )
    return redirect("cluster:allocation_detail", pk=allocation.pk)
