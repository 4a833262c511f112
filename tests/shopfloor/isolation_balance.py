"""The balancing pages and API in the tenant-isolation walk: one line layout of two positions
(built directly, without the engine) on a line and style of this tenant."""

from __future__ import annotations

from decimal import Decimal

from seamline.shopfloor.models import LayoutShare, LineLayout
from tests.catalog.factories import OperationFactory, StyleFactory
from tests.isolation import Cases, World
from tests.shopfloor.factories import LineFactory, WorkerFactory


def build(world: World, marker: str) -> World:
    line = LineFactory(code=f"LB-{marker}", name=f"Balance line {marker}")
    style = StyleFactory(code=f"ST-B-{marker}")
    ops = [
        OperationFactory(style=style, sequence=10, smv=Decimal("1.000")),
        OperationFactory(style=style, sequence=20, smv=Decimal("0.800")),
    ]
    worker = WorkerFactory(line=line, code=f"WB-{marker}")
    layout = LineLayout.objects.create(
        line=line,
        style=style,
        name=f"Layout {marker}",
        target_per_hour=60,
        operators=2,
        takt=Decimal("1.000"),
        cycle_time=Decimal("1.000"),
        output_per_hour=Decimal("60.0"),
        balance_efficiency=Decimal("0.9000"),
        lower_bound=Decimal("2"),
        solver_status="optimal",
    )
    for slot, op in enumerate(ops, 1):
        LayoutShare.objects.create(
            layout=layout,
            slot=slot,
            worker=worker if slot == 1 else None,
            operation=op,
            share=Decimal("1"),
            minutes=op.smv,
        )
    return {"balance_layout": layout}


def _layout(world: World) -> dict[str, int]:
    layout: LineLayout = world["balance_layout"]
    return {"pk": layout.pk}


def _api(world: World) -> dict[str, int]:
    layout: LineLayout = world["balance_layout"]
    return {"layout_id": layout.pk}


CASES = Cases(
    build=build,
    urls={
        "shopfloor:balance_detail": _layout,
        "shopfloor:balance_adjust": _layout,
        "shopfloor:balance_assign": _layout,
        "shopfloor:balance_activate": _layout,
        "shopfloor:balance_rebalance": _layout,
        "shopfloor:balance_sheet": _layout,
        "api:balance_layout_get": _api,
        "api:balance_layout_adjust": _api,
        "api:balance_layout_assign": _api,
        "api:balance_layout_activate": _api,
    },
)
