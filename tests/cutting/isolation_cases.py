"""The cutting app in the tenant-isolation walk: an order cut into bundles per tenant.

Other apps' cases reuse `world["cut"]` (a `tests.cutting.factories.CutOrder`).
"""

from __future__ import annotations

from seamline.catalog.models import Colour, Customer, Operation, Style
from seamline.orders.models import Order
from seamline.shopfloor.models import Line, Worker
from tests.cutting.factories import cut_order
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    cut = cut_order(by=world.get("owner"))
    # Every code and name a listing could show carries the marker (codes prefixed "CUT").
    Order.objects.filter(pk=cut.order.pk).update(number=f"CUT-SO-{marker}")
    Customer.objects.filter(pk=cut.order.customer_id).update(
        code=f"CUTCUST-{marker}", name=f"Cutting customer {marker}"
    )
    if cut.style.customer_id:
        Customer.objects.filter(pk=cut.style.customer_id).update(
            code=f"CUTSCUST-{marker}", name=f"Cutting style customer {marker}"
        )
    Style.objects.filter(pk=cut.style.pk).update(
        code=f"CUTST-{marker}", name=f"Cutting style {marker}"
    )
    Colour.objects.filter(pk=cut.colour.pk).update(
        code=f"CUTCOL-{marker}", name=f"Cutting colour {marker}"
    )
    for op in cut.operations:
        Operation.objects.filter(pk=op.pk).update(name=f"Op {op.sequence} {marker}")
    Line.objects.filter(pk=cut.line.pk).update(code=f"CUTL-{marker}", name=f"Cut line {marker}")
    for n, worker in enumerate(cut.workers, start=1):
        Worker.objects.filter(pk=worker.pk).update(
            code=f"CUTW{n}-{marker}", name=f"Cut worker {n} {marker}"
        )
    for row in (
        cut.order,
        cut.style,
        cut.colour,
        cut.plan,
        cut.lay,
        cut.line,
        *cut.operations,
        *cut.workers,
        *cut.bundles,
    ):
        row.refresh_from_db()
    return {"cut": cut}


def _plan(world: World) -> dict[str, int]:
    return {"pk": world["cut"].plan.pk}


def _lay(world: World) -> dict[str, int]:
    return {"pk": world["cut"].lay.pk}


CASES = Cases(
    build=build,
    urls={
        "cutting:plan_detail": _plan,
        "cutting:plan_update": _plan,
        "cutting:plan_suggest": _plan,
        "cutting:lay_add": _plan,
        "cutting:lay_edit": _lay,
        "cutting:lay_delete": _lay,
        "cutting:lay_cut": _lay,
        "cutting:lay_bundles": _lay,
        "cutting:lay_tickets": _lay,
        "api:cutting_plan_get": lambda w: {"plan_id": w["cut"].plan.pk},
        "api:cutting_lay_add": lambda w: {"plan_id": w["cut"].plan.pk},
        "api:cutting_lay_cut": lambda w: {"lay_id": w["cut"].lay.pk},
        "api:cutting_bundle_get": lambda w: {"bundle_id": w["cut"].bundles[0].pk},
    },
)
