"""Progress, deliveries and the ledger over JSON, under /api/v1/cluster/.

- ``GET allocations/{id}/progress``: an allocation's cut / sewn / finished / shipped garments
  (operator, the order's brand, the allocation's factory).
- ``POST allocations/{id}/deliveries``: garments the brand received; settles them in the
  ledger (brand or operator). Idempotent on ``client_id``: a retry answers 200 with the
  first delivery and posts nothing again; the same id with other figures is a 422.
- ``GET clusters/{id}/statement``: the acting member's statement (the operator: any member's,
  with ``?member=<organization id>``).
- ``GET clusters/{id}/trial-balance`` and ``POST clusters/{id}/payments``: the operator's.

Reading needs CLUSTER_VIEW, writing CLUSTER_MANAGE. A row of another party is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from seamline.cluster import access, ledger, settlement
from seamline.cluster.access import Party
from seamline.cluster.choices import AllocationStatus
from seamline.cluster.models import (
    Allocation,
    Cluster,
    ClusterMember,
    Delivery,
    LedgerTransaction,
)
from seamline.cluster.progress import progress_row
from seamline.cluster.schemas_ledger import (
    DeliveryIn,
    DeliveryOut,
    PaymentIn,
    ProgressOut,
    StatementOut,
    TransactionOut,
    TrialBalanceOut,
)
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import validation_errors_as_422
from seamline.tenancy.models import Organization
from seamline.tenancy.permissions import Perm

router = Router(tags=["cluster"])


def _visible_first(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """404 for an allocation or cluster the acting party cannot see, before the body is
    parsed (so another party's row is a 404 for every method, never a 422)."""

    @wraps(run)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "membership", None) is not None:
            for name, rows in (
                ("allocation_id", access.allocations),
                ("cluster_id", access.clusters),
            ):
                if name not in kwargs:
                    continue
                value = str(kwargs[name])
                if not value.isdigit() or not rows().filter(pk=value).exists():
                    return JsonResponse({"detail": "Not Found"}, status=404)
        return run(request, *args, **kwargs)

    return wrapped


router.add_decorator(_visible_first, mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _progress(allocation: Allocation) -> dict[str, Any]:
    row = progress_row(allocation, live=True)
    return {
        "id": allocation.pk,
        "ref": allocation.ref,
        "cluster_order": allocation.order.number,
        "factory": allocation.factory.name,
        "status": allocation.status,
        "ordered": row.ordered,
        "cut": row.cut,
        "sewn": row.sewn,
        "finished": row.finished,
        "shipped": row.shipped,
        "delivered": settlement.delivered_so_far(allocation),
        "progress_at": allocation.progress_at,
        "live": allocation.status == AllocationStatus.ACCEPTED,
    }


@router.get(
    "/allocations/{allocation_id}/progress",
    response=ProgressOut,
    url_name="cluster_allocation_progress",
)
def allocation_progress(request: HttpRequest, allocation_id: int) -> Any:
    """An allocation's progress: live from the factory's books once it is accepted."""
    api_require(request, Perm.CLUSTER_VIEW)
    return _progress(access.allocation_or_404(allocation_id))


def _delivery(delivery: Delivery, allocation: Allocation) -> dict[str, Any]:
    order = allocation.order
    split = settlement.split_of(
        quantity=delivery.quantity,
        defective=delivery.defective,
        target_price=order.target_price,
        unit_price=allocation.unit_price,
        defect_deduction=order.defect_deduction,
        commission_pct=order.commission_pct,
        channel_fee_pct=order.channel_fee_pct,
    )
    posting = LedgerTransaction.unscoped.filter(delivery=delivery).order_by("pk").first()
    return {
        "id": delivery.pk,
        "client_id": delivery.client_id,
        "allocation": allocation.pk,
        "allocation_ref": allocation.ref,
        "cluster_order": order.number,
        "factory": allocation.factory.name,
        "quantity": delivery.quantity,
        "defective": delivery.defective,
        "delivered_on": delivery.delivered_on,
        "reference": delivery.reference,
        "settled_at": delivery.settled_at,
        "transaction": posting.pk if posting else None,
        "settlement": split.as_json(),
    }


@router.post(
    "/allocations/{allocation_id}/deliveries",
    response={200: DeliveryOut, 201: DeliveryOut},
    url_name="cluster_delivery_record",
)
def delivery_record(request: HttpRequest, allocation_id: int, payload: DeliveryIn) -> Any:
    """Record garments the brand received and settle them (brand or operator).

    201 with the new delivery; 200 with the first one when `client_id` was seen before.
    """
    api_require(request, Perm.CLUSTER_MANAGE)
    allocation = access.allocation_or_404(allocation_id)
    if access.party_of(allocation.order) not in (Party.OPERATOR, Party.BRAND):
        raise HttpError(403, "Only the brand or the cluster operator records deliveries.")
    seen = Delivery.unscoped.filter(
        tenant_id=allocation.tenant_id, client_id=payload.client_id
    ).exists()
    delivery = settlement.delivery_record(
        allocation=allocation,
        quantity=payload.quantity,
        defective=payload.defective,
        delivered_on=payload.delivered_on,
        reference=payload.reference,
        client_id=payload.client_id,
        by=request.user,
    )
    return Status(200 if seen else 201, _delivery(delivery, allocation))


def _operated(cluster_id: int) -> Cluster:
    cluster = access.cluster_or_404(cluster_id)
    if access.party_in_cluster(cluster) != Party.OPERATOR:
        raise Http404
    return cluster


@router.get("/clusters/{cluster_id}/statement", response=StatementOut, url_name="cluster_statement")
def statement(request: HttpRequest, cluster_id: int, member: int | None = None) -> Any:
    """The acting member's statement in the cluster, each line naming its delivery; the
    operator reads any member's with `member` (without it, its own accounts: commission,
    channel fees, margin and cash)."""
    api_require(request, Perm.CLUSTER_VIEW)
    cluster = access.cluster_or_404(cluster_id)
    party = access.party_in_cluster(cluster)
    if party is None:
        raise Http404
    organization: Organization
    if party == Party.OPERATOR:
        if member is None:
            member = cluster.tenant_id  # the operator's own accounts
        found = (
            ClusterMember.unscoped.filter(cluster=cluster, organization_id=member)
            .select_related("organization")
            .first()
        )
        if found is not None:
            organization = found.organization
        elif member == cluster.tenant_id:
            organization = access.acting()
        else:
            raise Http404
    else:
        organization = access.acting()
        if member is not None and member != organization.pk:
            raise Http404
    result = ledger.statement(cluster, organization)
    return {
        "cluster": cluster.pk,
        "organization": organization.pk,
        "organization_name": organization.name,
        "currency": cluster.currency,
        "balance": result.balance,
        "accounts": [{"account": label, "balance": amount} for label, amount in result.closing],
        "lines": [
            {
                "posted_on": line.posted_on,
                "kind": line.kind,
                "account": line.account,
                "memo": line.memo,
                "debit": line.debit,
                "credit": line.credit,
                "balance": line.balance,
                "transaction": line.transaction_id,
                "delivery": line.delivery,
                "delivery_reference": line.delivery_reference,
                "cluster_order": line.cluster_order,
                "allocation": line.allocation,
                "quantity": line.quantity,
                "defective": line.defective,
            }
            for line in result.lines
        ],
    }


@router.get(
    "/clusters/{cluster_id}/trial-balance",
    response=TrialBalanceOut,
    url_name="cluster_trial_balance",
)
def trial_balance(request: HttpRequest, cluster_id: int) -> Any:
    """Debits, credits and balance per account of the cluster's ledger (operator)."""
    api_require(request, Perm.CLUSTER_VIEW)
    cluster = _operated(cluster_id)
    trial = ledger.trial_balance(cluster)
    return {
        "cluster": cluster.pk,
        "currency": cluster.currency,
        "rows": [
            {
                "account_id": row.account.pk,
                "kind": row.account.kind,
                "organization": row.account.organization_id,
                "label": row.label,
                "debit": row.debit,
                "credit": row.credit,
                "balance": row.balance,
            }
            for row in trial.rows
        ],
        "total_debit": trial.total_debit,
        "total_credit": trial.total_credit,
        "balanced": trial.balanced,
    }


@router.post(
    "/clusters/{cluster_id}/payments",
    response={200: TransactionOut, 201: TransactionOut},
    url_name="cluster_payment_record",
)
def payment_record(request: HttpRequest, cluster_id: int, payload: PaymentIn) -> Any:
    """Record a payment from a brand or to a factory (operator); idempotent on `client_id`."""
    api_require(request, Perm.CLUSTER_MANAGE)
    cluster = _operated(cluster_id)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise ValidationError({"organization_id": _("No such organization.")})
    seen = LedgerTransaction.unscoped.filter(
        tenant_id=cluster.tenant_id, client_id=payload.client_id
    ).exists()
    posting = settlement.payment_record(
        cluster=cluster,
        kind=payload.kind,
        organization=organization,
        amount=payload.amount,
        paid_on=payload.paid_on,
        client_id=payload.client_id,
        memo=payload.memo,
        by=request.user,
    )
    entries = posting.entries.select_related("account", "account__organization").order_by("pk")
    return Status(
        200 if seen else 201,
        {
            "id": posting.pk,
            "client_id": posting.client_id,
            "kind": posting.kind,
            "posted_on": posting.posted_on,
            "memo": posting.memo,
            "entries": [
                {
                    "account": ledger.account_label(entry.account),
                    "debit": settlement.cents(entry.debit),
                    "credit": settlement.cents(entry.credit),
                }
                for entry in entries
            ],
        },
    )
