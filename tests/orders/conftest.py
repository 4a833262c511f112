"""A small catalog for order tests: one style in two colours on an S-M-L grid, in tenant A."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from seamline.catalog.models import Colour, Customer, Size, Style
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.catalog.factories import (
    ColourFactory,
    CustomerFactory,
    SizeGridFactory,
    StyleFactory,
)


@dataclass
class Catalog:
    customer: Customer
    style: Style
    red: Colour
    navy: Colour
    s: Size
    m: Size
    l: Size  # noqa: E741


def make_catalog(tenant: Organization, prefix: str = "") -> Catalog:
    with tenant_context(tenant):
        customer = CustomerFactory(
            code=f"{prefix}ACME", name=f"{prefix}Acme Apparel", currency="USD"
        )
        grid = SizeGridFactory(code=f"{prefix}SML", sizes=["S", "M", "L"])
        red = ColourFactory(code=f"{prefix}RED", name="Red")
        navy = ColourFactory(code=f"{prefix}NAVY", name="Navy")
        style = StyleFactory(
            code=f"{prefix}TEE-01",
            name="Basic tee",
            customer=customer,
            size_grid=grid,
            colours=[red, navy],
        )
        s, m, l = list(grid.sizes.order_by("position"))  # noqa: E741
    return Catalog(customer=customer, style=style, red=red, navy=navy, s=s, m=m, l=l)


@pytest.fixture
def catalog(tenant_a: Organization) -> Catalog:
    return make_catalog(tenant_a)
