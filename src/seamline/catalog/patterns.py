"""A style's patterns: importing them (every piece or none), deleting them, and the reads the
pattern pages and the cutting room share (pieces per size, garment areas, piece drawings)."""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, ProtectedError, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import Polygon

from seamline.catalog.choices import PatternSource
from seamline.catalog.errors import CatalogErrorCode
from seamline.catalog.models import Pattern, PatternPiece, Size, Style
from seamline.catalog.pattern_files import (
    DXF_AAMA,
    ParsedPattern,
    PatternFileError,
    parse_pattern_file,
    parse_polygon_json,
)
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.services import audit_record

MAX_FILE_BYTES = 20 * 1024 * 1024
UNIT_NAMES = {"mm": "mm", "cm": "cm", "in": "inch"}


class PatternErrorCode(enum.StrEnum):
    BAD_FILE = "bad_pattern_file"
    FILE_TOO_BIG = "pattern_file_too_big"
    IN_USE = CatalogErrorCode.IN_USE.value
    SIZE_NOT_OF_STYLE = CatalogErrorCode.SIZE_NOT_OF_STYLE.value


# --- services -------------------------------------------------------------------------------


def pattern_import(*, style: Style, name: str, file_name: str, data: bytes, by: Any) -> Pattern:
    """Read a DXF-AAMA / ASTM D6673 file or polygon JSON into the style's pattern `name`.

    All pieces are written or none. A pattern of the same name is replaced, piece by piece,
    unless markers were made from it. Every problem of the file is reported at once, on the
    `file` field; a size outside the style's size grid is one of them.
    """
    name = _clean_name(name)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20},
                    code=PatternErrorCode.FILE_TOO_BIG,
                )
            }
        )
    try:
        parsed = parse_pattern_file(file_name, data)
    except PatternFileError as exc:
        raise _file_errors(exc.messages) from exc
    return _pattern_save(style=style, name=name, file_name=file_name, parsed=parsed, by=by)


def pattern_import_polygons(
    *, style: Style, name: str, document: Mapping[str, Any], by: Any
) -> Pattern:
    """Polygon JSON already decoded (the API's body): the same rules as `pattern_import`."""
    name = _clean_name(name)
    try:
        parsed = parse_polygon_json(document)
    except PatternFileError as exc:
        raise _file_errors(exc.messages) from exc
    return _pattern_save(style=style, name=name, file_name="", parsed=parsed, by=by)


@transaction.atomic
def pattern_delete(*, pattern: Pattern, by: Any) -> None:
    audit_record(actor=by, action="pattern.delete", obj=pattern, summary=str(pattern))
    try:
        with transaction.atomic():
            pattern.delete()
    except ProtectedError as exc:
        raise _in_use(pattern) from exc


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the pattern a name.")})
    if len(name) > Pattern._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError({"name": _("The name is too long.")})
    return name


def _file_errors(messages: list[str]) -> ValidationError:
    return ValidationError(
        {"file": [ValidationError(m, code=PatternErrorCode.BAD_FILE) for m in messages]}
    )


def _in_use(pattern: Pattern) -> ValidationError:
    return ValidationError(
        _(
            "Pattern %(pattern)s is used by markers; delete those markers first, or import the "
            "new pieces under another name."
        )
        % {"pattern": pattern.name},
        code=PatternErrorCode.IN_USE,
    )


def _match_sizes(style: Style, parsed: ParsedPattern) -> dict[str, Size]:
    """The style's size for every size code of the file (exact, else ignoring case)."""
    grid = list(Size.objects.filter(grid_id=style.size_grid_id).order_by("position"))
    exact = {size.code: size for size in grid}
    folded: dict[str, list[Size]] = {}
    for size in grid:
        folded.setdefault(size.code.casefold(), []).append(size)
    found: dict[str, Size] = {}
    errors = []
    for code in parsed.sizes:
        size = exact.get(code)
        if size is None and len(folded.get(code.casefold(), [])) == 1:
            size = folded[code.casefold()][0]
        if size is None:
            where = ", ".join(p.origin for p in parsed.pieces if p.size == code)
            errors.append(
                ValidationError(
                    _(
                        "Size %(size)s (%(where)s) is not in the size grid of style %(style)s "
                        "(%(grid)s)."
                    )
                    % {
                        "size": code,
                        "where": where,
                        "style": style.code,
                        "grid": " · ".join(s.code for s in grid),
                    },
                    code=PatternErrorCode.SIZE_NOT_OF_STYLE,
                )
            )
        else:
            found[code] = size
    if errors:
        raise ValidationError({"file": errors})
    return found


@transaction.atomic
def _pattern_save(
    *, style: Style, name: str, file_name: str, parsed: ParsedPattern, by: Any
) -> Pattern:
    sizes = _match_sizes(style, parsed)
    source = PatternSource.DXF_AAMA if parsed.source == DXF_AAMA else PatternSource.POLYGONS
    note = ""
    if parsed.units != "mm":
        note = _("Drawn in %(units)s; kept in mm.") % {"units": UNIT_NAMES[parsed.units]}
    file_name = file_name.strip()[-200:]
    pattern = Pattern.objects.select_for_update().filter(style=style, name=name).first()
    replaced = pattern is not None
    if pattern is not None:
        if pattern.markers.exists():
            raise _in_use(pattern)
        PatternPiece.objects.filter(pattern=pattern).delete()
        pattern.source, pattern.file_name, pattern.note = source, file_name, note
        pattern.created_by, pattern.created_at = signed_in_user(by), timezone.now()
        pattern.full_clean(validate_unique=False)
        pattern.save(update_fields=["source", "file_name", "note", "created_by", "created_at"])
    else:
        pattern = Pattern(
            tenant=style.tenant,
            style=style,
            name=name,
            source=source,
            file_name=file_name,
            note=note,
            created_by=signed_in_user(by),
        )
        pattern.full_clean()
        pattern.save()
    pieces = []
    for parsed_piece in parsed.pieces:
        piece = PatternPiece(
            tenant=style.tenant,
            pattern=pattern,
            size=sizes[parsed_piece.size],
            name=parsed_piece.name,
            outline=[[x, y] for x, y in parsed_piece.outline],
            grain_angle=parsed_piece.grain_angle,
            quantity=parsed_piece.quantity,
            mirrored=parsed_piece.mirrored,
            area_mm2=round(parsed_piece.area_mm2),
        )
        # Names are unique per size already (the reader checks); the constraint stands guard.
        piece.full_clean(validate_unique=False, validate_constraints=False)
        pieces.append(piece)
    PatternPiece.objects.bulk_create(pieces)
    audit_record(
        actor=by,
        action="pattern.replace" if replaced else "pattern.import",
        obj=pattern,
        summary=str(pattern),
        data={"pieces": len(pieces), "sizes": parsed.sizes, "file": file_name},
    )
    return pattern


# --- selectors ------------------------------------------------------------------------------


def pattern_list(style: Style) -> QuerySet[Pattern]:
    """The style's patterns, newest first, with their piece and size counts."""
    return (
        Pattern.objects.filter(style=style)
        .select_related("created_by")
        .annotate(piece_count=Count("pieces"), size_count=Count("pieces__size", distinct=True))
        .order_by("-created_at", "-pk")
    )


def pattern_get(*, pattern_id: int) -> Pattern:
    return get_object_or_404(
        Pattern.objects.select_related("style", "style__size_grid", "created_by"), pk=pattern_id
    )


def pattern_for_style(style: Style) -> Pattern | None:
    """The style's newest pattern: the one a marker is made from unless another is chosen."""
    return Pattern.objects.filter(style=style).order_by("-created_at", "-pk").first()


def pieces_by_size(pattern: Pattern) -> dict[str, list[PatternPiece]]:
    """Size code -> its pieces by name, sizes in the size grid's order."""
    grouped: dict[str, list[PatternPiece]] = {}
    pieces = (
        PatternPiece.objects.filter(pattern=pattern)
        .select_related("size")
        .order_by("size__position", "name")
    )
    for piece in pieces:
        grouped.setdefault(piece.size.code, []).append(piece)
    return grouped


def garment_area_by_size(pattern: Pattern) -> dict[str, float]:
    """Size code -> mm² of fabric one garment's pieces cover (area × quantity, summed)."""
    rows = (
        PatternPiece.objects.filter(pattern=pattern)
        .values("size__code", "size__position")
        .annotate(total=Sum(F("area_mm2") * F("quantity")))
        .order_by("size__position")
    )
    return {row["size__code"]: float(row["total"]) for row in rows}


# --- drawings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PieceDrawing:
    """What an SVG of one piece needs, in the piece's mm with y pointing down."""

    view_box: str
    points: str
    grain: tuple[float, float, float, float]  # x1 y1 x2 y2, the arrow's head at x2 y2
    label_x: float
    label_y: float
    font_size: float
    width_mm: float
    height_mm: float


def piece_drawing(
    outline: list[list[float]], grain_angle: float, *, font_size: float | None = None
) -> PieceDrawing:
    """The SVG parts of a piece; `font_size` in mm (pictures drawn at one scale share it)."""
    polygon = Polygon(outline)
    min_x, min_y, max_x, max_y = polygon.bounds
    width, height = max_x - min_x, max_y - min_y
    pad = 0.04 * max(width, height, 1.0)

    def flip(x: float, y: float) -> tuple[float, float]:
        return round(x - min_x, 1), round(max_y - y, 1)

    points = " ".join("{},{}".format(*flip(x, y)) for x, y in outline)
    inside = polygon.representative_point()
    cx, cy = flip(inside.x, inside.y)
    dx, dy = math.cos(math.radians(grain_angle)), -math.sin(math.radians(grain_angle))
    reach = [((x - min_x) - cx) * dx + ((max_y - y) - cy) * dy for x, y in outline]
    font = font_size or round(max(min(width, height) * 0.08, max(width, height) * 0.03, 4.0), 1)
    # The arrow runs through the middle of the piece along the grain, just off the label.
    ox, oy = -dy * font * 1.2, dx * font * 1.2
    start, end = 0.6 * min(reach), 0.6 * max(reach)
    grain = (
        round(cx + ox + start * dx, 1),
        round(cy + oy + start * dy, 1),
        round(cx + ox + end * dx, 1),
        round(cy + oy + end * dy, 1),
    )
    return PieceDrawing(
        view_box=f"{-pad:.1f} {-pad:.1f} {width + 2 * pad:.1f} {height + 2 * pad:.1f}",
        points=points,
        grain=grain,
        label_x=cx,
        label_y=cy,
        font_size=font,
        width_mm=round(width, 1),
        height_mm=round(height, 1),
    )
