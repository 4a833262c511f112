"""DXF-AAMA pattern files written with ezdxf, for tests and the demo.

`aama_dxf(pieces)` writes any pieces the way a pattern CAD system exports them: one block
per piece per size, inserted in the model space, the cut line on layer 1, the grain line on
layer 7, a mirror (fold) line on layer 6, and the piece system texts. `tee_pieces(sizes)`
gives a graded T-shirt (front cut on the fold, back, a left/right pair of sleeves, neck rib)
and `tee_polygons(sizes)` the same pieces as polygon JSON.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ezdxf

Point = tuple[float, float]

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class DxfPiece:
    name: str
    size: str | None  # None: no Size text in the block
    outline: Sequence[Point]  # in mm; converted to the file's units on writing
    quantity: str = "1"  # the Quantity text as written: "2", "1,1", "2 MIRROR"
    grain: tuple[Point, Point] | None = None
    mirror_line: tuple[Point, Point] | None = None
    closed: bool = True
    block: str = ""  # the block's name; by default "<name>-<size>"


def aama_dxf(
    pieces: Iterable[DxfPiece],
    *,
    units: str | None = "METRIC",
    insunits: int | None = None,
    version: str = "R12",
    style_name: str = "TEE",
    sample_size: str | None = None,
    cut_as_lines: bool = False,
) -> bytes:
    """A DXF-AAMA file of `pieces`.

    `units` is the style system text (`METRIC` = mm, `ENGLISH` = inch; None leaves it out);
    `insunits` sets the header's $INSUNITS instead (not written in R12 files). Coordinates
    are written in inches when the file's units are inches. `cut_as_lines` writes each cut
    line as separate LINE segments, as some exporters do.
    """
    doc = ezdxf.new(version, units=insunits or 0)  # ezdxf would say metres otherwise
    inch = (units or "").upper() in ("ENGLISH", "INCH") or (units is None and insunits == 1)
    factor = 1 / MM_PER_INCH if inch else 1.0

    def at(point: Point) -> tuple[float, float]:
        return (point[0] * factor, point[1] * factor)

    for layer in ("1", "6", "7"):
        doc.layers.add(layer)
    modelspace = doc.modelspace()
    for number, text in enumerate(
        [
            f"Style Name: {style_name}",
            *([f"Units: {units}"] if units else []),
            *([f"Sample Size: {sample_size}"] if sample_size else []),
        ]
    ):
        modelspace.add_text(text, height=3, dxfattribs={"layer": "1", "insert": (0, -10 * number)})
    for piece in pieces:
        block = doc.blocks.new(piece.block or f"{piece.name}-{piece.size or 'X'}")
        points = [at(p) for p in piece.outline]
        if cut_as_lines:
            ends = points + ([points[0]] if piece.closed else [])
            for start, end in zip(ends, ends[1:], strict=False):
                block.add_line(start, end, dxfattribs={"layer": "1"})
        else:
            _polyline(block, version, points, closed=piece.closed, layer="1")
        for layer, line in (("7", piece.grain), ("6", piece.mirror_line)):
            if line is not None:
                block.add_line(at(line[0]), at(line[1]), dxfattribs={"layer": layer})
        texts = [f"Piece Name: {piece.name}", f"Quantity: {piece.quantity}"]
        if piece.size is not None:
            texts.insert(1, f"Size: {piece.size}")
        x, y = at(piece.outline[0])
        for number, text in enumerate(texts):
            block.add_text(
                text, height=3, dxfattribs={"layer": "1", "insert": (x + 5, y + 5 + 6 * number)}
            )
        modelspace.add_blockref(block.name, (0, 0))
    stream = io.StringIO()
    doc.write(stream)
    return stream.getvalue().encode("utf-8")


def _polyline(block: Any, version: str, points: list[Point], *, closed: bool, layer: str) -> None:
    if version == "R12":
        block.add_polyline2d(points, close=closed, dxfattribs={"layer": layer})
    else:
        block.add_lwpolyline(points, close=closed, dxfattribs={"layer": layer})


# --- a graded T-shirt -----------------------------------------------------------------------

# Size M in mm. The front is half a piece, cut on the fold along x = 0.
FRONT_HALF: list[Point] = [
    (0, 0),
    (260, 0),
    (260, 470),
    (235, 540),
    (215, 600),
    (190, 690),
    (90, 710),
    (70, 660),
    (40, 625),
    (0, 610),
]
BACK_NECK_DROP = 20  # the back neck is shallower than the front's
SLEEVE: list[Point] = [(0, 0), (330, 0), (360, 150), (300, 230), (180, 260), (60, 200), (-30, 150)]
NECK_RIB: list[Point] = [(0, 0), (460, 0), (460, 40), (0, 40)]


def _grade(points: Sequence[Point], step: int) -> list[Point]:
    """Bigger or smaller by `step` sizes: 4 % wider and 2.5 % longer a size."""
    sx, sy = 1 + 0.04 * step, 1 + 0.025 * step
    return [(round(x * sx, 2), round(y * sy, 2)) for x, y in points]


def _back(front_half: Sequence[Point]) -> list[Point]:
    half = [(x, y + BACK_NECK_DROP if x < 80 and y > 600 else y) for x, y in front_half]
    # The whole back: the right half, then the left half mirrored (fold corners once).
    right = half[1:-1]
    left = [(-x, y) for x, y in reversed(right)]
    return [(0, 0), *right, (0, half[-1][1]), *left]


def tee_pieces(sizes: Sequence[str] = ("S", "M", "L", "XL"), base: str = "M") -> list[DxfPiece]:
    pieces: list[DxfPiece] = []
    for index, size in enumerate(sizes):
        step = index - list(sizes).index(base) if base in sizes else index
        front = _grade(FRONT_HALF, step)
        length = front[-1][1]
        pieces += [
            DxfPiece(
                "FRONT",
                size,
                front,
                quantity="1",
                grain=((130, 100), (130, 500)),
                mirror_line=((0, 0), (0, length)),
            ),
            DxfPiece("BACK", size, _back(front), quantity="1", grain=((0, 100), (0, 500))),
            DxfPiece(
                "SLEEVE", size, _grade(SLEEVE, step), quantity="1,1", grain=((150, 20), (150, 200))
            ),
            DxfPiece(
                "NECK RIB", size, _grade(NECK_RIB, step), quantity="1", grain=((20, 20), (400, 20))
            ),
        ]
    return pieces


def tee_polygons(sizes: Sequence[str] = ("S", "M"), units: str = "mm") -> dict[str, Any]:
    """Polygon JSON of the tee's pieces (the front already unfolded), in `units`."""
    per_mm = {"mm": 1.0, "cm": 0.1, "in": 1 / MM_PER_INCH}[units]
    pieces = []
    for piece in tee_pieces(sizes):
        outline = list(piece.outline)
        if piece.mirror_line is not None:
            right = outline[1:-1]
            outline = [outline[0], *right, outline[-1], *[(-x, y) for x, y in reversed(right)]]
        pieces.append(
            {
                "name": piece.name,
                "size": piece.size,
                "outline": [[x * per_mm, y * per_mm] for x, y in outline],
                "grain_angle": 0.0 if piece.name == "NECK RIB" else 90.0,
                "quantity": 2 if piece.quantity == "1,1" else 1,
                "mirrored": piece.quantity == "1,1",
            }
        )
    return {"units": units, "pieces": pieces}
