"""Pages of progress, deliveries and the ledger. Thin: find the row through `cluster.access`
(another party's row is a 404), check the party once, call a service or a read, render.

- progress of a cluster order's allocations (a fragment the order page polls);
- record a delivery of an allocation (brand or operator);
- the ledger of a cluster: journal, trial balance, payments (operator);
- a member's statement (the member itself, or the operator for any member).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seamline.cluster import access, ledger, settlement
from seamline.cluster.access import Party
from seamline.cluster.choices import AllocationStatus, MemberRole
from seamline.cluster.forms_ledger import DeliveryForm, PaymentForm
from seamline.cluster.models import Allocation, Cluster, ClusterMember, ClusterOrder
from seamline.cluster.progress import progress_row
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.models import Organization
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, errors_text

JOURNAL_PAGE = 50
SHOWN = (AllocationStatus.OFFERED, AllocationStatus.ACCEPTED)


# --- progress and deliveries ---------------------------------------------------------------


def _visible_allocations(order: ClusterOrder) -> list[Allocation]:
    """The order's allocations the acting party may see: a factory only its own."""
    return list(
        access.allocations()
        .filter(order=order, status__in=SHOWN)
        .select_related("factory", "order")
        .order_by("factory__name", "pk")
    )


def _may_record_deliveries(request: HttpRequest, order: ClusterOrder) -> bool:
    return has_perm(request, Perm.CLUSTER_MANAGE) and access.party_of(order) in (
        Party.OPERATOR,
        Party.BRAND,
    )


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def order_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress table of a cluster order (live for accepted allocations); with
    ``?part=deliver`` the delivery forms instead (brand and operator)."""
    order = access.cluster_order_or_404(pk)
    allocations = _visible_allocations(order)
    if request.GET.get("part") == "deliver":
        forms = []
        if _may_record_deliveries(request, order):
            for allocation in allocations:
                if allocation.status != AllocationStatus.ACCEPTED:
                    continue
                left = allocation.quantity - settlement.delivered_so_far(allocation)
                if left > 0:
                    forms.append((allocation, left, DeliveryForm(prefix=f"a{allocation.pk}")))
        return render(
            request, "cluster/_ledger_deliver.html", {"order": order, "delivery_forms": forms}
        )
    rows = [progress_row(allocation, live=True) for allocation in allocations]
    return render(
        request,
        "cluster/_ledger_progress_rows.html",
        {"order": order, "rows": rows, "party": access.party_of(order)},
    )


def _back(request: HttpRequest, allocation: Allocation) -> HttpResponse:
    """Back where the form was (the order page), else to the order's page or the ledger."""
    target = request.POST.get("next") or request.headers.get("referer") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    try:
        return redirect(reverse("cluster:order_detail", kwargs={"pk": allocation.order_id}))
    except NoReverseMatch:
        return redirect(reverse("cluster:statement", kwargs={"pk": allocation.order.cluster_id}))


@require_POST
@require_perm(Perm.CLUSTER_MANAGE)
def delivery_record(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = access.allocation_or_404(pk)
    if access.party_of(allocation.order) not in (Party.OPERATOR, Party.BRAND):
        raise PermissionDenied
    # The order page's forms carry a prefix per allocation; a form posted by hand may not.
    prefix = f"a{allocation.pk}"
    form = DeliveryForm(
        request.POST, prefix=prefix if f"{prefix}-quantity" in request.POST else None
    )
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _back(request, allocation)
    data = form.cleaned_data
    try:
        delivery = settlement.delivery_record(
            allocation=allocation,
            quantity=data["quantity"],
            defective=data["defective"] or 0,
            delivered_on=data["delivered_on"],
            reference=data["reference"],
            client_id=data["client_id"],
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request, allocation)
    messages.success(
        request,
        _("Delivery of %(quantity)s garments from %(factory)s recorded and settled.")
        % {"quantity": delivery.quantity, "factory": allocation.factory.name},
    )
    return _back(request, allocation)


# --- ledger (operator) ---------------------------------------------------------------------


def _operated_cluster(pk: int) -> Cluster:
    cluster = access.cluster_or_404(pk)
    if access.party_in_cluster(cluster) != Party.OPERATOR:
        raise Http404
    return cluster


def _ledger_page(
    request: HttpRequest, cluster: Cluster, form: PaymentForm | None, status: int = 200
) -> HttpResponse:
    page = Paginator(ledger.journal(cluster), JOURNAL_PAGE).get_page(request.GET.get("page"))
    can_manage = has_perm(request, Perm.CLUSTER_MANAGE)
    if form is None and can_manage:
        form = PaymentForm(cluster=cluster)
    return render(
        request,
        "cluster/ledger.html",
        {
            "cluster": cluster,
            "page": page,
            "trial": ledger.trial_balance(cluster),
            "form": form if can_manage else None,
            "members": _members(cluster),
        },
        status=status,
    )


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def ledger_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _ledger_page(request, _operated_cluster(pk), None)


@require_POST
@require_perm(Perm.CLUSTER_MANAGE)
def payment_record(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _operated_cluster(pk)
    form = PaymentForm(request.POST, cluster=cluster)
    if form.is_valid():
        data = form.cleaned_data
        try:
            settlement.payment_record(
                cluster=cluster,
                kind=data["kind"],
                organization=data["organization"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                client_id=data["client_id"],
                memo=data["memo"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Payment recorded."))
            return redirect("cluster:ledger", pk=cluster.pk)
    return _ledger_page(request, cluster, form, status=422)


# --- statements ----------------------------------------------------------------------------


def _members(cluster: Cluster) -> list[ClusterMember]:
    return list(
        ClusterMember.unscoped.filter(
            cluster=cluster, role__in=[MemberRole.BRAND, MemberRole.FACTORY]
        )
        .select_related("organization")
        .order_by("role", "organization__name")
    )


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def statement_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's statement: its own; the operator picks the member with ``?member=<id>``."""
    cluster = access.cluster_or_404(pk)
    party = access.party_in_cluster(cluster)
    if party is None:
        raise Http404
    wanted = request.GET.get("member", "")
    organization: Organization | None
    if party == Party.OPERATOR:
        organization = access.acting()  # its own accounts until it picks a member
        if wanted:
            member = next((m for m in _members(cluster) if str(m.organization_id) == wanted), None)
            if member is None:
                raise Http404
            organization = member.organization
    else:
        organization = access.acting()
        if wanted and wanted != str(organization.pk):
            raise Http404
    return render(
        request,
        "cluster/statement.html",
        {
            "cluster": cluster,
            "party": party,
            "members": _members(cluster) if party == Party.OPERATOR else [],
            "statement": ledger.statement(cluster, organization) if organization else None,
        },
    )
