"""Reading pattern files: DXF-AAMA exports written with ezdxf, and polygon JSON. No database."""

from __future__ import annotations

import io
import json
import math

import ezdxf
import pytest
from shapely.geometry import Polygon

from seamline.catalog.pattern_files import (
    DXF_AAMA,
    PatternFileError,
    parse_dxf,
    parse_pattern_file,
    parse_polygon_json,
)
from tests.catalog.pattern_files import MM_PER_INCH, DxfPiece, aama_dxf, tee_pieces, tee_polygons

SQUARE = [(0.0, 0.0), (200.0, 0.0), (200.0, 100.0), (0.0, 100.0)]


def _by_key(pattern: object) -> dict[tuple[str, str], object]:
    return {(p.size, p.name): p for p in pattern.pieces}  # type: ignore[attr-defined]


def _messages(exc: pytest.ExceptionInfo[PatternFileError]) -> list[str]:
    return exc.value.messages


def test_reads_a_graded_tee_with_a_folded_front_and_a_mirrored_sleeve_pair() -> None:
    pattern = parse_dxf(aama_dxf(tee_pieces(("S", "M", "L"))))

    assert pattern.source == DXF_AAMA
    assert pattern.units == "mm"
    assert pattern.sizes == ["S", "M", "L"]
    pieces = _by_key(pattern)
    assert len(pieces) == 12
    sleeve = pieces[("M", "SLEEVE")]
    assert (sleeve.quantity, sleeve.mirrored) == (2, True)  # "Quantity: 1,1"
    rib = pieces[("M", "NECK RIB")]
    assert (rib.quantity, rib.mirrored, rib.grain_angle) == (1, False, 0.0)
    assert rib.area_mm2 == pytest.approx(460 * 40)
    front = pieces[("M", "FRONT")]
    assert front.grain_angle == 90.0
    # The half on the fold comes out whole: twice the half's area, symmetric, 520 mm wide.
    half_area = Polygon([(x, y) for x, y in tee_pieces(("M",))[0].outline]).area
    assert front.area_mm2 == pytest.approx(2 * half_area, rel=1e-4)
    xs = [x for x, _ in front.outline]
    assert (min(xs), max(xs)) == (0.0, 520.0)
    assert min(y for _, y in front.outline) == 0.0
    # Graded: every size bigger than the one before.
    assert pieces[("S", "FRONT")].area_mm2 < front.area_mm2 < pieces[("L", "FRONT")].area_mm2
    # Rings are counter-clockwise, without the first point repeated.
    assert Polygon(front.outline).exterior.is_ccw
    assert front.outline[0] != front.outline[-1]


def test_inch_files_are_converted_to_mm_from_the_units_text_or_the_header() -> None:
    metric = _by_key(parse_dxf(aama_dxf(tee_pieces(("M",)))))
    english = parse_dxf(aama_dxf(tee_pieces(("M",)), units="ENGLISH"))
    header = parse_dxf(aama_dxf(tee_pieces(("M",)), units=None, insunits=1, version="R2000"))

    assert english.units == header.units == "in"
    # A header in metres is a drawing program's default, never a pattern's: read as mm.
    metres = parse_dxf(aama_dxf(tee_pieces(("M",)), units=None, insunits=6, version="R2000"))
    assert metres.units == "mm"
    assert _by_key(metres)[("M", "FRONT")].area_mm2 == metric[("M", "FRONT")].area_mm2  # type: ignore[attr-defined]
    for pattern in (english, header):
        for key, piece in _by_key(pattern).items():
            assert piece.area_mm2 == pytest.approx(metric[key].area_mm2, rel=1e-4)  # type: ignore[attr-defined]
    # 10 inches square is 254 mm square
    ten_inch = [(x * MM_PER_INCH / 20, y * MM_PER_INCH / 10) for x, y in SQUARE]
    (piece,) = parse_dxf(aama_dxf([DxfPiece("PATCH", "M", ten_inch)], units="ENGLISH")).pieces
    assert piece.outline[2] == (254.0, 254.0)


def test_cut_line_written_as_separate_lines_is_joined_into_one_outline() -> None:
    (piece,) = parse_dxf(
        aama_dxf([DxfPiece("POCKET", "M", SQUARE, quantity="2")], cut_as_lines=True)
    ).pieces

    assert (piece.name, piece.quantity, piece.area_mm2) == ("POCKET", 2, 20000.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2", (2, False)), ("1+1", (2, True)), ("2 MIRROR", (2, True)), ("4 flipped", (4, True))],
)
def test_quantity_text_and_its_mirror_annotation(text: str, expected: tuple[int, bool]) -> None:
    (piece,) = parse_dxf(aama_dxf([DxfPiece("CUFF", "M", SQUARE, quantity=text)])).pieces

    assert (piece.quantity, piece.mirrored) == expected


def test_sample_size_of_the_style_text_applies_to_pieces_without_their_own() -> None:
    pattern = parse_dxf(aama_dxf([DxfPiece("YOKE", None, SQUARE)], sample_size="L"))

    assert pattern.sizes == ["L"]


def test_not_a_dxf_file_is_refused() -> None:
    with pytest.raises(PatternFileError) as exc:
        parse_pattern_file("front.dxf", b"\x89PNG\r\n\x1a\n not a drawing")

    assert _messages(exc) == [
        "This is not a DXF file; export the pattern as DXF-AAMA or ASTM D6673."
    ]


def test_every_problem_of_a_file_is_listed_with_its_block() -> None:
    bow_tie = [(0.0, 0.0), (100.0, 100.0), (100.0, 0.0), (0.0, 100.0)]
    flat = [(0.0, 0.0), (100.0, 0.0), (200.0, 0.0)]
    data = aama_dxf(
        [
            DxfPiece("FRONT", "M", SQUARE, closed=False),
            DxfPiece("BACK", "M", bow_tie),
            DxfPiece("BELT", "M", flat),
            DxfPiece("CUFF", "M", SQUARE, quantity="0"),
            DxfPiece("COLLAR", "M", SQUARE, quantity="1.5"),
            DxfPiece("SLEEVE", "M", SQUARE, quantity="3 MIRROR"),
            DxfPiece("POCKET", "M", SQUARE),
            DxfPiece("POCKET", "M", SQUARE, block="POCKET-M-2"),
        ]
    )

    with pytest.raises(PatternFileError) as exc:
        parse_dxf(data)

    assert _messages(exc) == [
        "Block FRONT-M: the cut line on layer 1 is not closed; its ends do not meet.",
        "Block BACK-M: the cut line crosses itself near (50.0, 50.0) mm.",
        "Block BELT-M: the cut line encloses no area.",
        "Block CUFF-M: quantity 0 must be a whole number from 1 to 20.",
        "Block COLLAR-M: quantity 1.5 is not a whole number of pieces.",
        "Block SLEEVE-M: a mirrored pair is cut left and right, so its quantity must be even "
        "(it is 3).",
        "Block POCKET-M-2: size M already has a piece named POCKET (Block POCKET-M).",
    ]


def test_a_file_without_sizes_is_refused() -> None:
    with pytest.raises(PatternFileError) as exc:
        parse_dxf(aama_dxf([DxfPiece("FRONT", None, SQUARE), DxfPiece("BACK", None, SQUARE)]))

    assert _messages(exc) == [
        "The file has no sizes: no piece has a Size text and no Sample Size is given."
    ]


def test_a_mirror_line_off_the_cut_line_cannot_unfold() -> None:
    piece = DxfPiece("FRONT", "M", SQUARE, mirror_line=((50, -10), (50, 200)))

    with pytest.raises(PatternFileError) as exc:
        parse_dxf(aama_dxf([piece]))

    assert _messages(exc) == [
        "Block FRONT-M: the mirror line on layer 6 does not run along the cut line, so the half "
        "piece cannot be unfolded."
    ]


def test_polygon_json_in_cm_becomes_mm() -> None:
    in_mm = parse_polygon_json(json.dumps(tee_polygons(("S", "M"))).encode())
    in_cm = parse_pattern_file("tee.json", json.dumps(tee_polygons(("S", "M"), "cm")).encode())

    assert in_cm.sizes == ["S", "M"]
    for key, piece in _by_key(in_cm).items():
        assert piece.area_mm2 == pytest.approx(_by_key(in_mm)[key].area_mm2, rel=1e-6)  # type: ignore[attr-defined]
    sleeve = _by_key(in_cm)[("M", "SLEEVE")]
    assert (sleeve.quantity, sleeve.mirrored, sleeve.grain_angle) == (2, True, 90.0)
    # The front drawn by hand is the same piece as the DXF's folded half, unfolded.
    dxf_front = _by_key(parse_dxf(aama_dxf(tee_pieces(("S", "M")))))[("M", "FRONT")]
    assert _by_key(in_cm)[("M", "FRONT")].area_mm2 == pytest.approx(
        dxf_front.area_mm2,  # type: ignore[attr-defined]
        rel=1e-4,
    )


def test_polygon_json_problems_name_the_piece_and_field() -> None:
    document = {
        "units": "mm",
        "pieces": [
            {"name": "FRONT", "size": "M", "outline": [[0, 0], [10, 0]]},
            {"name": "BACK", "outline": SQUARE, "quantity": "two"},
            {"name": "SLEEVE", "size": "M", "outline": "round", "mirrored": "yes"},
            {"name": "CUFF", "size": "M", "outline": SQUARE, "quantity": 2, "mirrored": True},
        ],
    }

    with pytest.raises(PatternFileError) as exc:
        parse_polygon_json(document)

    assert _messages(exc) == [
        "Piece 1 (FRONT): the cut line needs at least 3 corners, it has 2.",
        "Piece 2 (BACK): the size is missing.",
        "Piece 2 (BACK): quantity two is not a whole number of pieces.",
        "Piece 3 (SLEEVE): the outline must be a list of [x, y] number pairs.",
        "Piece 3 (SLEEVE): mirrored must be true or false.",
    ]
    with pytest.raises(PatternFileError) as exc:
        parse_polygon_json(b"{not json")
    assert _messages(exc)[0].startswith("This is not JSON")
    with pytest.raises(PatternFileError) as exc:
        parse_polygon_json({"units": "ft", "pieces": []})
    assert _messages(exc) == ['"units" must be "mm", "cm" or "in", not ft.']


def test_curves_of_the_cut_line_are_followed_and_mtext_is_read() -> None:
    doc = ezdxf.new("R2000", units=4)  # mm in the header, no Units text
    block = doc.blocks.new("PATCH")
    # A 100 x 100 square whose top edge bulges out into a half circle of radius 50.
    block.add_lwpolyline(
        [(0, 0, 0), (100, 0, 0), (100, 100, 1), (0, 100, 0)],
        format="xyb",
        close=True,
        dxfattribs={"layer": "1"},
    )
    block.add_mtext(
        "Piece Name: ELBOW PATCH\\PSize: M\\PQuantity: 2 pair", dxfattribs={"layer": "1"}
    )
    doc.modelspace().add_blockref("PATCH", (0, 0))
    stream = io.StringIO()
    doc.write(stream)

    (piece,) = parse_dxf(stream.getvalue().encode()).pieces

    assert (piece.name, piece.size, piece.quantity, piece.mirrored) == ("ELBOW PATCH", "M", 2, True)
    assert piece.area_mm2 == pytest.approx(100 * 100 + math.pi * 50**2 / 2, rel=1e-3)
    assert max(y for _, y in piece.outline) == pytest.approx(150, abs=0.2)
