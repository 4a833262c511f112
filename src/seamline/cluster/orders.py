"""Cluster orders and bids: a brand creates and publishes an order to a cluster, the brand or
the operator cancels it, factories bid on it.

The rows live in the cluster operator's books, so every write happens inside
``tenant_context(cluster.tenant)``; who may do what is decided from the acting organization
through ``cluster.access``. What factories may see of an order is ``shared_view(order)``: the
one place that decides it (pages, API and webhook payloads all use it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Operation, Size, Style
from seamline.cluster import access
from seamline.cluster.access import Party
from seamline.cluster.choices import (
    AllocationStatus,
    BidStatus,
    Capability,
    ClusterOrderStatus,
    MemberRole,
    MemberStatus,
)
from seamline.cluster.events import announce
from seamline.cluster.models import (
    Allocation,
    Bid,
    Cluster,
    ClusterMember,
    ClusterOrder,
    ClusterOrderLine,
)
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from seamline.tenancy.services import audit_record
from seamline.webhooks.choices import Event

NUMBER_PREFIX = "CO-"
# Orders a brand or the operator may still cancel (nothing accepted yet, see below).
_CANCELLABLE = frozenset(
    {ClusterOrderStatus.DRAFT, ClusterOrderStatus.PUBLISHED, ClusterOrderStatus.ALLOCATED}
)


def _decimal(value: Any, field: str, errors: dict[str, list[str]], *, pct: bool = False) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(_("Enter a number."))
        return Decimal("0")
    if not number.is_finite() or number < 0:
        errors.setdefault(field, []).append(_("Enter 0 or more."))
    elif pct and number > 100:
        errors.setdefault(field, []).append(_("Enter a percentage from 0 to 100."))
    elif number.as_tuple().exponent < (-2 if pct else -4):  # type: ignore[operator]
        errors.setdefault(field, []).append(
            _("Use at most %(places)s decimal places.") % {"places": 2 if pct else 4}
        )
    elif number >= Decimal("1e8"):
        errors.setdefault(field, []).append(_("This number is too large."))
    return number


def order_parties(order: ClusterOrder) -> list[Organization]:
    """Who hears of an order: its operator, its brand and every active factory member."""
    factories = Organization.objects.filter(
        pk__in=ClusterMember.unscoped.filter(
            cluster_id=order.cluster_id, role=MemberRole.FACTORY, status=MemberStatus.ACTIVE
        ).values("organization_id")
    ).order_by("pk")
    return [order.cluster.tenant, order.brand, *factories]


def order_lines(order: ClusterOrder) -> list[ClusterOrderLine]:
    """The order's grid, prefetched (`lines_prefetch`) or read unscoped: the related
    manager would scope the lines to the acting tenant, not the operator's."""
    cache = getattr(order, "_prefetched_objects_cache", {})
    if "lines" in cache:
        return list(cache["lines"])
    return list(ClusterOrderLine.unscoped.filter(tenant_id=order.tenant_id, order=order))


def lines_prefetch() -> Prefetch[Any]:
    return Prefetch("lines", queryset=ClusterOrderLine.unscoped.all())


def shared_view(order: ClusterOrder) -> dict[str, Any]:
    """What every party may see of an order (JSON-safe): the work, the grid, the date, and
    the brand's name and price only where the brand chose to share them."""
    lines = order_lines(order)
    return {
        "id": order.pk,
        "number": order.number,
        "cluster": {"id": order.cluster_id, "name": order.cluster.name},
        "status": order.status,
        "brand": order.brand.name if order.share_brand_name else None,
        "style_code": order.style_code,
        "style_name": order.style_name,
        "category": order.category,
        "description": order.description,
        "bulletin": order.bulletin,
        "smv": str(order.smv),
        "required_capabilities": list(order.required_capabilities),
        "min_batch": order.min_batch,
        "delivery_date": order.delivery_date.isoformat(),
        "currency": order.currency,
        "target_price": str(order.target_price) if order.share_target_price else None,
        "quantity": sum(line.quantity for line in lines),
        "lines": [
            {"colour": line.colour, "size": line.size, "quantity": line.quantity} for line in lines
        ],
    }


# --- create ---------------------------------------------------------------------------------


def _next_number() -> str:
    """The next CO-0001 style number in the active (operator's) books."""
    highest = 0
    for number in ClusterOrder.objects.filter(number__startswith=NUMBER_PREFIX).values_list(
        "number", flat=True
    ):
        match = re.fullmatch(r"CO-(\d+)", number)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{NUMBER_PREFIX}{highest + 1:04d}"


def _bulletin_of(style: Style) -> tuple[list[dict[str, str]], Decimal]:
    operations = list(Operation.objects.filter(style=style).order_by("sequence"))
    bulletin = [
        {
            "code": str(op.sequence),
            "name": op.name,
            "machine_type": op.machine_type,
            "smv": str(op.smv),
        }
        for op in operations
    ]
    return bulletin, sum((op.smv for op in operations), Decimal("0"))


def _clean_lines(
    lines: Sequence[tuple[str, str, int]], positions: dict[str, int], errors: dict[str, list[str]]
) -> list[tuple[str, str, int, int]]:
    """(colour, size, qty) rows -> (colour, size, position, qty); errors name the row."""
    cleaned: list[tuple[str, str, int, int]] = []
    seen: set[tuple[str, str]] = set()
    extra = 1000  # sizes not in the style's grid go after its own, in the order given
    for index, row in enumerate(lines, start=1):
        colour, size, quantity = (str(row[0]).strip(), str(row[1]).strip(), row[2])
        where = _("line %(n)s") % {"n": index}
        if not colour or len(colour) > 60:
            errors.setdefault("lines", []).append(
                _("%(where)s: give the colour (up to 60 characters).") % {"where": where}
            )
            continue
        if not size or len(size) > 20:
            errors.setdefault("lines", []).append(
                _("%(where)s: give the size (up to 20 characters).") % {"where": where}
            )
            continue
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            errors.setdefault("lines", []).append(
                _("%(where)s: quantity must be a whole number of 1 or more.") % {"where": where}
            )
            continue
        if (colour, size) in seen:
            errors.setdefault("lines", []).append(
                _("%(where)s: colour %(colour)s, size %(size)s is given twice.")
                % {"where": where, "colour": colour, "size": size}
            )
            continue
        seen.add((colour, size))
        if size not in positions:
            extra += 1
            positions[size] = extra
        cleaned.append((colour, size, positions[size], quantity))
    if not lines:
        errors.setdefault("lines", []).append(_("Give at least one colour and size."))
    return cleaned


@transaction.atomic
def cluster_order_create(
    *,
    cluster: Cluster,
    style: Style,
    lines: Sequence[tuple[str, str, int]],
    delivery_date: dt.date,
    target_price: Decimal | str,
    factory_price: Decimal | str,
    commission_pct: Decimal | str = Decimal("0"),
    channel_fee_pct: Decimal | str = Decimal("0"),
    defect_deduction: Decimal | str = Decimal("0"),
    required_capabilities: Iterable[str] = (),
    min_batch: int = 0,
    share_brand_name: bool = True,
    share_target_price: bool = False,
    brand_reference: str = "",
    description: str = "",
    by: Any,
) -> ClusterOrder:
    """A draft order of the acting brand in `cluster`, with a snapshot of the style and its
    operation bulletin (so the work content in SMV is fixed when factories see it)."""
    brand = access.acting()
    if access.party_in_cluster(cluster) != Party.BRAND:
        raise ValidationError(
            {"cluster": _("Only an active brand member of this cluster can order in it.")}
        )
    errors: dict[str, list[str]] = {}
    bulletin: list[dict[str, str]] = []
    smv = Decimal("0")
    positions: dict[str, int] = {}
    if style.tenant_id != brand.pk:
        errors["style"] = [_("Choose a style of your own catalog.")]
    else:
        bulletin, smv = _bulletin_of(style)
        if not bulletin:
            errors["style"] = [
                _("Style %(style)s has no operation bulletin yet; add its operations first.")
                % {"style": style.code}
            ]
        positions = {
            size.code: size.position for size in Size.objects.filter(grid_id=style.size_grid_id)
        }
    cleaned = _clean_lines(lines, positions, errors)
    if not isinstance(delivery_date, dt.date) or delivery_date <= timezone.localdate():
        errors["delivery_date"] = [_("The delivery date must be in the future.")]
    prices = {
        "target_price": _decimal(target_price, "target_price", errors),
        "factory_price": _decimal(factory_price, "factory_price", errors),
        "defect_deduction": _decimal(defect_deduction, "defect_deduction", errors),
        "commission_pct": _decimal(commission_pct, "commission_pct", errors, pct=True),
        "channel_fee_pct": _decimal(channel_fee_pct, "channel_fee_pct", errors, pct=True),
    }
    capabilities = sorted({str(c) for c in required_capabilities})
    unknown = [c for c in capabilities if c not in Capability.values]
    if unknown:
        errors["required_capabilities"] = [
            _("Unknown capabilities: %(names)s.") % {"names": ", ".join(unknown)}
        ]
    if isinstance(min_batch, bool) or not isinstance(min_batch, int) or min_batch < 0:
        errors["min_batch"] = [_("The minimum batch must be a whole number of 0 or more.")]
    elif cleaned and min_batch > sum(q for *_rest, q in cleaned):
        errors["min_batch"] = [_("The minimum batch cannot be larger than the order.")]
    if len(brand_reference.strip()) > 60:
        errors["brand_reference"] = [_("Use at most 60 characters.")]
    if errors:
        raise ValidationError(errors)

    with tenant_context(cluster.tenant):
        # Numbers run per operator: hold its clusters while taking the next one.
        list(Cluster.objects.select_for_update().values_list("pk", flat=True))
        order = ClusterOrder(
            tenant=cluster.tenant,
            cluster=cluster,
            brand=brand,
            number=_next_number(),
            brand_reference=brand_reference.strip(),
            style_code=style.code,
            style_name=style.name,
            category=style.category,
            description=description.strip(),
            bulletin=bulletin,
            smv=smv,
            required_capabilities=capabilities,
            delivery_date=delivery_date,
            currency=cluster.currency,
            min_batch=min_batch,
            share_brand_name=share_brand_name,
            share_target_price=share_target_price,
            status=ClusterOrderStatus.DRAFT,
            created_by=signed_in_user(by),
            **prices,
        )
        order.full_clean(exclude=["tenant"])
        order.save()
        ClusterOrderLine.objects.bulk_create(
            [
                ClusterOrderLine(
                    tenant=cluster.tenant,
                    order=order,
                    colour=colour,
                    size=size,
                    position=position,
                    quantity=quantity,
                )
                for colour, size, position, quantity in cleaned
            ]
        )
        audit_record(
            actor=by,
            action="cluster.order_create",
            obj=order,
            summary=f"{order.number} {order.style_code}",
            data={"brand": brand.pk, "quantity": sum(q for *_rest, q in cleaned)},
        )
    return order


# --- publish and cancel ---------------------------------------------------------------------


def _lock(order: ClusterOrder) -> ClusterOrder:
    return (
        ClusterOrder.unscoped.select_for_update()
        .select_related("cluster", "cluster__tenant", "brand")
        .get(pk=order.pk)
    )


def _party_or_refuse(order: ClusterOrder, allowed: set[Party], message: str) -> Party:
    """The acting party, if it is one of `allowed` (an order it cannot see is a 404 earlier)."""
    party = access.party_of(order)
    if party not in allowed:
        raise ValidationError(message, code="not_allowed")
    if party == Party.BRAND and access.party_in_cluster(order.cluster) != Party.BRAND:
        raise ValidationError(_("Your organization is no longer an active brand member."))
    return party


@transaction.atomic
def cluster_order_publish(*, order: ClusterOrder, by: Any) -> ClusterOrder:
    """Draft -> published: factories of the cluster see it and may bid. Idempotent."""
    _party_or_refuse(order, {Party.BRAND}, _("Only the brand can publish its order."))
    locked = _lock(order)
    if locked.status == ClusterOrderStatus.PUBLISHED:
        return locked
    if locked.status != ClusterOrderStatus.DRAFT:
        raise ValidationError(
            _("Order %(number)s is %(status)s; only a draft can be published.")
            % {"number": locked.number, "status": locked.get_status_display()},
            code="not_draft",
        )
    with tenant_context(locked.tenant):
        locked.status = ClusterOrderStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        audit_record(actor=by, action="cluster.order_publish", obj=locked, summary=locked.number)
    announce(Event.CLUSTER_ORDER_PUBLISHED, shared_view(locked), order_parties(locked))
    return locked


@transaction.atomic
def cluster_order_cancel(*, order: ClusterOrder, by: Any) -> ClusterOrder:
    """The brand or the operator calls the order off while nothing of it was accepted."""
    _party_or_refuse(
        order, {Party.BRAND, Party.OPERATOR}, _("Only the brand or the operator can cancel.")
    )
    locked = _lock(order)
    if locked.status == ClusterOrderStatus.CANCELLED:
        return locked
    accepted = Allocation.unscoped.filter(
        tenant_id=locked.tenant_id, order=locked, status=AllocationStatus.ACCEPTED
    ).exists()
    if locked.status not in _CANCELLABLE or accepted:
        raise ValidationError(
            _("Order %(number)s cannot be cancelled: a factory has already accepted part of it.")
            % {"number": locked.number},
            code="accepted",
        )
    with tenant_context(locked.tenant):
        Allocation.objects.filter(
            order=locked, status__in=[AllocationStatus.PROPOSED, AllocationStatus.OFFERED]
        ).update(status=AllocationStatus.CANCELLED)
        locked.status = ClusterOrderStatus.CANCELLED
        locked.save(update_fields=["status"])
        audit_record(actor=by, action="cluster.order_cancel", obj=locked, summary=locked.number)
    return locked


# --- bids -----------------------------------------------------------------------------------


@transaction.atomic
def bid_place(
    *,
    order: ClusterOrder,
    quantity: int,
    unit_price: Decimal | str,
    ready_date: dt.date,
    note: str = "",
    by: Any,
) -> Bid:
    """The acting factory's bid for part of a published order; placing again updates it."""
    factory = access.acting()
    if access.party_in_cluster(order.cluster) != Party.FACTORY or order.tenant_id == factory.pk:
        raise ValidationError(_("Only an active factory member of the cluster can bid."))
    locked = _lock(order)
    if locked.status != ClusterOrderStatus.PUBLISHED:
        raise ValidationError(
            _("Order %(number)s is not open for bids.") % {"number": locked.number},
            code="not_published",
        )
    errors: dict[str, list[str]] = {}
    total = (
        ClusterOrderLine.unscoped.filter(tenant_id=locked.tenant_id, order=locked).aggregate(
            total=Sum("quantity")
        )["total"]
        or 0
    )
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        errors["quantity"] = [_("The quantity must be a whole number of 1 or more.")]
    elif quantity > total:
        errors["quantity"] = [
            _("The order has %(total)s garments; bid for at most that many.") % {"total": total}
        ]
    price = _decimal(unit_price, "unit_price", errors)
    if not isinstance(ready_date, dt.date) or ready_date < timezone.localdate():
        errors["ready_date"] = [_("The ready date cannot be in the past.")]
    elif ready_date > locked.delivery_date:
        errors["ready_date"] = [
            _("The ready date cannot be after the order's delivery date (%(date)s).")
            % {"date": locked.delivery_date.isoformat()}
        ]
    if len(note) > 300:
        errors["note"] = [_("Use at most 300 characters.")]
    if errors:
        raise ValidationError(errors)
    with tenant_context(locked.tenant):
        bid = Bid.objects.filter(order=locked, factory=factory).first()
        if bid is None:
            bid = Bid(
                tenant=locked.tenant, order=locked, factory=factory, created_by=signed_in_user(by)
            )
        bid.quantity = quantity
        bid.unit_price = price
        bid.ready_date = ready_date
        bid.note = note.strip()
        bid.status = BidStatus.OPEN
        bid.full_clean(exclude=["tenant", "order", "factory"], validate_constraints=False)
        bid.save()
        audit_record(
            actor=by,
            action="cluster.bid_place",
            obj=bid,
            summary=f"{locked.number}: {quantity} @ {price}",
            data={"factory": factory.pk},
        )
    return bid


@transaction.atomic
def bid_withdraw(*, bid: Bid, by: Any) -> Bid:
    """The factory takes its open bid back (again: nothing changes)."""
    if bid.factory_id != access.acting().pk:
        raise ValidationError(_("Only the factory that placed a bid can withdraw it."))
    locked = Bid.unscoped.select_for_update().get(pk=bid.pk)
    if locked.status == BidStatus.WITHDRAWN:
        return locked
    if locked.status != BidStatus.OPEN:
        raise ValidationError(_("This bid is no longer open."), code="not_open")
    with tenant_context(locked.tenant):
        locked.status = BidStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit_record(actor=by, action="cluster.bid_withdraw", obj=locked, summary=str(locked.pk))
    return locked


def bids_visible(order: ClusterOrder) -> list[Bid]:
    """Operator and brand: every bid on the order; a factory: its own only."""
    rows = Bid.unscoped.filter(tenant_id=order.tenant_id, order=order).select_related("factory")
    if access.party_of(order) == Party.FACTORY:
        rows = rows.filter(factory=access.acting())
    return list(rows.order_by("unit_price", "pk"))
