"""Reading pattern files: DXF-AAMA / ASTM D6673 exports of pattern CAD, and polygon JSON.

Both readers return a :class:`ParsedPattern` in millimetres, or raise a
:class:`PatternFileError` listing every problem found (each message names the block or piece
and the field). Nothing here touches the database: checking the sizes against a style's size
grid is the service's job.

DXF-AAMA / ASTM D6673, as read here
-----------------------------------
- Every pattern piece is a BLOCK inserted (INSERT) in the model space; the insert's
  position, scale and rotation are applied. One block per piece per size: a graded export
  writes each size's pieces as separate blocks.
- Layer 1 is the cut line (boundary): a closed POLYLINE or LWPOLYLINE, or LINE / ARC /
  SPLINE / open polyline segments that join end to end into one closed ring. Curves
  (bulges, arcs, splines) are followed to within 0.1 mm.
- Layer 7 is the grain line; its direction (first point to last) gives ``grain_angle``.
- Layer 6 is the mirror (fold) line: the block holds half a piece cut on the fold. The half
  is unfolded into the full outline by reflecting it across the line; its cut line must run
  along the fold line between two of its corners.
- Piece system text (TEXT or MTEXT in the block, ``Key: value``): ``Piece Name:`` (else
  the block's name), ``Size:`` (else the style's ``Sample Size:``), ``Quantity:``.
- Units: a ``Units:`` text (``METRIC``/``MM`` = millimetres, ``CM``, ``ENGLISH``/``INCH``
  = inches), else the header's ``$INSUNITS`` when it says inches, mm or cm, else millimetres.
- Mirrored pairs (a left and a right piece cut from one block, as CAD exports write the
  quantity of a piece "with flip"): ``Quantity: 1,1`` or ``Quantity: 1+1`` (unflipped,
  flipped), or a count followed by a mirror word, e.g. ``Quantity: 2 MIRROR``,
  ``Quantity: 2 FLIP``, ``Quantity: 2 PAIR``. Half of a mirrored quantity is flipped, so
  it must be even.

Polygon JSON
------------
``{"units": "mm"|"cm"|"in", "pieces": [{"name", "size", "outline": [[x, y], ...],
"grain_angle"?, "quantity"?, "mirrored"?}]}`` with the grain angle in degrees from the x axis.

Outlines come out as counter-clockwise rings without the closing point repeated, moved so
that their lowest x and y are 0, rounded to 0.01 mm.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

DXF_AAMA = "dxf_aama"
POLYGONS = "polygons"

MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4}
# $INSUNITS codes of the DXF header that a pattern may be drawn in. Metres (6) are left out on
# purpose: drawing programs write it by default, and no pattern CAD draws pieces in metres.
INSUNITS = {1: "in", 4: "mm", 5: "cm"}
UNIT_WORDS = {
    "metric": "mm",
    "mm": "mm",
    "millimetre": "mm",
    "millimetres": "mm",
    "millimeter": "mm",
    "millimeters": "mm",
    "cm": "cm",
    "centimetre": "cm",
    "centimetres": "cm",
    "centimeter": "cm",
    "centimeters": "cm",
    "english": "in",
    "imperial": "in",
    "in": "in",
    "inch": "in",
    "inches": "in",
}
BOUNDARY_LAYERS = {"1", "boundary", "boundary_line", "cut"}
MIRROR_LAYERS = {"6", "mirror", "mirror_line"}
GRAIN_LAYERS = {"7", "grain", "grain_line"}
MIRROR_WORDS = {"mirror", "mirrored", "flip", "flipped", "pair", "pairs", "l/r", "lr"}
CURVE_TOLERANCE_MM = 0.1
JOIN_TOLERANCE_MM = 0.5  # ends of cut-line segments closer than this meet
FOLD_TOLERANCE_MM = 0.5  # corners this close to the mirror line lie on it
MIN_AREA_MM2 = 1.0
MAX_QUANTITY = 20
MAX_NAME = 60
MAX_SIZE = 16
MAX_PIECES = 2000
MAX_INSERT_DEPTH = 3

Point = tuple[float, float]


@dataclass(frozen=True)
class ParsedPiece:
    """One piece of one size, in millimetres."""

    name: str
    size: str
    outline: tuple[Point, ...]
    grain_angle: float
    quantity: int
    mirrored: bool
    area_mm2: float
    origin: str  # where in the file it came from, for messages: "block FRONT-M", "piece 3"


@dataclass(frozen=True)
class ParsedPattern:
    source: str  # DXF_AAMA or POLYGONS
    units: str  # the file's units: mm, cm or in
    pieces: tuple[ParsedPiece, ...]

    @property
    def sizes(self) -> list[str]:
        """The size codes of the file, in the order they first appear."""
        return list(dict.fromkeys(piece.size for piece in self.pieces))


class PatternFileError(ValueError):
    """A file that cannot become a pattern; `messages` says every reason found."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class _Problems:
    messages: list[str] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.messages.append(message)

    def raise_any(self) -> None:
        if self.messages:
            raise PatternFileError(self.messages)


# --- geometry shared by both readers --------------------------------------------------------


def _normalise_angle(degrees: float) -> float:
    angle = round(degrees % 360.0, 2)
    return 0.0 if angle >= 360.0 else angle


def _drop_closing_point(points: list[Point]) -> list[Point]:
    if len(points) > 1 and math.dist(points[0], points[-1]) < 1e-9:
        return points[:-1]
    return points


def _finish_outline(
    points: Sequence[Point], *, label: str, problems: _Problems
) -> tuple[tuple[Point, ...], float] | None:
    """Check a ring in mm and give it back normalised, with its area; None after a problem."""
    ring = _drop_closing_point([(float(x), float(y)) for x, y in points])
    if len(ring) < 3:
        problems.add(
            _("%(piece)s: the cut line needs at least 3 corners, it has %(count)s.")
            % {"piece": label, "count": len(ring)}
        )
        return None
    polygon = Polygon(ring)
    if polygon.convex_hull.area < MIN_AREA_MM2:  # every corner on one line
        problems.add(_("%(piece)s: the cut line encloses no area.") % {"piece": label})
        return None
    if not polygon.is_valid:
        reason = explain_validity(polygon)
        where = re.search(r"\[([-\d.e+]+) ([-\d.e+]+)\]", reason)
        if reason.lower().startswith(("self-intersection", "ring self-intersection")):
            if where:
                problems.add(
                    _("%(piece)s: the cut line crosses itself near (%(x)s, %(y)s) mm.")
                    % {
                        "piece": label,
                        "x": f"{float(where.group(1)):.1f}",
                        "y": f"{float(where.group(2)):.1f}",
                    }
                )
            else:
                problems.add(_("%(piece)s: the cut line crosses itself.") % {"piece": label})
        elif polygon.area < MIN_AREA_MM2:
            problems.add(_("%(piece)s: the cut line encloses no area.") % {"piece": label})
        else:
            problems.add(
                _("%(piece)s: the cut line is not a simple closed outline (%(reason)s).")
                % {"piece": label, "reason": reason}
            )
        return None
    if polygon.area < MIN_AREA_MM2:
        problems.add(_("%(piece)s: the cut line encloses no area.") % {"piece": label})
        return None
    polygon = orient(polygon.simplify(0.01, preserve_topology=True), sign=1.0)
    min_x, min_y, _max_x, _max_y = polygon.bounds
    coords = list(polygon.exterior.coords)[:-1]
    outline = tuple((round(x - min_x, 2), round(y - min_y, 2)) for x, y in coords)
    return outline, Polygon(outline).area


def _check_text(value: str, *, limit: int, what: str, label: str, problems: _Problems) -> str:
    value = value.strip()
    if not value:
        problems.add(_("%(piece)s: the %(what)s is empty.") % {"piece": label, "what": what})
    elif len(value) > limit:
        problems.add(
            _("%(piece)s: the %(what)s %(value)s is longer than %(limit)s characters.")
            % {"piece": label, "what": what, "value": value, "limit": limit}
        )
    return value


def _check_pieces(pieces: list[ParsedPiece], problems: _Problems) -> None:
    if not pieces:
        return
    seen: dict[tuple[str, str], str] = {}
    for piece in pieces:
        key = (piece.size, piece.name.casefold())
        if key in seen:
            problems.add(
                _("%(piece)s: size %(size)s already has a piece named %(name)s (%(first)s).")
                % {
                    "piece": piece.origin,
                    "size": piece.size,
                    "name": piece.name,
                    "first": seen[key],
                }
            )
        else:
            seen[key] = piece.origin


# --- quantity -------------------------------------------------------------------------------

_PAIR = re.compile(r"^\s*(\d+)\s*[,+]\s*(\d+)\s*$")
_COUNT = re.compile(r"^\s*(\d+)\b(.*)$", re.DOTALL)


def _parse_quantity(text: str, *, label: str, problems: _Problems) -> tuple[int, bool] | None:
    """`Quantity:` text -> (pieces per garment, mirrored pair)."""
    pair = _PAIR.match(text)
    if pair:
        plain, flipped = int(pair.group(1)), int(pair.group(2))
        if flipped and plain != flipped:
            problems.add(
                _(
                    "%(piece)s: quantity %(text)s has %(plain)s unflipped and %(flipped)s flipped "
                    "pieces; a mirrored pair needs as many of each."
                )
                % {"piece": label, "text": text.strip(), "plain": plain, "flipped": flipped}
            )
            return None
        return _check_quantity(plain + flipped, bool(flipped), label=label, problems=problems)
    count = _COUNT.match(text)
    if count is None:
        problems.add(
            _("%(piece)s: quantity %(text)s is not a whole number of pieces.")
            % {"piece": label, "text": text.strip() or "—"}
        )
        return None
    rest = count.group(2).strip().lower()
    if rest.startswith((".", ",")) and rest[1:2].isdigit():
        problems.add(
            _("%(piece)s: quantity %(text)s is not a whole number of pieces.")
            % {"piece": label, "text": text.strip()}
        )
        return None
    words = set(re.split(r"[\s(),;:]+", rest)) - {""}
    mirrored = bool(words & MIRROR_WORDS)
    return _check_quantity(int(count.group(1)), mirrored, label=label, problems=problems)


def _check_quantity(
    quantity: int, mirrored: bool, *, label: str, problems: _Problems
) -> tuple[int, bool] | None:
    if quantity < 1 or quantity > MAX_QUANTITY:
        problems.add(
            _("%(piece)s: quantity %(quantity)s must be a whole number from 1 to %(max)s.")
            % {"piece": label, "quantity": quantity, "max": MAX_QUANTITY}
        )
        return None
    if mirrored and quantity % 2:
        problems.add(
            _(
                "%(piece)s: a mirrored pair is cut left and right, so its quantity must be even "
                "(it is %(quantity)s)."
            )
            % {"piece": label, "quantity": quantity}
        )
        return None
    return quantity, mirrored


# --- polygon JSON ---------------------------------------------------------------------------


def parse_polygon_json(data: bytes | str | Mapping[str, Any]) -> ParsedPattern:
    """Read polygon JSON (bytes, text or an already decoded object)."""
    if isinstance(data, Mapping):
        document: Any = data
    else:
        try:
            document = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PatternFileError([_("This is not JSON: %(error)s.") % {"error": exc}]) from exc
    if not isinstance(document, Mapping):
        raise PatternFileError([_('The JSON must be an object with "units" and "pieces".')])
    problems = _Problems()
    units = document.get("units", "mm")
    if units not in ("mm", "cm", "in"):
        raise PatternFileError(
            [_('"units" must be "mm", "cm" or "in", not %(units)s.') % {"units": units}]
        )
    raw_pieces = document.get("pieces")
    if not isinstance(raw_pieces, list) or not raw_pieces:
        raise PatternFileError([_('"pieces" must be a list with at least one piece.')])
    if len(raw_pieces) > MAX_PIECES:
        raise PatternFileError([_("A pattern holds at most %(max)s pieces.") % {"max": MAX_PIECES}])
    scale = MM_PER[units]
    pieces: list[ParsedPiece] = []
    for index, raw in enumerate(raw_pieces, start=1):
        piece = _json_piece(index, raw, scale, problems)
        if piece is not None:
            pieces.append(piece)
    _check_pieces(pieces, problems)
    problems.raise_any()
    return ParsedPattern(source=POLYGONS, units=units, pieces=tuple(pieces))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _json_piece(index: int, raw: Any, scale: float, problems: _Problems) -> ParsedPiece | None:
    if not isinstance(raw, Mapping):
        problems.add(_("Piece %(index)s: must be an object.") % {"index": index})
        return None
    name = raw.get("name")
    label = (
        _("Piece %(index)s (%(name)s)") % {"index": index, "name": name}
        if isinstance(name, str) and name.strip()
        else _("Piece %(index)s") % {"index": index}
    )
    before = len(problems.messages)
    if not isinstance(name, str):
        problems.add(_("%(piece)s: the name is missing.") % {"piece": label})
        name = ""
    else:
        name = _check_text(name, limit=MAX_NAME, what=_("name"), label=label, problems=problems)
    size = raw.get("size")
    if isinstance(size, int) and not isinstance(size, bool):
        size = str(size)
    if not isinstance(size, str) or not size.strip():
        problems.add(_("%(piece)s: the size is missing.") % {"piece": label})
        size = ""
    else:
        size = _check_text(size, limit=MAX_SIZE, what=_("size"), label=label, problems=problems)
    outline = raw.get("outline")
    points: list[Point] = []
    if not isinstance(outline, list) or not all(
        isinstance(p, list | tuple) and len(p) == 2 and all(_is_number(v) for v in p)
        for p in outline
    ):
        problems.add(
            _("%(piece)s: the outline must be a list of [x, y] number pairs.") % {"piece": label}
        )
    else:
        points = [(float(x) * scale, float(y) * scale) for x, y in outline]
    grain = raw.get("grain_angle", 0.0)
    if not _is_number(grain):
        problems.add(_("%(piece)s: the grain angle must be a number.") % {"piece": label})
        grain = 0.0
    quantity = raw.get("quantity", 1)
    mirrored = raw.get("mirrored", False)
    if not isinstance(mirrored, bool):
        problems.add(_("%(piece)s: mirrored must be true or false.") % {"piece": label})
        mirrored = False
    checked: tuple[int, bool] | None = None
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        problems.add(
            _("%(piece)s: quantity %(text)s is not a whole number of pieces.")
            % {"piece": label, "text": quantity}
        )
    else:
        checked = _check_quantity(quantity, mirrored, label=label, problems=problems)
    finished = _finish_outline(points, label=label, problems=problems) if points else None
    if len(problems.messages) > before or finished is None or checked is None:
        return None
    ring, area = finished
    return ParsedPiece(
        name=name,
        size=size,
        outline=ring,
        grain_angle=_normalise_angle(float(grain)),
        quantity=checked[0],
        mirrored=checked[1],
        area_mm2=area,
        origin=label,
    )


# --- DXF-AAMA / ASTM D6673 ------------------------------------------------------------------


def parse_dxf(data: bytes) -> ParsedPattern:
    """Read a DXF-AAMA / ASTM D6673 pattern export (see the module's notes)."""
    doc = _read_dxf(data)
    modelspace = doc.modelspace()
    style_text = _texts(e for e in modelspace if e.dxftype() != "INSERT")
    inserts = list(modelspace.query("INSERT"))
    blocks = [(insert.dxf.name, list(_expand(insert, 0))) for insert in inserts]
    if not blocks:
        raise PatternFileError(
            [_("The DXF file has no pattern pieces: no blocks are inserted in its model space.")]
        )
    if len(blocks) > MAX_PIECES:
        raise PatternFileError([_("A pattern holds at most %(max)s pieces.") % {"max": MAX_PIECES}])
    block_texts = [_texts(entities) for _name, entities in blocks]
    units = _dxf_units(doc, style_text, block_texts)
    scale = MM_PER[units]
    sample_size = style_text.get("sample size", "")
    if not sample_size and not any(texts.get("size") for texts in block_texts):
        raise PatternFileError(
            [_("The file has no sizes: no piece has a Size text and no Sample Size is given.")]
        )
    problems = _Problems()
    pieces: list[ParsedPiece] = []
    counts: dict[str, int] = {}
    for (block_name, entities), texts in zip(blocks, block_texts, strict=True):
        counts[block_name] = counts.get(block_name, 0) + 1
        label = _("Block %(block)s") % {"block": block_name}
        if counts[block_name] > 1:
            label = _("Block %(block)s (insert %(n)s)") % {
                "block": block_name,
                "n": counts[block_name],
            }
        piece = _dxf_piece(block_name, label, entities, texts, scale, sample_size, problems)
        if piece is not None:
            pieces.append(piece)
    _check_pieces(pieces, problems)
    problems.raise_any()
    return ParsedPattern(source=DXF_AAMA, units=units, pieces=tuple(pieces))


def _read_dxf(data: bytes) -> Any:
    import ezdxf
    from ezdxf import recover

    not_dxf = _("This is not a DXF file; export the pattern as DXF-AAMA or ASTM D6673.")
    head = data[:4096].upper()
    if not data.strip() or (b"SECTION" not in head and not head.startswith(b"AUTOCAD BINARY")):
        raise PatternFileError([not_dxf])
    try:
        doc, _auditor = recover.read(io.BytesIO(data))
    except (ezdxf.DXFStructureError, ezdxf.DXFError, UnicodeDecodeError, ValueError) as exc:
        raise PatternFileError([not_dxf]) from exc
    return doc


def _expand(insert: Any, depth: int) -> Iterator[Any]:
    """The entities of an inserted block, placed as the insert places them."""
    try:
        entities = list(insert.virtual_entities())
    except Exception:  # noqa: BLE001 - ezdxf raises many kinds for odd inserts; skip them
        return
    for entity in entities:
        if entity.dxftype() == "INSERT":
            if depth < MAX_INSERT_DEPTH:
                yield from _expand(entity, depth + 1)
        else:
            yield entity


def _text_lines(entity: Any) -> list[str]:
    kind = entity.dxftype()
    if kind == "TEXT":
        return [str(entity.dxf.text)]
    if kind == "MTEXT":
        return entity.plain_text().splitlines()
    if kind in ("ATTRIB", "ATTDEF"):
        return [str(entity.dxf.text)]
    return []


def _texts(entities: Iterable[Any]) -> dict[str, str]:
    """`Key: value` texts by lower-case key (the first of each key wins)."""
    found: dict[str, str] = {}
    for entity in entities:
        for line in _text_lines(entity):
            key, sep, value = line.partition(":")
            if sep:
                found.setdefault(" ".join(key.lower().split()), value.strip())
    return found


def _dxf_units(doc: Any, style_text: dict[str, str], block_texts: list[dict[str, str]]) -> str:
    word = style_text.get("units")
    if word is None:
        word = next((t["units"] for t in block_texts if "units" in t), None)
    if word is not None:
        unit = UNIT_WORDS.get(word.strip().lower())
        if unit is None:
            raise PatternFileError(
                [
                    _("Units %(units)s are not known; write METRIC (mm), CM or ENGLISH (inch).")
                    % {"units": word}
                ]
            )
        return unit
    code = doc.header.get("$INSUNITS", 0)
    return INSUNITS.get(int(code or 0), "mm")


def _layer(entity: Any) -> str:
    return str(entity.dxf.get("layer", "")).strip().lower()


def _polyline_points(entity: Any, scale: float) -> list[Point]:
    from ezdxf import path as dxf_path

    tolerance = CURVE_TOLERANCE_MM / scale
    path = dxf_path.make_path(entity)
    return [(v.x * scale, v.y * scale) for v in path.flattening(tolerance)]


def _is_closed(entity: Any) -> bool:
    kind = entity.dxftype()
    if kind == "LWPOLYLINE":
        return bool(entity.closed)
    if kind == "POLYLINE":
        return bool(entity.is_closed)
    return False


def _dxf_piece(
    block_name: str,
    label: str,
    entities: list[Any],
    texts: dict[str, str],
    scale: float,
    sample_size: str,
    problems: _Problems,
) -> ParsedPiece | None:
    before = len(problems.messages)
    name = texts.get("piece name") or block_name
    if name.casefold() not in block_name.casefold():
        label = f"{label} ({name})"
    name = _check_text(name, limit=MAX_NAME, what=_("piece name"), label=label, problems=problems)
    size = texts.get("size") or sample_size
    if not size:
        problems.add(
            _("%(piece)s: no Size text, so the piece belongs to no size.") % {"piece": label}
        )
    else:
        size = _check_text(size, limit=MAX_SIZE, what=_("size"), label=label, problems=problems)
    quantity = _parse_quantity(texts.get("quantity", "1"), label=label, problems=problems)
    ring = _cut_line(entities, scale, label, problems)
    grain = _grain_angle(entities, scale)
    fold = _line_on(entities, MIRROR_LAYERS, scale)
    if ring is not None and fold is not None:
        ring = _unfold(ring, fold, label, problems)
    finished = _finish_outline(ring, label=label, problems=problems) if ring else None
    if len(problems.messages) > before or finished is None or quantity is None:
        return None
    outline, area = finished
    return ParsedPiece(
        name=name,
        size=size,
        outline=outline,
        grain_angle=grain,
        quantity=quantity[0],
        mirrored=quantity[1],
        area_mm2=area,
        origin=label,
    )


_CURVES = ("LWPOLYLINE", "POLYLINE", "LINE", "ARC", "SPLINE")


def _cut_line(
    entities: list[Any], scale: float, label: str, problems: _Problems
) -> list[Point] | None:
    """The closed cut line on layer 1, in mm, as one ring (closing point dropped)."""
    boundary = [e for e in entities if _layer(e) in BOUNDARY_LAYERS and e.dxftype() in _CURVES]
    if not boundary:
        problems.add(_("%(piece)s: no cut line on layer 1.") % {"piece": label})
        return None
    closed = [e for e in boundary if _is_closed(e)]
    if closed:
        # The outer cut line is the largest closed one; smaller ones are internal cut-outs.
        rings = [_drop_closing_point(_polyline_points(e, scale)) for e in closed]
        return max(rings, key=lambda r: abs(_shoelace(r)) if len(r) >= 3 else 0.0)
    segments = [_polyline_points(e, scale) for e in boundary]
    ring = _join(segments)
    if ring is None:
        problems.add(
            _("%(piece)s: the cut line on layer 1 is not closed; its ends do not meet.")
            % {"piece": label}
        )
    return ring


def _shoelace(ring: Sequence[Point]) -> float:
    return 0.5 * sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True)
    )


def _join(segments: list[list[Point]]) -> list[Point] | None:
    """Chain open segments end to end into one closed ring, or None if they do not close."""
    pending = [s for s in segments if len(s) >= 2]
    if not pending:
        return None
    chain = list(pending.pop(0))
    while pending:
        end = chain[-1]
        found = next(
            (
                (index, forward)
                for index, segment in enumerate(pending)
                for forward in (True, False)
                if math.dist(end, segment[0] if forward else segment[-1]) <= JOIN_TOLERANCE_MM
            ),
            None,
        )
        if found is None:
            return None
        segment = pending.pop(found[0])
        chain.extend((segment if found[1] else segment[::-1])[1:])
    if math.dist(chain[0], chain[-1]) > JOIN_TOLERANCE_MM:
        return None
    return chain[:-1]


def _line_on(entities: list[Any], layers: set[str], scale: float) -> tuple[Point, Point] | None:
    for entity in entities:
        if _layer(entity) in layers and entity.dxftype() in _CURVES:
            points = _polyline_points(entity, scale)
            if len(points) >= 2 and math.dist(points[0], points[-1]) > 1e-6:
                return points[0], points[-1]
    return None


def _grain_angle(entities: list[Any], scale: float) -> float:
    line = _line_on(entities, GRAIN_LAYERS, scale)
    if line is None:
        return 0.0
    (x1, y1), (x2, y2) = line
    return _normalise_angle(math.degrees(math.atan2(y2 - y1, x2 - x1)))


def _unfold(
    ring: list[Point], fold: tuple[Point, Point], label: str, problems: _Problems
) -> list[Point] | None:
    """The full outline of a half piece cut on the fold: the half and its mirror image."""
    (ax, ay), (bx, by) = fold
    length = math.hypot(bx - ax, by - ay)
    ux, uy = (bx - ax) / length, (by - ay) / length

    def distance(p: Point) -> float:
        return abs((p[0] - ax) * uy - (p[1] - ay) * ux)

    def reflect(p: Point) -> Point:
        t = (p[0] - ax) * ux + (p[1] - ay) * uy
        fx, fy = ax + t * ux, ay + t * uy
        return (2 * fx - p[0], 2 * fy - p[1])

    on = [distance(p) <= FOLD_TOLERANCE_MM for p in ring]
    n = len(ring)
    # The half's outline must leave the fold once and come back once.
    starts = [i for i in range(n) if on[i] and not on[(i + 1) % n]]
    if n < 3 or len(starts) != 1 or all(on):
        problems.add(
            _(
                "%(piece)s: the mirror line on layer 6 does not run along the cut line, so the "
                "half piece cannot be unfolded."
            )
            % {"piece": label}
        )
        return None
    start = starts[0]
    half = [ring[start]]
    i = (start + 1) % n
    while not on[i]:
        half.append(ring[i])
        i = (i + 1) % n
    half.append(ring[i])
    if i == start or math.dist(half[0], half[-1]) < FOLD_TOLERANCE_MM:
        problems.add(
            _(
                "%(piece)s: the half piece touches its mirror line at one point only, so it "
                "cannot be unfolded."
            )
            % {"piece": label}
        )
        return None
    # Snap both fold corners onto the line so the halves meet exactly.
    half[0] = _project(half[0], (ax, ay), (ux, uy))
    half[-1] = _project(half[-1], (ax, ay), (ux, uy))
    mirror = [reflect(p) for p in reversed(half[1:-1])]
    return [*half, *mirror]


def _project(p: Point, a: Point, u: Point) -> Point:
    t = (p[0] - a[0]) * u[0] + (p[1] - a[1]) * u[1]
    return (a[0] + t * u[0], a[1] + t * u[1])


# --- either ---------------------------------------------------------------------------------


def parse_pattern_file(file_name: str, data: bytes) -> ParsedPattern:
    """Polygon JSON when the name ends in .json or the data is a JSON object, else DXF."""
    if file_name.lower().endswith(".json") or data.lstrip()[:1] == b"{":
        return parse_polygon_json(data)
    return parse_dxf(data)
