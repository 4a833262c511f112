"""The demo cluster: the operator's cluster with the brand and the three factories, their
capacity profiles, and one brand order published, split by the allocation engine and
accepted by every factory — before the shop floor runs, so the floor sews it like any
other order and its progress flows back from real scans. After the floor, the first part
that shipped is delivered and settled in the cluster's ledger, and partly paid.

Everything goes through the cluster's services, as a user's clicks would; only the
moments are set back afterwards, to when the story says they happened.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.utils import timezone

from seamline.catalog.models import Style
from seamline.cluster import allocating, members, orders, profiles, progress, settlement
from seamline.cluster.choices import (
    AllocationMode,
    AllocationStatus,
    MemberRole,
    TransactionKind,
)
from seamline.cluster.models import (
    Allocation,
    AllocationRun,
    CapacityProfile,
    Cluster,
    ClusterLink,
    ClusterMember,
    ClusterOrder,
    Delivery,
)
from seamline.cluster.receivers import shipment_settle
from seamline.demo.build.catalog import load_bulletin, load_colours, load_size_grids
from seamline.demo.build.context import DemoContext, FactoryData, add
from seamline.demo.build.orders import size_split
from seamline.demo.build.shipping import pack_order, ship_order
from seamline.demo.data.catalog import BRAND_STYLES, GRIDS, styles_for
from seamline.demo.data.cluster import (
    CLUSTER_CODE,
    CLUSTER_DESCRIPTION,
    CLUSTER_NAME,
    ORDER,
    PROFILES,
)
from seamline.demo.data.orgs import BRAND, FACTORIES, FactorySpec
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderEvent
from seamline.orders.services import order_transition
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Shipment
from seamline.shipping.shipments import shipment_deliver
from seamline.shopfloor.floor import order_progress
from seamline.tenancy.choices import OrganizationKind, Role
from seamline.tenancy.context import tenant_context

JOINED_DAYS_AGO = 60


def load_cluster(ctx: DemoContext) -> ClusterOrder:
    """Run after every factory's catalog, lines and orders, before their shop floor."""
    cluster = _cluster(ctx)
    for spec in FACTORIES:
        _profile(ctx, spec)
    style = _brand_style(ctx)
    order = _publish(ctx, cluster, style)
    _allocate(ctx, order)
    return order


def settle_cluster(ctx: DemoContext) -> None:
    """Run after every factory's floor, quality and shipping: progress read back from the
    factories; the parts already delivered are in the ledger (the shipment receiver posted
    them); the brand paid the first delivery and the operator paid that factory."""
    operator = ctx.orgs["cluster"]
    with tenant_context(operator):
        allocations = list(Allocation.objects.filter(status=AllocationStatus.ACCEPTED))
    delivered = _delivered_shipments(ctx) or _ship_first_finished(ctx, allocations)
    for shipment in delivered:
        # What the shipment receiver does once the loader's transaction commits; done now so
        # that the payments below find the delivery (the receiver's retry changes nothing).
        shipment_settle(shipment)
    for allocation in allocations:
        progress.progress_refresh(allocation)
    with tenant_context(operator):
        delivery = Delivery.objects.select_related("allocation__order").order_by("pk").first()
    if delivery is None:
        return
    _pay(ctx, delivery)


def _delivered_shipments(ctx: DemoContext) -> list[Shipment]:
    """Delivered shipments that carry a cluster order's part (the factory's own shipping
    step may have sent one already)."""
    found: list[Shipment] = []
    for spec in FACTORIES:
        with tenant_context(ctx.orgs[spec.key]):
            found += Shipment.objects.filter(
                status=ShipmentStatus.DELIVERED, cartons__order__cluster_links__isnull=False
            ).distinct()
    return found


def _ship_first_finished(ctx: DemoContext, allocations: list[Allocation]) -> list[Shipment]:
    """The first factory (by name) that finished its part packs and ships it, and the brand
    received it."""
    for allocation in sorted(allocations, key=lambda a: a.factory.name):
        key = next(k for k, org in ctx.orgs.items() if org.pk == allocation.factory_id)
        factory = ctx.factories[key]
        with tenant_context(factory.org):
            order = (
                ClusterLink.objects.select_related("order").get(allocation_ref=allocation.ref).order
            )
            total = order_progress(order).total
            if order.status != OrderStatus.IN_PRODUCTION or total.finished < total.ordered:
                continue
            bulletin_of = {spec.code: spec.bulletin for spec in styles_for(key)}
            cartons = pack_order(order, bulletin_of, ctx.staff[(key, Role.SUPERVISOR)], share=1.0)
            if not cartons:
                continue
            shipment = ship_order(
                ctx,
                factory,
                order,
                cartons,
                ctx.staff[(key, Role.PLANNER)],
                ctx.staff[(key, Role.INSPECTOR)],
            )
            if shipment.status != ShipmentStatus.DELIVERED:
                shipment_deliver(
                    shipment,
                    by=ctx.staff[(key, Role.PLANNER)],
                    at=timezone.now() - dt.timedelta(minutes=1),
                )
        return [shipment]
    return []


# Members --------------------------------------------------------------------------------


def _cluster(ctx: DemoContext) -> Cluster:
    operator = ctx.orgs["cluster"]
    by = ctx.staff[("cluster", Role.OWNER)]
    with tenant_context(operator):
        cluster = members.cluster_create(
            name=CLUSTER_NAME, code=CLUSTER_CODE, description=CLUSTER_DESCRIPTION, by=by
        )
        invited = [
            members.member_invite(cluster=cluster, organization=org, role=_role(org.kind), by=by)
            for key, org in ctx.orgs.items()
            if key != "cluster"
        ]
    for member in invited:
        key = next(k for k, org in ctx.orgs.items() if org.pk == member.organization_id)
        with tenant_context(member.organization):
            members.member_answer(member=member, accept=True, by=ctx.staff[(key, Role.OWNER)])
    joined = ctx.at(-JOINED_DAYS_AGO)
    Cluster.unscoped.filter(pk=cluster.pk).update(created_at=joined - dt.timedelta(days=3))
    ClusterMember.unscoped.filter(cluster=cluster).update(
        invited_at=joined - dt.timedelta(days=2), answered_at=joined
    )
    return cluster


def _role(kind: str) -> MemberRole:
    return MemberRole.BRAND if kind == OrganizationKind.BRAND else MemberRole.FACTORY


def _profile(ctx: DemoContext, spec: FactorySpec) -> CapacityProfile:
    org = ctx.orgs[spec.key]
    wanted = PROFILES[spec.key]
    with tenant_context(org):
        profile = profiles.profile_for(org)
        profile = profiles.profile_update(
            profile=profile,
            capabilities=wanted.capabilities,
            style_notes=wanted.style_notes,
            lines=profile.lines,
            operators_per_line=profile.operators_per_line,
            certifications=wanted.certifications,
            city=spec.city,
            province=spec.province,
            min_order_qty=wanted.min_order_qty,
            cost_per_minute=wanted.cost_per_minute,
            machines=wanted.machines,
            by=ctx.staff[(spec.key, Role.PLANNER)],
        )
        CapacityProfile.objects.filter(pk=profile.pk).update(late_share=wanted.late_share)
        profiles.weeks_refresh(profile=profile)
    return profile


# The brand's order ----------------------------------------------------------------------


def _brand_style(ctx: DemoContext) -> Style:
    """The brand keeps its own catalog: the style it publishes, with its bulletin."""
    spec = next(s for s in BRAND_STYLES if s.code == ORDER.style)
    brand = ctx.orgs[BRAND.key]
    # The brand's costing rate: the bulletin's piece rates are what it budgets per minute.
    books = FactoryData(spec=_BRAND_BOOKS, org=brand, rng=random.Random(_BRAND_BOOKS.seed))  # noqa: S311
    with tenant_context(brand):
        load_size_grids(books)
        load_colours(books)
        style = add(
            Style(
                code=spec.code,
                name=spec.name,
                category=spec.category,
                season=spec.season,
                size_grid=books.grids[spec.grid],
                description=spec.description,
            )
        )
        load_bulletin(books, style, spec.bulletin)
    return style


_BRAND_BOOKS = FactorySpec(
    key=BRAND.key,
    kind=BRAND.kind,
    name=BRAND.name,
    slug=BRAND.slug,
    city=BRAND.city,
    code="LL",
    province="Zhejiang",
    line_styles=(),
    workers=0,
    rate_per_minute=Decimal("0.60"),
    hourly_rate=Decimal("0"),
    seed=2700,
)


def _publish(ctx: DemoContext, cluster: Cluster, style: Style) -> ClusterOrder:
    brand = ctx.orgs[BRAND.key]
    by = ctx.staff[(BRAND.key, Role.OWNER)]
    grid = next(g for g in GRIDS if g.code == style.size_grid.code)
    lines = [
        (colour, size, quantity)
        for colour, total in ORDER.colours
        for size, quantity in zip(grid.sizes, size_split(total, grid.curve), strict=True)
        if quantity > 0
    ]
    with tenant_context(brand):
        order = orders.cluster_order_create(
            cluster=cluster,
            style=style,
            lines=lines,
            delivery_date=ctx.today + dt.timedelta(days=ORDER.delivery_in_days),
            target_price=ORDER.target_price,
            factory_price=ORDER.factory_price,
            commission_pct=ORDER.commission_pct,
            channel_fee_pct=ORDER.channel_fee_pct,
            defect_deduction=ORDER.defect_deduction,
            required_capabilities=["knits"],
            min_batch=ORDER.min_batch,
            share_brand_name=True,
            share_target_price=False,
            brand_reference=ORDER.brand_reference,
            description=ORDER.description,
            by=by,
        )
        order = orders.cluster_order_publish(order=order, by=by)
    published = ctx.at(-ORDER.published_days_ago, 90)
    ClusterOrder.unscoped.filter(pk=order.pk).update(
        created_at=published - dt.timedelta(hours=20), published_at=published
    )
    return order


def _allocate(ctx: DemoContext, order: ClusterOrder) -> None:
    """The operator spreads the order fairly; each factory accepts the next morning and
    starts sewing two days later."""
    operator = ctx.orgs["cluster"]
    by = ctx.staff[("cluster", Role.OWNER)]
    with tenant_context(operator):
        run = allocating.allocation_run(order=order, mode=AllocationMode.FAIR, by=by)
        allocating.run_offer(run=run, by=by)
        offered = list(Allocation.objects.filter(run=run).select_related("factory"))
    run_at = ctx.at(-ORDER.published_days_ago + 1, 120)
    AllocationRun.unscoped.filter(pk=run.pk).update(created_at=run_at)
    answered = ctx.at(-ORDER.published_days_ago + 2, 30)
    started = ctx.at(-ORDER.published_days_ago + 4, 0)
    for allocation in offered:
        key = next(k for k, org in ctx.orgs.items() if org.pk == allocation.factory_id)
        planner = ctx.staff[(key, Role.PLANNER)]
        with tenant_context(allocation.factory):
            allocating.allocation_answer(allocation=allocation, accept=True, by=planner)
            link = ClusterLink.objects.select_related("order").get(allocation_ref=allocation.ref)
            _start_production(link.order, planner, answered, started)
        Allocation.unscoped.filter(pk=allocation.pk).update(created_at=run_at, answered_at=answered)


def _start_production(
    order: Order, planner: object, confirmed: dt.datetime, started: dt.datetime
) -> None:
    order_transition(order=order, to=OrderStatus.IN_PRODUCTION, by=planner)
    created = confirmed - dt.timedelta(minutes=20)
    Order.objects.filter(pk=order.pk).update(created_at=created)
    OrderEvent.objects.filter(order=order, to_status=OrderStatus.DRAFT).update(at=created)
    OrderEvent.objects.filter(order=order, to_status=OrderStatus.CONFIRMED).update(at=confirmed)
    OrderEvent.objects.filter(order=order, to_status=OrderStatus.IN_PRODUCTION).update(at=started)


# Money ----------------------------------------------------------------------------------


def _pay(ctx: DemoContext, delivery: Delivery) -> None:
    """The brand paid the first delivery in full; the operator paid that factory's due."""
    operator = ctx.orgs["cluster"]
    by = ctx.staff[("cluster", Role.OWNER)]
    allocation = delivery.allocation
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
    paid_on = min(delivery.delivered_on + dt.timedelta(days=1), timezone.localdate())
    with tenant_context(operator):
        settlement.payment_record(
            cluster=order.cluster,
            kind=TransactionKind.BRAND_PAYMENT,
            organization=order.brand,
            amount=split.brand_due,
            paid_on=paid_on,
            client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:brand-pays:{delivery.pk}"),
            memo=f"{order.brand_reference} / {delivery.reference}",
            by=by,
        )
        settlement.payment_record(
            cluster=order.cluster,
            kind=TransactionKind.FACTORY_PAYMENT,
            organization=allocation.factory,
            amount=split.factory_due,
            paid_on=paid_on,
            client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:factory-paid:{delivery.pk}"),
            memo=f"{allocation.factory_order_number} / {delivery.reference}",
            by=by,
        )
