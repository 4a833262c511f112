from __future__ import annotations

from tests.isolation import Cases, Skip, World
from tests.shopfloor.factories import WorkerFactory


def build(world: World, marker: str) -> World:
    # The other apps' worlds hold styles, materials and orders; a worker of our own is enough
    # to see a marker in an export (tests/dataio/test_export.py proves exports stay in tenant).
    return {"dataio_worker": WorkerFactory(code=f"DIO-{marker}", name=f"{marker} importer")}


KIND = Skip("kind, not a row")

CASES = Cases(
    build=build,
    urls={
        "dataio:import": KIND,
        "dataio:template": KIND,
        "dataio:export": KIND,
    },
)
