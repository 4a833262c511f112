"""The independent check, the stored JSON and the three drawings of a marker."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace

import ezdxf
import pytest
from defusedxml import ElementTree as ET

from seamline.engines.nesting import (
    Direction,
    Marker,
    NestingProblem,
    Piece,
    Placement,
    check_marker,
    marker_dxf,
    marker_pdf,
    marker_svg,
)
from tests.engines.nesting.conftest import turned

SQUARE = ((0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0))
WEDGE = ((0.0, 0.0), (120.0, 0.0), (0.0, 60.0))


def placed(piece: Piece, copy: int, rotation: float, x: float, y: float) -> Placement:
    return Placement(
        piece_id=piece.id,
        label=piece.label,
        copy=copy,
        mirrored=False,
        rotation=rotation,
        x=x,
        y=y,
        polygon=tuple(turned(piece.outline, rotation, x, y)),
    )


PATCH = Piece(id="patch", outline=SQUARE, quantity=2, label="前片 Patch")
GUSSET = Piece(id="gusset", outline=WEDGE, label="Gusset")
PROBLEM = NestingProblem(pieces=(PATCH, GUSSET), width=200.0, spacing=5.0)
# Two squares side by side 10 mm apart, the wedge turned half round above them.
MARKER = Marker(
    width=200.0,
    length=215.0,
    efficiency=(2 * 10000 + 3600) / (215.0 * 200.0),
    placements=(
        placed(PATCH, 0, 0.0, 0.0, 0.0),
        placed(PATCH, 1, 0.0, 110.0, 0.0),
        placed(GUSSET, 0, 180.0, 130.0, 170.0),
    ),
)


def test_a_correct_marker_passes_the_check() -> None:
    assert check_marker(PROBLEM, MARKER) == []


def _with(index: int, **changes: object) -> Marker:
    placements = list(MARKER.placements)
    p = placements[index]
    moved = replace(p, **changes)  # type: ignore[arg-type]
    if "x" in changes or "y" in changes or "rotation" in changes:
        piece = PATCH if p.piece_id == "patch" else GUSSET
        moved = placed(piece, p.copy, moved.rotation, moved.x, moved.y)
    placements[index] = moved
    return replace(MARKER, placements=tuple(placements))


@pytest.mark.parametrize(
    ("marker", "problem", "message"),
    [
        (_with(1, x=50.0), PROBLEM, "piece patch copy 0 and piece patch copy 1 overlap by 5000"),
        (_with(1, x=103.0), PROBLEM, "are 3.000 mm apart, closer than the 5 mm spacing"),
        (_with(1, x=150.0), PROBLEM, "piece patch copy 1 sticks out of the marker"),
        (_with(1, copy=0), PROBLEM, "piece patch copy 0 is placed 2 times"),
        (_with(1, copy=0), PROBLEM, "piece patch copy 1 is not placed"),
        (_with(2, polygon=WEDGE), PROBLEM, "piece gusset copy 0: the placed outline is not"),
        (
            MARKER,
            replace(PROBLEM, direction=Direction.ONE_WAY),
            "piece gusset copy 0 lies at 180°, not an allowed orientation",
        ),
    ],
)
def test_the_check_finds_what_is_wrong(
    marker: Marker, problem: NestingProblem, message: str
) -> None:
    errors = check_marker(problem, marker)
    assert any(message in e for e in errors), errors


def test_marker_json_is_plain_and_reads_back_equal() -> None:
    stored = json.loads(json.dumps(MARKER.to_json()))

    assert stored["length"] == 215.0
    assert stored["placements"][2]["polygon"][0] == list(MARKER.placements[2].polygon[0])
    assert Marker.from_json(stored) == MARKER
    with pytest.raises(ValueError, match="not a marker"):
        Marker.from_json({"width": 200})


def test_svg_shows_each_piece_with_its_label_and_the_efficiency() -> None:
    root = ET.fromstring(marker_svg(MARKER))

    ns = {"svg": "http://www.w3.org/2000/svg"}
    polygons = root.findall("svg:polygon", ns)
    texts = [t.text for t in root.findall("svg:text", ns)]
    assert len(polygons) == 3
    assert [p.get("data-piece") for p in polygons] == ["patch", "patch", "gusset"]
    assert texts.count("前片 Patch") == 2
    assert "Gusset" in texts
    assert "215.0 mm × 200.0 mm · 54.88 %" in texts
    assert root.get("width") == "215.000mm"


def test_pdf_page_is_the_marker_at_true_scale() -> None:
    pdf = marker_pdf(MARKER)

    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[\s*([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1
    _, _, width_pt, height_pt = (float(v) for v in boxes[0])
    assert width_pt == pytest.approx(215.0 / 25.4 * 72, abs=0.01)
    assert height_pt == pytest.approx(200.0 / 25.4 * 72, abs=0.01)


def test_dxf_has_one_closed_polyline_per_piece_in_mm() -> None:
    doc = ezdxf.read(io.StringIO(marker_dxf(MARKER).decode("utf-8")))
    msp = doc.modelspace()

    assert doc.header["$INSUNITS"] == 4  # millimetres
    pieces = msp.query('LWPOLYLINE[layer=="PIECES"]')
    assert len(pieces) == 3
    assert all(p.closed for p in pieces)
    first = [tuple(v) for v in pieces[0].get_points("xy")]
    assert first == list(MARKER.placements[0].polygon)
    outline = msp.query('LWPOLYLINE[layer=="MARKER"]')
    assert len(outline) == 1
    assert [tuple(v) for v in outline[0].get_points("xy")][2] == (215.0, 200.0)
    assert sorted(t.dxf.text for t in msp.query("TEXT")) == ["Gusset", "前片 Patch", "前片 Patch"]
