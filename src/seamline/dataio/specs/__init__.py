"""One spec per kind of data that can be imported and exported."""

from __future__ import annotations

from seamline.dataio.specs.attendance import AttendanceSpec
from seamline.dataio.specs.base import ImportResult, Spec
from seamline.dataio.specs.materials import MaterialSpec
from seamline.dataio.specs.orders import OrderSpec
from seamline.dataio.specs.styles import StyleSpec
from seamline.dataio.specs.workers import WorkerSpec

SPECS: dict[str, Spec] = {
    spec.kind: spec
    for spec in (StyleSpec(), MaterialSpec(), WorkerSpec(), OrderSpec(), AttendanceSpec())
}
KINDS = tuple(SPECS)

__all__ = ["KINDS", "SPECS", "ImportResult", "Spec"]
