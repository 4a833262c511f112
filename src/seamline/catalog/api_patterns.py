"""Patterns over JSON, under /api/v1/catalog/: a style's patterns, a pattern with its pieces,
importing polygon JSON or a DXF-AAMA / ASTM D6673 file, deleting."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status, UploadedFile

from seamline.catalog import patterns, selectors
from seamline.catalog.models import Pattern, Style
from seamline.catalog.schemas_patterns import PatternDetailOut, PatternIn, PatternOut
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["patterns"])
# Another tenant's style or pattern is a 404 before the body is read; a service's refusal is a
# 422 with one entry per problem of the file (`loc` ["body", "file"]).
router.add_decorator(rows_first({"style_id": Style, "pattern_id": Pattern}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _pattern_out(pattern: Pattern) -> dict[str, Any]:
    by_size = patterns.pieces_by_size(pattern)
    pieces = [piece for size_pieces in by_size.values() for piece in size_pieces]
    return {
        "id": pattern.pk,
        "style_id": pattern.style_id,
        "name": pattern.name,
        "source": pattern.source,
        "file_name": pattern.file_name,
        "note": pattern.note,
        "created_at": pattern.created_at,
        "size_count": len(by_size),
        "piece_count": len(pieces),
        "sizes": list(by_size),
        "garment_area_mm2": {
            code: float(sum(p.area_mm2 * p.quantity for p in size_pieces))
            for code, size_pieces in by_size.items()
        },
        "pieces": [
            {
                "id": piece.pk,
                "size": piece.size.code,
                "name": piece.name,
                "outline": piece.outline,
                "grain_angle": piece.grain_angle,
                "quantity": piece.quantity,
                "mirrored": piece.mirrored,
                "area_mm2": piece.area_mm2,
            }
            for piece in pieces
        ],
    }


@router.get("/styles/{style_id}/patterns", response=list[PatternOut], url_name="pattern_list")
def pattern_list(request: HttpRequest, style_id: int) -> Any:
    """The style's patterns, newest first (the newest is the one markers use by default)."""
    api_require(request, Perm.CATALOG_VIEW)
    return list(patterns.pattern_list(selectors.style_get(style_id=style_id)))


@router.post(
    "/styles/{style_id}/patterns", response={201: PatternDetailOut}, url_name="pattern_create"
)
def pattern_create(request: HttpRequest, style_id: int, payload: PatternIn) -> Status[Any]:
    """Import a pattern given as polygon JSON. Every piece is written or none; a pattern of
    the same name is replaced unless markers use it. Each problem is one 422 entry."""
    api_require(request, Perm.CATALOG_EDIT)
    style = selectors.style_get(style_id=style_id)
    pattern = patterns.pattern_import_polygons(
        style=style,
        name=payload.name,
        document=payload.dict(exclude={"name"}),
        by=request.user,
    )
    return Status(201, _pattern_out(pattern))


@router.post(
    "/styles/{style_id}/patterns/upload",
    response={201: PatternDetailOut},
    url_name="pattern_upload",
)
def pattern_upload(
    request: HttpRequest, style_id: int, name: Form[str], file: File[UploadedFile]
) -> Status[Any]:
    """Import a DXF-AAMA / ASTM D6673 file (or polygon JSON) sent as multipart form data with
    the fields `name` and `file`."""
    api_require(request, Perm.CATALOG_EDIT)
    style = selectors.style_get(style_id=style_id)
    pattern = patterns.pattern_import(
        style=style,
        name=name,
        file_name=file.name or "",
        data=file.read(patterns.MAX_FILE_BYTES + 1),
        by=request.user,
    )
    return Status(201, _pattern_out(pattern))


@router.get("/patterns/{pattern_id}", response=PatternDetailOut, url_name="pattern_get")
def pattern_get(request: HttpRequest, pattern_id: int) -> dict[str, Any]:
    """A pattern with its pieces (sizes in grid order) and each size's garment area."""
    api_require(request, Perm.CATALOG_VIEW)
    return _pattern_out(patterns.pattern_get(pattern_id=pattern_id))


@router.delete("/patterns/{pattern_id}", response={204: None}, url_name="pattern_delete")
def pattern_delete(request: HttpRequest, pattern_id: int) -> Status[None]:
    """Delete a pattern and its pieces; refused (422) while markers use it."""
    api_require(request, Perm.CATALOG_EDIT)
    patterns.pattern_delete(pattern=patterns.pattern_get(pattern_id=pattern_id), by=request.user)
    return Status(204, None)
