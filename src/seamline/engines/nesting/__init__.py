"""Markers by nesting: pattern pieces laid on a fabric width as short as possible.

The nesting itself is sparrow's (the ``spyrrow`` bindings, a strip-packing heuristic);
this package is the garment model around it: grain alignment, the fabric direction
(one-way / two-way / free), mirrored left/right pairs and spacing, in a child process
that can be stopped, with an independent geometric check and SVG / PDF / DXF output.

Other code uses these names: keep them stable.
"""

from seamline.engines.nesting.check import check_marker
from seamline.engines.nesting.data import Direction, NestingProblem, Piece
from seamline.engines.nesting.read import read_instance
from seamline.engines.nesting.render import marker_dxf, marker_pdf, marker_svg
from seamline.engines.nesting.result import Marker, NestResult, Placement
from seamline.engines.nesting.solve import nest

__all__ = [
    "Direction",
    "Marker",
    "NestResult",
    "NestingProblem",
    "Piece",
    "Placement",
    "check_marker",
    "marker_dxf",
    "marker_pdf",
    "marker_svg",
    "nest",
    "read_instance",
]
