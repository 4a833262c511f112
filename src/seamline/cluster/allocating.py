"""Allocation: split the open part of a cluster order among the cluster's factories.

``allocation_run`` turns the order and the factories' profiles into an engine problem
(``seamline.engines.allocation``), runs it and stores the proposal with its reasons;
``run_offer`` offers a run's proposal to the factories; ``allocation_answer`` is the factory's
yes (the allocation becomes an order in its own books, see ``handover``) or no (the quantity
is free again for a new run).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.cluster import access, handover
from seamline.cluster.access import Party
from seamline.cluster.choices import (
    AllocationMode,
    AllocationStatus,
    BidStatus,
    ClusterOrderStatus,
    MemberRole,
    MemberStatus,
)
from seamline.cluster.events import announce
from seamline.cluster.models import (
    Allocation,
    AllocationLine,
    AllocationRun,
    Bid,
    CapacityProfile,
    ClusterMember,
    ClusterOrder,
    ClusterOrderLine,
)
from seamline.cluster.profiles import free_minutes_of, monday
from seamline.engines.allocation import data as engine
from seamline.engines.allocation.result import AllocationResult
from seamline.engines.allocation.solve import allocate
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from seamline.tenancy.services import audit_record
from seamline.webhooks.choices import Event

# Allocations that hold garments of an order: they are not free for a new run.
HOLDING = (AllocationStatus.OFFERED, AllocationStatus.ACCEPTED)
LINE_KEY = "order"
TIME_LIMIT_S = 10.0
# Within 1 % of the proven bound is good enough to propose; a tighter proof costs seconds
# of the planner's wait on small clusters.
GAP = 0.01
NO_PROFILE = "no_profile"  # a reason of ours: the factory keeps no capacity profile

Cell = tuple[str, str]  # (colour, size)


def _period(day: dt.date, start: dt.date) -> int:
    return (monday(day) - start).days // 7


def _four(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


# --- what is still open --------------------------------------------------------------------


def open_cells(order: ClusterOrder) -> dict[Cell, tuple[int, int]]:
    """{(colour, size): (position, garments not yet offered or accepted)} in grid order."""
    held: dict[Cell, int] = {
        (row["colour"], row["size"]): row["total"]
        for row in AllocationLine.unscoped.filter(
            tenant_id=order.tenant_id, allocation__order=order, allocation__status__in=HOLDING
        )
        .values("colour", "size")
        .annotate(total=Sum("quantity"))
    }
    return {
        (line.colour, line.size): (
            line.position,
            line.quantity - held.get((line.colour, line.size), 0),
        )
        for line in ClusterOrderLine.unscoped.filter(tenant_id=order.tenant_id, order=order)
    }


def lines_prefetch() -> Prefetch[Any]:
    """An allocation's lines whoever reads them (the related manager would scope them to the
    acting tenant, which is not the operator's for a brand or a factory)."""
    return Prefetch("lines", queryset=AllocationLine.unscoped.order_by("colour", "position"))


def open_quantity(order: ClusterOrder) -> int:
    return sum(max(0, left) for _pos, left in open_cells(order).values())


def split_over_cells(quantity: int, left: dict[Cell, int]) -> dict[Cell, int]:
    """`quantity` garments over the cells in proportion to what is left in each (largest
    remainder, ties to the grid order); the parts sum exactly and never exceed a cell."""
    total = sum(left.values())
    if quantity <= 0 or total <= 0:
        return {}
    quantity = min(quantity, total)
    parts = {cell: quantity * n // total for cell, n in left.items()}
    rest = quantity - sum(parts.values())
    by_remainder = sorted(
        (cell for cell in left if (quantity * left[cell]) % total),
        key=lambda cell: -((quantity * left[cell]) % total),
    )
    for cell in by_remainder[:rest]:
        parts[cell] += 1
    return {cell: n for cell, n in parts.items() if n > 0}


# --- the run ----------------------------------------------------------------------------------


def _manager_or_refuse(order: ClusterOrder) -> Party:
    party = access.party_of(order)
    if party not in (Party.OPERATOR, Party.BRAND):
        raise ValidationError(_("Only the operator or the brand can allocate this order."))
    return party


def _factories(order: ClusterOrder) -> list[Organization]:
    members = ClusterMember.unscoped.filter(
        cluster_id=order.cluster_id, role=MemberRole.FACTORY, status=MemberStatus.ACTIVE
    ).values("organization_id")
    return list(Organization.objects.filter(pk__in=members).order_by("name", "pk"))


def _ready_date(
    minutes: float, capacity: tuple[int, ...], weeks: list[dt.date], delivery: dt.date
) -> dt.date:
    """The Saturday of the last week whose capacity `minutes` use, filling from this week;
    never after the delivery date."""
    used, last = 0.0, len(weeks) - 1
    for index, free in enumerate(capacity):
        used += free
        if used + 1e-6 >= minutes:
            last = index
            break
    return min(weeks[last] + dt.timedelta(days=5), delivery)


@transaction.atomic
def allocation_run(*, order: ClusterOrder, mode: str, by: Any) -> AllocationRun:
    """Propose a split of the order's open garments; store it with the reasons."""
    _manager_or_refuse(order)
    order = (
        ClusterOrder.unscoped.select_for_update()
        .select_related("cluster", "brand")
        .get(pk=order.pk)
    )
    if mode not in AllocationMode.values:
        raise ValidationError({"mode": _("Choose a mode: lowest cost or spread fairly.")})
    if order.status != ClusterOrderStatus.PUBLISHED:
        raise ValidationError(
            _("Only a published order can be allocated; order %(number)s is %(status)s.")
            % {"number": order.number, "status": order.get_status_display()},
            code="not_published",
        )
    today = timezone.localdate()
    if order.delivery_date < today:
        raise ValidationError({"delivery_date": _("The delivery date has passed.")})
    cells = open_cells(order)
    left = {cell: n for cell, (_pos, n) in cells.items() if n > 0}
    quantity = sum(left.values())
    if quantity <= 0:
        raise ValidationError(_("Every garment of this order is already offered or accepted."))

    start = monday(today)
    due = _period(order.delivery_date, start)
    weeks = [start + dt.timedelta(weeks=i) for i in range(due + 1)]
    factories = _factories(order)
    profiles = {p.tenant_id: p for p in CapacityProfile.unscoped.filter(tenant__in=factories)}
    capacity: dict[int, tuple[int, ...]] = {}
    engine_factories = []
    free_of = free_minutes_of(factories, weeks)  # two queries, however many factories
    for org in factories:
        profile = profiles.get(org.pk)
        if profile is None:
            continue
        free = free_of[org.pk]
        capacity[org.pk] = tuple(max(0, int(free.get(week, 0))) for week in weeks)
        engine_factories.append(
            engine.Factory(
                key=str(org.pk),
                capabilities=frozenset(profile.capabilities or ()),
                capacity=capacity[org.pk],
                cost_per_minute=float(profile.cost_per_minute),
                min_batch=profile.min_order_qty,
                lateness_risk=min(1.0, max(0.0, float(profile.late_share))),
            )
        )
    bids = {
        bid.factory_id: bid
        for bid in Bid.unscoped.filter(
            tenant_id=order.tenant_id, order=order, status=BidStatus.OPEN, factory__in=factories
        )
        if bid.factory_id in capacity
    }
    problem = engine.AllocationProblem(
        factories=tuple(engine_factories),
        lines=(
            engine.OrderLine(
                key=LINE_KEY,
                quantity=quantity,
                smv=float(order.smv),
                due_period=due,
                required=frozenset(order.required_capabilities or ()),
                min_batch=order.min_batch,
            ),
        ),
        bids=tuple(
            engine.Bid(
                factory=str(factory_id),
                line=LINE_KEY,
                quantity=min(bid.quantity, quantity),
                price=float(bid.unit_price),
                ready_period=max(0, _period(bid.ready_date, start)),
            )
            for factory_id, bid in sorted(bids.items())
        ),
        mode=engine.Mode(mode),
    )
    result = allocate(problem, time_limit_s=TIME_LIMIT_S, gap=GAP)
    return _store(order, mode, result, factories, capacity, bids, left, weeks, by)


def _explanation(
    result: AllocationResult,
    factories: list[Organization],
    capacity: dict[int, tuple[int, ...]],
    bid_factories: set[int],
) -> dict[int, dict[str, Any]]:
    explained = {e.factory: e for e in result.explanations}
    rows: dict[int, dict[str, Any]] = {}
    for org in factories:
        e = explained.get(str(org.pk))
        row: dict[str, Any] = {
            "factory": org.pk,
            "name": org.name,
            "codes": [],
            "quantity": 0,
            "minutes": 0.0,
            "free_minutes": float(sum(capacity.get(org.pk, ()))),
            "utilisation": 0.0,
            "cost_per_minute": None,
            "missing": [],
            "bid": org.pk in bid_factories,
        }
        if org.pk not in capacity:
            row["codes"] = [NO_PROFILE]
        elif e is not None:
            row.update(
                codes=[str(code) for code in e.reasons],
                quantity=e.quantity,
                minutes=round(e.minutes, 3),
                free_minutes=round(e.free_minutes, 3),
                utilisation=round(e.utilisation, 4),
                cost_per_minute=round(e.cost_per_minute, 4),
                missing=list(e.missing),
            )
        else:
            row["quantity"] = result.quantity_of(str(org.pk))
        rows[org.pk] = row
    return rows


def _store(
    order: ClusterOrder,
    mode: str,
    result: AllocationResult,
    factories: list[Organization],
    capacity: dict[int, tuple[int, ...]],
    bids: dict[int, Bid],
    left: dict[Cell, int],
    weeks: list[dt.date],
    by: Any,
) -> AllocationRun:
    positions = {cell: pos for cell, (pos, _n) in open_cells(order).items()}
    by_pk = {org.pk: org for org in factories}
    explanation = _explanation(result, factories, capacity, set(bids))
    with tenant_context(order.tenant):
        run = AllocationRun.objects.create(
            order=order,
            mode=mode,
            status=str(result.status),
            objective=_four(result.objective),
            bound=_four(result.bound),
            runtime_ms=max(0, int(result.runtime_s * 1000)),
            unplaced=sum(result.unplaced.values()),
            explanation=list(explanation.values()),
            created_by=signed_in_user(by),
        )
        remaining = dict(left)
        minutes_used: dict[int, float] = defaultdict(float)
        for assignment in sorted(result.assignments, key=lambda a: (int(a.factory), a.bid)):
            org_pk = int(assignment.factory)
            if assignment.quantity <= 0 or org_pk not in by_pk:
                continue
            bid = bids.get(org_pk) if assignment.bid else None
            if bid is not None:
                ready = min(bid.ready_date, order.delivery_date)
                price = bid.unit_price
            else:
                minutes_used[org_pk] += assignment.minutes
                ready = _ready_date(
                    minutes_used[org_pk], capacity[org_pk], weeks, order.delivery_date
                )
                price = order.factory_price
            parts = split_over_cells(assignment.quantity, remaining)
            for cell, n in parts.items():
                remaining[cell] -= n
            allocation = Allocation.objects.create(
                order=order,
                run=run,
                factory=by_pk[org_pk],
                quantity=sum(parts.values()),
                unit_price=price,
                ready_date=ready,
                status=AllocationStatus.PROPOSED,
                reason=explanation[org_pk],
            )
            AllocationLine.objects.bulk_create(
                [
                    AllocationLine(
                        tenant=order.tenant,
                        allocation=allocation,
                        colour=colour,
                        size=size,
                        position=positions.get((colour, size), 0),
                        quantity=n,
                    )
                    for (colour, size), n in parts.items()
                ]
            )
        audit_record(
            actor=by,
            action="cluster.allocation_run",
            obj=run,
            summary=f"{order.number} {mode}: {result.status}",
            data={"unplaced": run.unplaced, "objective": str(run.objective)},
        )
    return run


# --- offer and answer -----------------------------------------------------------------------


@transaction.atomic
def run_offer(*, run: AllocationRun, by: Any) -> AllocationRun:
    """Offer the run's proposal to its factories; older proposals of the order lapse."""
    order = (
        ClusterOrder.unscoped.select_for_update()
        .select_related("cluster", "brand")
        .get(pk=run.order_id)
    )
    _manager_or_refuse(order)
    proposed = list(
        Allocation.unscoped.filter(run=run, status=AllocationStatus.PROPOSED).prefetch_related(
            lines_prefetch()
        )
    )
    if not proposed:
        if Allocation.unscoped.filter(run=run, status__in=HOLDING).exists():
            return run  # offered already: a retry changes nothing
        raise ValidationError(_("This run has no proposal to offer."), code="nothing_to_offer")
    if order.status != ClusterOrderStatus.PUBLISHED:
        raise ValidationError(
            _("Order %(number)s is %(status)s; its allocation cannot be offered.")
            % {"number": order.number, "status": order.get_status_display()}
        )
    left = {cell: n for cell, (_pos, n) in open_cells(order).items()}
    wanted: dict[Cell, int] = defaultdict(int)
    for allocation in proposed:
        for line in allocation.lines.all():
            wanted[(line.colour, line.size)] += line.quantity
    if any(n > left.get(cell, 0) for cell, n in wanted.items()):
        raise ValidationError(
            _("Part of this proposal has been offered since; run the allocation again."),
            code="stale",
        )
    with tenant_context(order.tenant):
        Allocation.objects.filter(order=order, status=AllocationStatus.PROPOSED).exclude(
            run=run
        ).update(status=AllocationStatus.CANCELLED)
        Allocation.objects.filter(pk__in=[a.pk for a in proposed]).update(
            status=AllocationStatus.OFFERED
        )
        if open_quantity(order) == 0:
            order.status = ClusterOrderStatus.ALLOCATED
            order.save(update_fields=["status"])
        audit_record(
            actor=by,
            action="cluster.run_offer",
            obj=run,
            summary=f"{order.number}: {sum(a.quantity for a in proposed)}",
        )
    return run


def _accepted_payload(allocation: Allocation) -> dict[str, Any]:
    order = allocation.order
    return {
        "allocation": str(allocation.ref),
        "cluster_order": {"id": order.pk, "number": order.number},
        "cluster": {"id": order.cluster_id, "name": order.cluster.name},
        "factory": {"id": allocation.factory_id, "name": allocation.factory.name},
        "quantity": allocation.quantity,
        "unit_price": str(allocation.unit_price),
        "ready_date": allocation.ready_date.isoformat(),
        "factory_order_number": allocation.factory_order_number,
        "lines": [
            {"colour": line.colour, "size": line.size, "quantity": line.quantity}
            for line in AllocationLine.unscoped.filter(allocation=allocation)
        ],
    }


@transaction.atomic
def allocation_answer(*, allocation: Allocation, accept: bool, by: Any) -> Allocation:
    """The factory's answer to an offer. Yes: an order in its own books; no: the garments are
    free for a new run. The same answer again changes nothing; the other one is refused."""
    if allocation.factory_id != access.acting().pk:
        raise ValidationError(_("Only the factory the allocation was offered to can answer."))
    order = (
        ClusterOrder.unscoped.select_for_update()
        .select_related("cluster", "cluster__tenant", "brand")
        .get(pk=allocation.order_id)
    )
    locked = Allocation.unscoped.select_for_update().select_related("factory").get(pk=allocation.pk)
    locked.order = order
    wanted = AllocationStatus.ACCEPTED if accept else AllocationStatus.DECLINED
    if locked.status == wanted:
        return locked
    if locked.status != AllocationStatus.OFFERED:
        raise ValidationError(
            _("This allocation is %(status)s; it can no longer be answered.")
            % {"status": locked.get_status_display()},
            code="not_offered",
        )
    if order.status == ClusterOrderStatus.CANCELLED:
        raise ValidationError(_("The order was cancelled."), code="cancelled")
    if accept:
        factory_order = handover.allocation_to_order(locked, by=by)
        locked.factory_order_number = factory_order.number
    locked.status = wanted
    locked.answered_by = signed_in_user(by)
    locked.answered_at = timezone.now()
    with tenant_context(order.tenant):
        locked.save(update_fields=["status", "answered_by", "answered_at", "factory_order_number"])
        bid = Bid.objects.filter(order=order, factory_id=locked.factory_id).first()
        if (
            bid is not None
            and bid.status == BidStatus.OPEN
            and "bid" in locked.reason.get("codes", [])
        ):
            bid.status = BidStatus.ACCEPTED if accept else BidStatus.DECLINED
            bid.save(update_fields=["status", "updated_at"])
        if not accept and order.status == ClusterOrderStatus.ALLOCATED:
            order.status = ClusterOrderStatus.PUBLISHED
            order.save(update_fields=["status"])
        audit_record(
            actor=by,
            action="cluster.allocation_accept" if accept else "cluster.allocation_decline",
            obj=locked,
            summary=f"{order.number}: {locked.quantity}",
            data={"factory": locked.factory_id},
        )
    if accept:
        announce(
            Event.CLUSTER_ALLOCATION_ACCEPTED,
            _accepted_payload(locked),
            [order.cluster.tenant, order.brand, locked.factory],
        )
    return locked


# --- reading runs and reasons -----------------------------------------------------------------


def runs() -> QuerySet[AllocationRun]:
    """Runs the acting organization may see: the operator's and those of the brand's orders
    (a factory sees only its own allocation, never the run around it)."""
    org = access.acting()
    return AllocationRun.unscoped.filter(Q(tenant=org) | Q(order__brand=org))


def allocations_visible() -> QuerySet[Allocation]:
    """`access.allocations()` less the proposals not (yet) offered to the acting factory."""
    org = access.acting()
    hidden = (
        Q(factory=org, status=AllocationStatus.PROPOSED) & ~Q(tenant=org) & ~Q(order__brand=org)
    )
    return access.allocations().exclude(hidden)


def run_or_404(pk: Any) -> AllocationRun:
    run = runs().select_related("order", "order__cluster", "order__brand").filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def _reason_texts() -> dict[str, str]:
    return {
        "lowest_cost": _("Among the cheapest per standard minute, lateness risk included."),
        "bid": _("Its bid was taken."),
        "fair_share": _("Loaded like the other factories (fair spread)."),
        "capacity_full": _("Got work up to its free capacity before the delivery date."),
        "costlier": _("Could make it, but others were cheaper for the same dates."),
        "missing_capability": _("Lacks a capability the order needs."),
        "no_capacity_before_due": _("Has no free capacity before the delivery date."),
        "below_min_batch": _("What was left for it was smaller than its minimum batch."),
        "high_risk": _("Its share of late deliveries priced it out."),
        NO_PROFILE: _("Keeps no capacity profile."),
    }


def reason_words(row: dict[str, Any]) -> list[str]:
    """One factory's explanation in words (its codes, missing capabilities named)."""
    texts = _reason_texts()
    words = [texts.get(code, code) for code in row.get("codes", [])]
    if row.get("missing"):
        words.append(_("Missing: %(names)s.") % {"names": ", ".join(row["missing"])})
    return words
