"""Settlement: a delivery posts the brand's payment split to the cluster's double-entry ledger.

For a delivery of ``quantity`` garments of which ``defective`` were refused at receiving,
with the rules of its cluster order (brand price, commission and channel fee in percent,
deduction per defective garment) and the allocation's factory price::

    gross       = quantity x target_price
    deduction   = defective x defect_deduction
    factory_due = quantity x unit_price - deduction
    commission  = gross x commission_pct / 100
    channel     = gross x channel_fee_pct / 100
    margin      = (gross - deduction) - factory_due - commission - channel

each rounded to the cent (half up), posted as one transaction: Dr the brand's receivable
(gross - deduction); Cr the factory's payable (factory_due), commission, channel fees and the
operator's margin (a negative amount goes to the other side; a zero amount is left out).
Debits equal credits to the cent, by construction and checked before anything is written.
Payments then clear the member accounts against the cluster's bank account.

All rows are the cluster's (the operator's tenant); every writer here works inside
``tenant_context(cluster.tenant)`` whoever acts. A retried request (same client id, same
figures) returns what the first one made and posts nothing again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.cluster.choices import AccountKind, AllocationStatus, MemberRole, TransactionKind
from seamline.cluster.events import announce
from seamline.cluster.models import (
    Allocation,
    Cluster,
    ClusterMember,
    Delivery,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
)
from seamline.cluster.progress import order_status_follow
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import current_tenant, tenant_context
from seamline.tenancy.models import Organization
from seamline.webhooks.choices import Event

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
# Namespace of the ids this module derives (a delivery's transaction, a shipment's delivery).
NAMESPACE = uuid.UUID("6f2b9a52-51f3-4c55-9d0b-5b8c3f1e7a10")


class SettlementError:
    """Codes of refused settlement actions (the `code` of the ValidationError)."""

    NOT_ACCEPTED = "not_accepted"
    QUANTITY = "quantity"
    DEFECTIVE = "defective"
    TOO_MANY = "too_many"
    ID_REUSED = "id_reused"
    AMOUNT = "amount"
    KIND = "kind"
    NOT_MEMBER = "not_member"
    DATE = "date"


def _refuse(message: str, code: str, field: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Split:
    """How one delivery's money is split (every figure in cents)."""

    gross: Decimal
    deduction: Decimal
    factory_due: Decimal
    commission: Decimal
    channel: Decimal
    margin: Decimal

    @property
    def brand_due(self) -> Decimal:
        return self.gross - self.deduction

    def as_json(self) -> dict[str, str]:
        return {name: str(value) for name, value in asdict(self).items()} | {
            "brand_due": str(self.brand_due)
        }


def split_of(
    *,
    quantity: int,
    defective: int,
    target_price: Decimal,
    unit_price: Decimal,
    defect_deduction: Decimal,
    commission_pct: Decimal,
    channel_fee_pct: Decimal,
) -> Split:
    """The settlement figures of a delivery (see the module docstring)."""
    gross = cents(quantity * target_price)
    deduction = cents(defective * defect_deduction)
    factory_due = cents(quantity * unit_price) - deduction
    commission = cents(gross * commission_pct / HUNDRED)
    channel = cents(gross * channel_fee_pct / HUNDRED)
    margin = (gross - deduction) - factory_due - commission - channel
    return Split(gross, deduction, factory_due, commission, channel, margin)


# --- accounts and postings -----------------------------------------------------------------


def account_for(
    cluster: Cluster, kind: str, organization: Organization | None = None
) -> LedgerAccount:
    """The cluster's account of `kind` (a member's when `organization`), made on first use.

    Call inside ``tenant_context(cluster.tenant)`` and a transaction.
    """
    found = LedgerAccount.objects.filter(cluster=cluster, kind=kind, organization=organization)
    account = found.first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return LedgerAccount.objects.create(
                cluster=cluster, kind=kind, organization=organization
            )
    except IntegrityError:  # made by another request meanwhile
        return found.get()


# (account, signed amount): positive on the account's natural side given by `debit`.
Leg = tuple[LedgerAccount, Decimal, bool]


def _post(
    *,
    cluster: Cluster,
    kind: str,
    client_id: uuid.UUID,
    posted_on: dt.date,
    memo: str,
    legs: list[Leg],
    by: Any,
    delivery: Delivery | None = None,
) -> LedgerTransaction:
    """Write one balanced transaction; `legs` are (account, amount, debit side?)."""
    entries: list[LedgerEntry] = []
    for account, amount, debit_side in legs:
        if amount == 0:
            continue
        is_debit = debit_side if amount > 0 else not debit_side
        value = abs(amount)
        entries.append(
            LedgerEntry(
                account=account,
                debit=value if is_debit else ZERO,
                credit=ZERO if is_debit else value,
                memo=memo[:300],
            )
        )
    debits = sum((e.debit for e in entries), Decimal("0"))
    credits = sum((e.credit for e in entries), Decimal("0"))
    if debits != credits:  # pragma: no cover - the figures balance by construction
        raise AssertionError(f"unbalanced posting: debits {debits} != credits {credits}")
    posting = LedgerTransaction.objects.create(
        cluster=cluster,
        kind=kind,
        delivery=delivery,
        client_id=client_id,
        memo=memo[:300],
        posted_on=posted_on,
        posted_by=signed_in_user(by),
    )
    for entry in entries:  # bulk_create skips save(): the tenant is set here
        entry.transaction = posting
        entry.tenant_id = posting.tenant_id
    LedgerEntry.objects.bulk_create(entries)
    return posting


# --- deliveries ----------------------------------------------------------------------------


def delivered_so_far(allocation: Allocation) -> int:
    total = Delivery.unscoped.filter(allocation=allocation).aggregate(n=Sum("quantity"))["n"]
    return int(total or 0)


def _same_delivery(
    delivery: Delivery, allocation: Allocation, quantity: int, defective: int, delivered_on: dt.date
) -> bool:
    return (
        delivery.allocation_id == allocation.pk
        and delivery.quantity == quantity
        and delivery.defective == defective
        and delivery.delivered_on == delivered_on
    )


def _check_party(by: Any, acting: Organization | None, *allowed: int) -> None:
    """A person acts for the organization active when the service was called, which must
    be one of `allowed` (the operator, the brand); the system (no person: a shipment's
    receiver) may always."""
    if not getattr(by, "is_authenticated", False):
        return
    if acting is None or acting.pk not in allowed:
        raise PermissionDenied


def _check_delivery(
    allocation: Allocation, quantity: int, defective: int, delivered_on: dt.date | None
) -> None:
    if allocation.status != AllocationStatus.ACCEPTED:
        raise _refuse(
            _("Only an accepted allocation can be delivered."),
            SettlementError.NOT_ACCEPTED,
            "allocation",
        )
    if quantity < 1:
        raise _refuse(
            _("Enter how many garments arrived (at least 1)."), SettlementError.QUANTITY, "quantity"
        )
    if defective < 0 or defective > quantity:
        raise _refuse(
            _("Defective garments must be between 0 and the garments delivered."),
            SettlementError.DEFECTIVE,
            "defective",
        )
    if delivered_on is None:
        raise _refuse(_("Enter the delivery date."), SettlementError.DATE, "delivered_on")
    left = allocation.quantity - delivered_so_far(allocation)
    if quantity > left:
        raise _refuse(
            _("Only %(left)s garments of this allocation are still to be delivered.")
            % {"left": max(left, 0)},
            SettlementError.TOO_MANY,
            "quantity",
        )


def delivery_record(
    *,
    allocation: Allocation,
    quantity: int,
    defective: int = 0,
    delivered_on: dt.date,
    reference: str = "",
    client_id: uuid.UUID | str,
    by: Any,
) -> Delivery:
    """Record garments of an accepted allocation the brand received and settle them.

    The caller has checked that the acting party is the brand or the operator (or it is the
    shipment receiver). One `LedgerTransaction` is posted; a retry with the same client id
    and figures returns the first delivery and posts nothing; other figures are refused.
    """
    client_id = uuid.UUID(str(client_id))
    reference = (reference or "").strip()[:60]
    acting = current_tenant()
    with tenant_context(allocation.tenant), transaction.atomic():
        # The allocation's lock first: a retry racing the first request waits for it and
        # then finds its delivery (and no two deliveries overrun the allocation).
        locked = (
            Allocation.objects.select_for_update(of=("self",))
            .select_related("order", "order__cluster", "order__brand", "factory", "tenant")
            .get(pk=allocation.pk)
        )
        existing = Delivery.objects.filter(client_id=client_id).first()
        if existing is not None:
            if not _same_delivery(existing, allocation, quantity, defective, delivered_on):
                raise _refuse(
                    _("This delivery id was already used for another delivery."),
                    SettlementError.ID_REUSED,
                    "client_id",
                )
            return existing
        _check_party(by, acting, locked.order.tenant_id, locked.order.brand_id)
        _check_delivery(locked, quantity, defective, delivered_on)
        order, cluster = locked.order, locked.order.cluster
        now = timezone.now()
        delivery = Delivery.objects.create(
            allocation=locked,
            client_id=client_id,
            quantity=quantity,
            defective=defective,
            delivered_on=delivered_on,
            reference=reference,
            settled_at=now,
            recorded_by=signed_in_user(by),
        )
        split = split_of(
            quantity=quantity,
            defective=defective,
            target_price=order.target_price,
            unit_price=locked.unit_price,
            defect_deduction=order.defect_deduction,
            commission_pct=order.commission_pct,
            channel_fee_pct=order.channel_fee_pct,
        )
        memo = _("Delivery %(reference)s of %(order)s by %(factory)s: %(quantity)s garments") % {
            "reference": reference or str(client_id)[:8],
            "order": order.number,
            "factory": locked.factory.name,
            "quantity": quantity,
        }
        _post(
            cluster=cluster,
            kind=TransactionKind.DELIVERY,
            client_id=uuid.uuid5(NAMESPACE, f"delivery:{client_id}"),
            posted_on=delivered_on,
            memo=memo,
            delivery=delivery,
            by=by,
            legs=[
                (
                    account_for(cluster, AccountKind.BRAND_RECEIVABLE, order.brand),
                    split.brand_due,
                    True,
                ),
                (
                    account_for(cluster, AccountKind.FACTORY_PAYABLE, locked.factory),
                    split.factory_due,
                    False,
                ),
                (account_for(cluster, AccountKind.COMMISSION), split.commission, False),
                (account_for(cluster, AccountKind.CHANNEL_FEES), split.channel, False),
                (account_for(cluster, AccountKind.OPERATOR_MARGIN), split.margin, False),
            ],
        )
        order_status_follow(order)
        _announce_delivery(delivery, locked, split)
    return delivery


def _announce_delivery(delivery: Delivery, allocation: Allocation, split: Split) -> None:
    order = allocation.order
    common: dict[str, Any] = {
        "delivery": str(delivery.client_id),
        "delivery_id": delivery.pk,
        "allocation": str(allocation.ref),
        "allocation_id": allocation.pk,
        "cluster_order": {"id": order.pk, "number": order.number},
        "cluster": {"id": order.cluster_id, "name": order.cluster.name},
        "factory": {"id": allocation.factory_id, "name": allocation.factory.name},
        "quantity": delivery.quantity,
        "defective": delivery.defective,
        "delivered_on": delivery.delivered_on.isoformat(),
        "reference": delivery.reference,
    }
    announce(
        Event.CLUSTER_SHIPMENT_DELIVERED,
        common | {"settlement": split.as_json()},
        [allocation.tenant, order.brand],
    )
    # The factory learns what it is owed, not the brand's price nor the operator's share.
    mine = {"deduction": str(split.deduction), "factory_due": str(split.factory_due)}
    announce(Event.CLUSTER_SHIPMENT_DELIVERED, common | {"settlement": mine}, [allocation.factory])


# --- payments ------------------------------------------------------------------------------


_PAYER_ROLE: dict[str, str] = {
    TransactionKind.BRAND_PAYMENT: MemberRole.BRAND,
    TransactionKind.FACTORY_PAYMENT: MemberRole.FACTORY,
}


def payment_record(
    *,
    cluster: Cluster,
    kind: str,
    organization: Organization,
    amount: Decimal,
    paid_on: dt.date,
    client_id: uuid.UUID | str,
    memo: str = "",
    by: Any,
) -> LedgerTransaction:
    """The operator records money in from a brand (Dr cash, Cr its receivable) or out to a
    factory (Dr its payable, Cr cash). A retry with the same client id returns the first."""
    client_id = uuid.UUID(str(client_id))
    if kind not in _PAYER_ROLE:
        raise _refuse(
            _("Choose a payment from a brand or to a factory."), SettlementError.KIND, "kind"
        )
    if amount is None or amount <= 0:
        raise _refuse(_("Enter an amount above zero."), SettlementError.AMOUNT, "amount")
    if cents(amount) != amount:
        raise _refuse(_("Enter the amount in cents at most."), SettlementError.AMOUNT, "amount")
    if paid_on is None:
        raise _refuse(_("Enter the payment date."), SettlementError.DATE, "paid_on")
    acting = current_tenant()
    with tenant_context(cluster.tenant), transaction.atomic():
        # Payments of a cluster queue on its bank account: a retry racing the first request
        # waits, then finds its transaction.
        cash = account_for(cluster, AccountKind.CASH)
        list(
            LedgerAccount.objects.select_for_update()
            .filter(pk=cash.pk)
            .order_by()
            .values_list("pk", flat=True)
        )
        existing = (
            LedgerTransaction.objects.filter(client_id=client_id)
            .prefetch_related("entries__account")
            .first()
        )
        if existing is not None:
            entries = list(existing.entries.all())
            same = (
                existing.cluster_id == cluster.pk
                and existing.kind == kind
                and existing.posted_on == paid_on
                and any(e.account.organization_id == organization.pk for e in entries)
                and sum((e.debit for e in entries), Decimal("0")) == amount
            )
            if not same:
                raise _refuse(
                    _("This payment id was already used for another payment."),
                    SettlementError.ID_REUSED,
                    "client_id",
                )
            return existing
        _check_party(by, acting, cluster.tenant_id)
        role = _PAYER_ROLE[kind]
        if not ClusterMember.objects.filter(
            cluster=cluster, organization=organization, role=role
        ).exists():
            raise _refuse(
                _("%(name)s is not a member of this cluster in that role.")
                % {"name": organization.name},
                SettlementError.NOT_MEMBER,
                "organization",
            )
        memo = (memo or "").strip()
        if kind == TransactionKind.BRAND_PAYMENT:
            member = account_for(cluster, AccountKind.BRAND_RECEIVABLE, organization)
            legs: list[Leg] = [(cash, amount, True), (member, amount, False)]
            memo = memo or _("Payment from %(name)s") % {"name": organization.name}
        else:
            member = account_for(cluster, AccountKind.FACTORY_PAYABLE, organization)
            legs = [(member, amount, True), (cash, amount, False)]
            memo = memo or _("Payment to %(name)s") % {"name": organization.name}
        return _post(
            cluster=cluster,
            kind=kind,
            client_id=client_id,
            posted_on=paid_on,
            memo=memo,
            legs=legs,
            by=by,
        )
