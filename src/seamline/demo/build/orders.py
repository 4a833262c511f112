"""A factory's orders: size x colour quantities on realistic size curves, and their history."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from seamline.catalog.models import Customer, Size
from seamline.demo.build.context import DemoContext, FactoryData, add, add_all
from seamline.demo.data.catalog import GRIDS, StyleSpec, styles_for
from seamline.demo.data.orders import (
    CNY_PER_USD,
    DAYS_BEFORE_DELIVERY,
    ORDER_PLANS,
    PIECES_PER_CARTON,
    STATUS_PATH,
    STEP_ROLE,
    OrderPlan,
)
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderEvent, OrderLine

FIRST_ORDER_NO = 101


def load_orders(ctx: DemoContext, factory: FactoryData) -> list[Order]:
    """Run inside `tenant_context(factory.org)`."""
    specs = {spec.code: spec for spec in styles_for(factory.spec.key)}
    return [
        load_order(ctx, factory, plan, specs[plan.style], number)
        for number, plan in enumerate(ORDER_PLANS[factory.spec.key], start=FIRST_ORDER_NO)
    ]


def size_split(total: int, curve: tuple[int, ...]) -> list[int]:
    """`total` pieces over sizes by the curve's per cents, rounded so that they add up."""
    raw = [total * share / sum(curve) for share in curve]
    split = [math.floor(x) for x in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - split[i], reverse=True)
    for i in by_remainder[: total - sum(split)]:
        split[i] += 1
    return split


def step_days(plan: OrderPlan) -> list[tuple[OrderStatus, int]]:
    """Each status on the order's path with its day (relative to today), all in the past."""
    path = STATUS_PATH[plan.status]
    days = [plan.delivery_in_days - DAYS_BEFORE_DELIVERY[status] for status in path]
    latest = -1
    for i in reversed(range(len(days))):
        days[i] = min(days[i], latest)
        latest = days[i] - 1
    return list(zip(path, days, strict=True))


def unit_price(spec: StyleSpec, customer: Customer) -> Decimal:
    if customer.currency == "USD":
        return (spec.unit_price / CNY_PER_USD).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return spec.unit_price


def load_order(
    ctx: DemoContext, factory: FactoryData, plan: OrderPlan, spec: StyleSpec, number: int
) -> Order:
    customer = factory.customers[spec.customer]
    key = factory.spec.key
    steps = step_days(plan)
    planner = ctx.staff[(key, STEP_ROLE[OrderStatus.DRAFT])]
    order = add(
        Order(
            number=f"{factory.spec.code}-SO-{number:04d}",
            customer=customer,
            customer_po=f"{customer.code}-PO{ctx.today.year % 100:02d}{number * 7 % 1000:03d}",
            delivery_date=ctx.today + dt.timedelta(days=plan.delivery_in_days),
            currency=customer.currency,
            status=plan.status,
            notes=f"{spec.name}, {sum(q for _, q in plan.quantities):,} pcs.",
            created_by=planner,
        )
    )
    _lines(factory, order, plan, spec, unit_price(spec, customer))
    _history(ctx, factory, order, plan, spec, steps)
    return order


def _lines(
    factory: FactoryData, order: Order, plan: OrderPlan, spec: StyleSpec, price: Decimal
) -> None:
    grid = next(g for g in GRIDS if g.code == spec.grid)
    sizes: list[Size] = factory.sizes[spec.grid]
    style = factory.styles[spec.code]
    add_all(
        OrderLine,
        [
            OrderLine(
                order=order,
                style=style,
                colour=factory.colours[colour],
                size=size,
                quantity=quantity,
                unit_price=price,
            )
            for colour, total in plan.quantities
            for size, quantity in zip(sizes, size_split(total, grid.curve), strict=True)
            if quantity > 0
        ],
    )


def _history(
    ctx: DemoContext,
    factory: FactoryData,
    order: Order,
    plan: OrderPlan,
    spec: StyleSpec,
    steps: list[tuple[OrderStatus, int]],
) -> None:
    """One event per step, by the role that takes it, at a working hour of its day."""
    pieces = sum(quantity for _, quantity in plan.quantities)
    cartons = math.ceil(pieces / PIECES_PER_CARTON[spec.bulletin])
    notes = {
        OrderStatus.CONFIRMED: f"Confirmed against {order.customer_po}.",
        OrderStatus.SHIPPED: f"Handed over to the forwarder: {cartons} cartons.",
    }
    previous = ""
    moments = []
    for status, day in steps:
        at = ctx.at(day, factory.rng.randint(30, 540))
        event = add(
            OrderEvent(
                order=order,
                from_status=previous,
                to_status=status,
                by=ctx.staff[(factory.spec.key, STEP_ROLE[status])],
                note=plan.note if status == plan.status and plan.note else notes.get(status, ""),
            )
        )
        # `at` is stamped on insert; the demo's history lies in the past.
        OrderEvent.objects.filter(pk=event.pk).update(at=at)
        moments.append(at)
        previous = status
    Order.objects.filter(pk=order.pk).update(created_at=moments[0], updated_at=moments[-1])
