"""The orders app in the tenant-isolation walk: one order with a style matrix per tenant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from seamline.orders import services
from tests.catalog.factories import (
    ColourFactory,
    CustomerFactory,
    SizeGridFactory,
    StyleFactory,
)
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    # Own catalog rows (codes prefixed "ORD") so this does not lean on the catalog's world.
    customer = CustomerFactory(code=f"ORDCUST-{marker}", name=f"Orders customer {marker}")
    grid = SizeGridFactory(code=f"ORDGRID-{marker}", name=f"Grid {marker}", sizes=["S", "M"])
    colour = ColourFactory(code=f"ORDCOL-{marker}", name=f"Colour {marker}")
    style = StyleFactory(
        code=f"ORDST-{marker}",
        name=f"Style {marker}",
        customer=customer,
        size_grid=grid,
        colours=[colour],
    )
    order = services.order_create(
        number=f"SO-{marker}",
        customer=customer,
        delivery_date=dt.date(2027, 3, 1),
        customer_po=f"PO-{marker}",
        notes=f"Notes {marker}",
        by=world["owner"],
    )
    size = grid.sizes.order_by("position").first()
    services.order_set_matrix(
        order=order,
        style=style,
        quantities={(colour.pk, size.pk): 120},
        unit_price=Decimal("12.50"),
        by=world["owner"],
    )
    return {"order": order, "order_style": style}


def _order(world: World) -> dict[str, int]:
    return {"pk": world["order"].pk}


def _order_style(world: World) -> dict[str, int]:
    return {"pk": world["order"].pk, "style_id": world["order_style"].pk}


CASES = Cases(
    build=build,
    urls={
        "orders:order_detail": _order,
        "orders:order_edit": _order,
        "orders:order_matrix": _order,
        "orders:order_remove_style": _order_style,
        "orders:order_transition": _order,
        "api:order_get": _order,
        "api:order_update": _order,
        "api:order_set_matrix": _order,
        "api:order_remove_style": _order_style,
        "api:order_transition": _order,
    },
)
