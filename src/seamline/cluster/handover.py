"""An accepted allocation becomes an ordinary order in the factory's own books.

Everything here is written inside ``tenant_context(factory)`` with the catalog's and the
orders' own services: the customer (the brand, or the cluster when the brand keeps its name
to itself), the style with its operation bulletin, colours and sizes when the factory does
not have them yet (matched by code), a confirmed order of source "cluster" and the
``ClusterLink`` that ties it to the allocation's ``ref``. No row points across tenants.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from seamline.catalog import services as catalog
from seamline.catalog.choices import MachineType, StyleCategory
from seamline.catalog.models import Colour, Customer, Operation, Size, SizeGrid, Style, StyleColour
from seamline.cluster.models import Allocation, AllocationLine, ClusterLink, ClusterOrder
from seamline.orders import services as orders
from seamline.orders.choices import OrderSource, OrderStatus
from seamline.orders.models import Order
from seamline.tenancy.context import tenant_context


def _customer(order: ClusterOrder, by: Any) -> Customer:
    if order.share_brand_name:
        code, name = f"CL-{order.brand.slug}"[:32], order.brand.name
    else:
        code, name = f"CL-{order.cluster.code}"[:32], order.cluster.name
    customer = Customer.objects.filter(code=code).first()
    if customer is None:
        customer = catalog.customer_create(code=code, name=name, currency=order.currency, by=by)
    return customer


def _grid(style_code: str, sizes: list[str], by: Any) -> SizeGrid:
    code = style_code[:32]
    grid = SizeGrid.objects.filter(code=code).first()
    if grid is None:
        return catalog.size_grid_create(code=code, name=style_code[:100], sizes=sizes, by=by)
    _add_sizes(grid, sizes, by)
    return grid


def _add_sizes(grid: SizeGrid, sizes: list[str], by: Any) -> None:
    have = list(Size.objects.filter(grid=grid).order_by("position").values_list("code", flat=True))
    missing = [size for size in sizes if size not in have]
    if missing:
        catalog.size_grid_update(grid=grid, sizes=[*have, *missing], by=by)


def _colours(codes: list[str], by: Any) -> list[Colour]:
    found = {c.code: c for c in Colour.objects.filter(code__in=[code[:32] for code in codes])}
    result = []
    for code in codes:
        short = code[:32]
        if short not in found:
            found[short] = catalog.colour_create(code=short, name=code[:100], by=by)
        result.append(found[short])
    return result


def _style(
    order: ClusterOrder, customer: Customer, sizes: list[str], colours: list[Colour], by: Any
) -> Style:
    style = Style.objects.filter(code=order.style_code).first()
    if style is None:
        category = order.category if order.category in StyleCategory.values else StyleCategory.OTHER
        style = catalog.style_create(
            code=order.style_code,
            name=order.style_name,
            size_grid=_grid(order.style_code, sizes, by),
            customer=customer,
            category=category,
            description=order.description,
            colours=colours,
            by=by,
        )
    else:
        _add_sizes(style.size_grid, sizes, by)
        have = set(StyleColour.objects.filter(style=style).values_list("colour_id", flat=True))
        for colour in colours:
            if colour.pk not in have:
                StyleColour.objects.create(tenant=style.tenant, style=style, colour=colour)
    if not Operation.objects.filter(style=style).exists() and order.bulletin:
        catalog.bulletin_replace(
            style=style,
            operations=[
                catalog.OperationSpec(
                    name=str(row.get("name", ""))[:200] or str(row.get("code", "")),
                    machine_type=(
                        row["machine_type"]
                        if row.get("machine_type") in MachineType.values
                        else MachineType.MANUAL
                    ),
                    smv=Decimal(str(row.get("smv", "0"))),
                )
                for row in order.bulletin
            ],
            by=by,
        )
    return style


def factory_order_number(allocation: Allocation) -> str:
    return f"{allocation.order.number}-{allocation.ref.hex[:6].upper()}"


@transaction.atomic
def allocation_to_order(allocation: Allocation, *, by: Any = None) -> Order:
    """The factory's own confirmed order for `allocation` (the existing one on a retry)."""
    cluster_order = allocation.order
    factory = allocation.factory
    lines = list(
        AllocationLine.unscoped.filter(tenant_id=allocation.tenant_id, allocation=allocation)
    )
    with tenant_context(factory):
        link = (
            ClusterLink.objects.select_related("order")
            .filter(allocation_ref=allocation.ref)
            .first()
        )
        if link is not None:
            return link.order
        customer = _customer(cluster_order, by)
        sizes = [size for _pos, size in sorted({(line.position, line.size) for line in lines})]
        sizes = list(dict.fromkeys(sizes))
        colour_codes = list(dict.fromkeys(line.colour for line in lines))
        colours = _colours(colour_codes, by)
        style = _style(cluster_order, customer, sizes, colours, by)
        colour_ids = {code: colour.pk for code, colour in zip(colour_codes, colours, strict=True)}
        size_ids = {s.code: s.pk for s in Size.objects.filter(grid_id=style.size_grid_id)}
        quantities = {
            (colour_ids[line.colour], size_ids[line.size]): line.quantity for line in lines
        }
        order = orders.order_create(
            number=factory_order_number(allocation),
            customer=customer,
            delivery_date=allocation.ready_date,
            customer_po=cluster_order.number,
            currency=cluster_order.currency,
            notes=cluster_order.description,
            source=OrderSource.CLUSTER,
            styles=[
                orders.StyleQuantities(
                    style=style, quantities=quantities, unit_price=allocation.unit_price
                )
            ],
            by=by,
        )
        order = orders.order_transition(order=order, to=OrderStatus.CONFIRMED, by=by)
        ClusterLink.objects.create(
            order=order,
            allocation_ref=allocation.ref,
            cluster_name=cluster_order.cluster.name,
            cluster_order_number=cluster_order.number,
        )
    return order
