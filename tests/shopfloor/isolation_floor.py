"""The floor pages and API in the tenant-isolation walk: a cut order with one credited scan."""

from __future__ import annotations

from seamline.shopfloor.scanning import ScanInput, record_scans
from tests.cutting.factories import CutOrder, cut_order
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    cut: CutOrder | None = world.get("cut")
    if cut is None:
        cut = cut_order()
        # The floor overview lists active lines and orders in production by code and number.
        cut.order.number = f"SO-{marker}-F"
        cut.order.save(update_fields=["number"])
        cut.line.code = f"LF-{marker}"
        cut.line.name = f"Floor line {marker}"
        cut.line.save(update_fields=["code", "name"])
    record_scans(
        [
            ScanInput(
                client_id=f"floor-{marker}",
                bundle=cut.bundles[0].number,
                operation=cut.operations[0].sequence,
                worker=cut.workers[0].code,
            )
        ]
    )
    return {"floor_cut": cut}


def _cut(world: World) -> CutOrder:
    cut: CutOrder = world["floor_cut"]
    return cut


CASES = Cases(
    build=build,
    urls={
        "shopfloor:floor_line": lambda w: {"pk": _cut(w).line.pk},
        "shopfloor:floor_order": lambda w: {"pk": _cut(w).order.pk},
        "shopfloor:bundle_trace": lambda w: {"pk": _cut(w).bundles[0].pk},
        "api:floor_order_progress": lambda w: {"order_id": _cut(w).order.pk},
        "api:floor_line_output": lambda w: {"line_id": _cut(w).line.pk},
        "api:floor_bundle_trace": lambda w: {"bundle_id": _cut(w).bundles[0].pk},
    },
)
