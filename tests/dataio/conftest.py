from __future__ import annotations

from typing import Any

import pytest

from seamline.tenancy.models import Organization
from tests.catalog.factories import ColourFactory, CustomerFactory, SizeGridFactory, StyleFactory
from tests.shopfloor.factories import LineFactory


@pytest.fixture
def catalog_a(in_tenant_a: Organization) -> dict[str, Any]:
    """Tenant A's master data that imports refer to."""
    customer = CustomerFactory(code="ACME", name="Acme Apparel", currency="USD")
    grid = SizeGridFactory(code="ALPHA", name="Alpha", sizes=["S", "M", "L"])
    white = ColourFactory(code="WHT", name="White")
    navy = ColourFactory(code="NVY", name="Navy")
    style = StyleFactory(
        code="TS-1", name="Tee", customer=customer, size_grid=grid, colours=[white, navy]
    )
    line = LineFactory(code="L1", name="Line 1")
    return {
        "customer": customer,
        "grid": grid,
        "white": white,
        "navy": navy,
        "style": style,
        "line": line,
    }
