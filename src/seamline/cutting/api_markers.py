"""Markers over JSON, under /api/v1/cutting/: queue one, follow it, stop it, download it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.catalog.models import Pattern, Size
from seamline.cutting import markers
from seamline.cutting.models import Marker
from seamline.cutting.schemas_markers import MarkerFilters, MarkerIn, MarkerOut
from seamline.cutting.selectors import GridSizes
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["markers"])
router.add_decorator(rows_first({"marker_id": Marker}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _ratio(pattern: Pattern, ratios: dict[str, int]) -> dict[Size, int]:
    """Read the keys of `ratios` as sizes of the pattern's grid: a size code or a size id."""
    grid = GridSizes(pattern.style.size_grid_id)
    ratio: dict[Size, int] = {}
    errors: list[str] = []
    for key, count in ratios.items():
        size = grid.find(key)
        if size is None:
            errors.append(_("Size %(size)s is not in this style's size grid.") % {"size": key})
            continue
        ratio[size] = count
    if errors:
        raise ValidationError({"ratios": errors})
    return ratio


@router.get("/markers", response=list[MarkerOut], url_name="cutting_marker_list")
@paginate(LimitOffsetPagination, max_limit=200)
def marker_list(request: HttpRequest, filters: Query[MarkerFilters]) -> Any:
    """Markers, newest first; filter by pattern and fabric width."""
    api_require(request, Perm.CUTTING_VIEW)
    return markers.marker_list(**filters.dict())


@router.post("/markers", response={201: MarkerOut}, url_name="cutting_marker_create")
def marker_create(request: HttpRequest, payload: MarkerIn) -> Any:
    """Queue a marker: the pattern's pieces of the ratio nested on the fabric width, in the
    background. Poll GET markers/{id} for its progress."""
    api_require(request, Perm.CUTTING_EDIT)
    pattern = Pattern.objects.select_related("style").filter(pk=payload.pattern_id).first()
    if pattern is None:
        raise ValidationError({"pattern_id": _("There is no such pattern.")})
    try:
        marker = markers.marker_create(
            pattern=pattern,
            ratio=_ratio(pattern, payload.ratios),
            fabric_width_mm=payload.fabric_width_mm,
            direction=payload.direction,
            spacing_mm=payload.spacing_mm,
            time_limit_s=payload.time_limit_s,
            by=request.user,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "ratio" in exc.error_dict:
            errors = dict(exc.error_dict)
            errors["ratios"] = errors.pop("ratio")
            raise ValidationError(errors) from exc
        raise
    return Status(201, markers.marker_get(marker_id=marker.pk))


@router.get("/markers/{marker_id}", response=MarkerOut, url_name="cutting_marker_get")
def marker_get(request: HttpRequest, marker_id: int) -> Any:
    """Status, phase, the best length and efficiency so far, the ratio and placements."""
    api_require(request, Perm.CUTTING_VIEW)
    return markers.marker_get(marker_id=marker_id)


@router.post("/markers/{marker_id}/stop", response=MarkerOut, url_name="cutting_marker_stop")
def marker_stop(request: HttpRequest, marker_id: int) -> Any:
    """A queued marker stops at once; a running one stops shortly, keeping its best so far."""
    api_require(request, Perm.CUTTING_EDIT)
    marker = markers.marker_stop(marker=markers.marker_get(marker_id=marker_id), by=request.user)
    return markers.marker_get(marker_id=marker.pk)


def _file(marker_id: int, kind: str) -> HttpResponse:
    file = markers.marker_file(markers.marker_get(marker_id=marker_id), kind)
    if file is None:
        raise HttpError(409, _("This marker has no finished nesting to download yet."))
    return file.download()


@router.get("/markers/{marker_id}/svg", url_name="cutting_marker_svg")
def marker_svg_file(request: HttpRequest, marker_id: int) -> HttpResponse:
    """The marker as a picture (SVG) with piece labels."""
    api_require(request, Perm.CUTTING_VIEW)
    return _file(marker_id, "svg")


@router.get("/markers/{marker_id}/pdf", url_name="cutting_marker_pdf")
def marker_pdf_file(request: HttpRequest, marker_id: int) -> HttpResponse:
    """The marker as a PDF at true scale (1 mm = 1 mm), for a plotter."""
    api_require(request, Perm.CUTTING_VIEW)
    return _file(marker_id, "pdf")


@router.get("/markers/{marker_id}/dxf", url_name="cutting_marker_dxf")
def marker_dxf_file(request: HttpRequest, marker_id: int) -> HttpResponse:
    """The marker as DXF in mm: one closed polyline per piece, with its label."""
    api_require(request, Perm.CUTTING_VIEW)
    return _file(marker_id, "dxf")
