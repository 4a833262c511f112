"""The worker-skills pages in the tenant-isolation walk: a worker with measured work.

The floor cases already credited a scan of this tenant's first floor worker; a worker of
its own, with its marker in the name the skills listing shows, is the row named here.
"""

from __future__ import annotations

from seamline.shopfloor.models import Worker
from tests.isolation import Cases, World
from tests.shopfloor.factories import WorkerFactory


def build(world: World, marker: str) -> World:
    worker = WorkerFactory(code=f"SK-{marker}"[:20], name=f"Skilled {marker}")
    return {"skills_worker": worker}


def _worker(world: World) -> Worker:
    worker: Worker = world["skills_worker"]
    return worker


CASES = Cases(
    build=build,
    urls={
        "shopfloor:worker_skill": lambda w: {"pk": _worker(w).pk},
    },
)
