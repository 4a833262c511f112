"""The shop-floor app in the tenant-isolation walk: a line with a worker per tenant."""

from __future__ import annotations

from tests.isolation import Cases, World
from tests.shopfloor.factories import LineFactory, WorkerFactory


def build(world: World, marker: str) -> World:
    line = LineFactory(code=f"L-{marker}", name=f"Line {marker}")
    # The owner is on the roster too, so the worker's own listings (my day) are walked.
    worker = WorkerFactory(
        code=f"W-{marker}", name=f"Worker {marker}", line=line, user=world["owner"]
    )
    return {"line": line, "worker": worker}


def _line(world: World) -> dict[str, int]:
    return {"pk": world["line"].pk}


def _worker(world: World) -> dict[str, int]:
    return {"pk": world["worker"].pk}


CASES = Cases(
    build=build,
    urls={
        "shopfloor:line_edit": _line,
        "shopfloor:worker_edit": _worker,
        "shopfloor:worker_deactivate": _worker,
        "shopfloor:worker_reactivate": _worker,
        "api:line_get": lambda w: {"line_id": w["line"].pk},
        "api:line_update": lambda w: {"line_id": w["line"].pk},
        "api:worker_get": lambda w: {"worker_id": w["worker"].pk},
        "api:worker_update": lambda w: {"worker_id": w["worker"].pk},
    },
)
