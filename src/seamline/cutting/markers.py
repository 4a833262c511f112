"""Markers: queue a size ratio for nesting on a fabric width, stop it, and read the results.

The nesting itself runs in the background (`marker_runner`), never inside a web request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seamline.catalog.models import Pattern, PatternPiece, Size
from seamline.cutting.choices import FabricDirection, MarkerStatus
from seamline.cutting.models import Marker, MarkerRatio
from seamline.engines.nesting import (
    Direction,
    NestingProblem,
    Piece,
    marker_dxf,
    marker_pdf,
    marker_svg,
)
from seamline.engines.nesting import Marker as Nested
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

MIN_WIDTH_MM, MAX_WIDTH_MM = 300, 4000
MIN_TIME_S, MAX_TIME_S = 2, 1800
MAX_RATIO = 50
# Still nesting: the page polls for progress and the planner may stop it.
ACTIVE_STATUSES = frozenset({MarkerStatus.QUEUED, MarkerStatus.RUNNING})
# Finished with a marker the cutter can follow (a stopped one keeps its best so far).
NESTED_STATUSES = frozenset({MarkerStatus.DONE, MarkerStatus.STOPPED})

RatioKey = tuple[tuple[str, int], ...]

NO_GARMENTS = gettext_lazy("A marker holds at least one garment: give a size a ratio of 1 or more.")


# --- services ----------------------------------------------------------------------------


def _check_ratio(pattern: Pattern, ratio: Mapping[Size, int]) -> dict[Size, int]:
    """The sizes with garments, in grid order; every error names its size."""
    errors: list[str] = []
    grid_id = pattern.style.size_grid_id
    with_pieces = set(
        PatternPiece.objects.filter(pattern=pattern).values_list("size_id", flat=True).distinct()
    )
    kept: dict[Size, int] = {}
    for size, count in ratio.items():
        if size.grid_id != grid_id:
            errors.append(_("Size %(size)s is not in this style's size grid.") % {"size": size})
            continue
        if count is None or isinstance(count, bool) or not isinstance(count, int):
            errors.append(_("The ratio of size %(size)s must be a whole number.") % {"size": size})
            continue
        if not 0 <= count <= MAX_RATIO:
            errors.append(
                _("The ratio of size %(size)s must be 0 to %(max)d.")
                % {"size": size, "max": MAX_RATIO}
            )
            continue
        if count and size.pk not in with_pieces:
            errors.append(
                _("The pattern has no pieces of size %(size)s; import them first.") % {"size": size}
            )
            continue
        if count:
            kept[size] = count
    if not errors and not kept:
        errors.append(str(NO_GARMENTS))
    if errors:
        raise ValidationError({"ratio": errors})
    return dict(sorted(kept.items(), key=lambda item: item[0].position))


def _check_settings(
    fabric_width_mm: Any, direction: Any, spacing_mm: Any, time_limit_s: Any
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if (
        isinstance(fabric_width_mm, bool)
        or not isinstance(fabric_width_mm, int)
        or not MIN_WIDTH_MM <= fabric_width_mm <= MAX_WIDTH_MM
    ):
        errors["fabric_width_mm"] = [
            _("The fabric width is %(min)d to %(max)d mm, between the selvedges.")
            % {"min": MIN_WIDTH_MM, "max": MAX_WIDTH_MM}
        ]
    if direction not in FabricDirection.values:
        errors["direction"] = [
            _("The fabric direction is one of: %(choices)s.")
            % {"choices": ", ".join(FabricDirection.values)}
        ]
    try:
        spacing = Decimal(str(spacing_mm))
    except (InvalidOperation, ValueError):
        spacing = Decimal("-1")
    if not spacing.is_finite() or not Decimal("0") <= spacing <= Decimal("50"):
        errors["spacing_mm"] = [_("The spacing between pieces is 0 to 50 mm.")]
    if (
        isinstance(time_limit_s, bool)
        or not isinstance(time_limit_s, int)
        or not MIN_TIME_S <= time_limit_s <= MAX_TIME_S
    ):
        errors["time_limit_s"] = [
            _("The time budget is %(min)d to %(max)d seconds.")
            % {"min": MIN_TIME_S, "max": MAX_TIME_S}
        ]
    return errors


def build_problem(
    *,
    pattern_id: int,
    garments: Mapping[int, int],
    fabric_width_mm: int,
    direction: str,
    spacing_mm: Decimal,
) -> NestingProblem:
    """The engine's problem: every piece of the sizes in `garments` (size id -> garments),
    quantity x garments of its size, named and labelled "M Front". Raises ValueError with
    the engine's reason when the pieces cannot be nested (a piece wider than the fabric)."""
    rows = (
        PatternPiece.objects.filter(pattern_id=pattern_id, size_id__in=list(garments))
        .select_related("size")
        .order_by("size__position", "name", "pk")
    )
    pieces = []
    for row in rows:
        name = f"{row.size.code} {row.name}"
        pieces.append(
            Piece(
                id=name,
                # As stored ([[x, y], ...]): the engine reads it and names a bad one.
                outline=row.outline,
                quantity=row.quantity * garments[row.size_id],
                mirrored=row.mirrored,
                grain_angle=float(row.grain_angle),
                label=name,
            )
        )
    if not pieces:
        raise ValueError(_("The pattern has no pieces of this marker's sizes."))
    return NestingProblem(
        pieces=tuple(pieces),
        width=float(fabric_width_mm),
        direction=Direction(direction),
        spacing=float(spacing_mm),
    )


def nesting_problem(marker: Marker) -> NestingProblem:
    """The problem of a saved marker, from its pattern and ratios."""
    return build_problem(
        pattern_id=marker.pattern_id,
        garments={r.size_id: r.ratio for r in marker.ratios.all() if r.ratio},
        fabric_width_mm=marker.fabric_width_mm,
        direction=marker.direction,
        spacing_mm=marker.spacing_mm,
    )


@transaction.atomic
def marker_create(
    *,
    pattern: Pattern,
    ratio: Mapping[Size, int],
    fabric_width_mm: int,
    direction: str,
    spacing_mm: Decimal,
    time_limit_s: int,
    by: Any,
) -> Marker:
    """Queue a marker: the pattern's pieces of `ratio` (size -> garments) on a fabric width.

    Sizes with 0 garments are left out. The background runner nests it.
    """
    errors = _check_settings(fabric_width_mm, direction, spacing_mm, time_limit_s)
    try:
        sizes = _check_ratio(pattern, ratio)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    try:
        build_problem(
            pattern_id=pattern.pk,
            garments={size.pk: count for size, count in sizes.items()},
            fabric_width_mm=fabric_width_mm,
            direction=direction,
            spacing_mm=Decimal(str(spacing_mm)),
        )
    except ValueError as exc:
        raise ValidationError(
            _("These pieces cannot be nested: %(reason)s") % {"reason": exc}
        ) from exc
    marker = Marker(
        pattern=pattern,
        fabric_width_mm=fabric_width_mm,
        direction=direction,
        spacing_mm=Decimal(str(spacing_mm)).quantize(Decimal("0.1")),
        time_limit_s=time_limit_s,
        status=MarkerStatus.QUEUED,
        created_by=signed_in_user(by),
    )
    marker.tenant = require_tenant()
    marker.full_clean(validate_unique=False)
    marker.save()
    MarkerRatio.objects.bulk_create(
        [
            MarkerRatio(tenant_id=marker.tenant_id, marker=marker, size=size, ratio=count)
            for size, count in sizes.items()
        ]
    )
    text = ratio_text(sizes)
    audit_record(
        actor=by,
        action="marker.create",
        obj=marker,
        summary=f"{pattern} {text} @ {fabric_width_mm} mm",
        data={"ratio": {size.code: count for size, count in sizes.items()}},
    )
    return marker


@transaction.atomic
def marker_stop(*, marker: Marker, by: Any) -> Marker:
    """A queued marker stops at once; a running one is asked to stop and keeps its best so far.

    Conditional updates: the runner may claim the marker at the same moment.
    """
    now = timezone.now()
    rows = Marker.objects.filter(pk=marker.pk)
    stopped = rows.filter(status=MarkerStatus.QUEUED).update(
        status=MarkerStatus.STOPPED, phase="", finished_at=now
    )
    if not stopped:
        asked = rows.filter(status=MarkerStatus.RUNNING).update(stop_requested=True)
        if not asked:
            marker.refresh_from_db()
            raise ValidationError(
                _("This marker is no longer nesting (%(status)s).")
                % {"status": marker.get_status_display()}
            )
    marker.refresh_from_db()
    audit_record(
        actor=by,
        action="marker.stop",
        obj=marker,
        summary=_("%(marker)s: stop requested") % {"marker": marker},
    )
    return marker


# --- selectors ---------------------------------------------------------------------------


def _with_ratios(markers: QuerySet[Marker]) -> QuerySet[Marker]:
    return markers.select_related("pattern__style", "created_by").prefetch_related(
        Prefetch("ratios", queryset=MarkerRatio.objects.select_related("size"))
    )


def markers_of_pattern(pattern: Pattern, *, fabric_width_mm: int | None = None) -> QuerySet[Marker]:
    """The pattern's markers, newest first, their ratios (with sizes) prefetched."""
    markers = Marker.objects.filter(pattern=pattern)
    if fabric_width_mm is not None:
        markers = markers.filter(fabric_width_mm=fabric_width_mm)
    return _with_ratios(markers).order_by("-created_at", "-pk")


def marker_list(
    *, pattern_id: int | None = None, fabric_width_mm: int | None = None
) -> QuerySet[Marker]:
    """Markers of the active tenant, newest first (for the API's list)."""
    markers = Marker.objects.all()
    if pattern_id is not None:
        markers = markers.filter(pattern_id=pattern_id)
    if fabric_width_mm is not None:
        markers = markers.filter(fabric_width_mm=fabric_width_mm)
    return _with_ratios(markers).order_by("-created_at", "-pk")


def marker_get(*, marker_id: int) -> Marker:
    """One marker of the active tenant with its pattern, style and ratios (404 on a miss)."""
    return get_object_or_404(_with_ratios(Marker.objects.all()), pk=marker_id)


def pattern_get(*, pattern_id: int) -> Pattern:
    """A pattern of the active tenant with its style and grid (404 on a miss)."""
    return get_object_or_404(Pattern.objects.select_related("style__size_grid"), pk=pattern_id)


def pattern_sizes(pattern: Pattern) -> list[Size]:
    """The sizes of the style's grid that the pattern has pieces of, in grid order."""
    return list(
        Size.objects.filter(
            grid_id=pattern.style.size_grid_id,
            pk__in=PatternPiece.objects.filter(pattern=pattern).values("size_id"),
        ).order_by("position")
    )


def marker_ratio_key(marker: Marker) -> RatioKey:
    """The marker's ratio as the cut planner keys it: (size code, garments), by size code."""
    return tuple(sorted((r.size.code, r.ratio) for r in marker.ratios.all() if r.ratio))


def ratio_text(ratio: Mapping[Size, int]) -> str:
    """As the cutting room writes a marker: "S:1 M:2 L:2"."""
    return " ".join(f"{size.code}:{count}" for size, count in ratio.items() if count)


def marker_ratio_text(marker: Marker) -> str:
    return " ".join(f"{r.size.code}:{r.ratio}" for r in marker.ratios.all())


def marker_garments(marker: Marker) -> int:
    return sum(r.ratio for r in marker.ratios.all())


def nested_lengths(pattern: Pattern, fabric_width_mm: int) -> dict[RatioKey, float]:
    """Lengths (mm) of the pattern's nested markers at this width, the shortest per ratio."""
    lengths: dict[RatioKey, float] = {}
    markers = markers_of_pattern(pattern, fabric_width_mm=fabric_width_mm).filter(
        status__in=NESTED_STATUSES, length_mm__isnull=False
    )
    for marker in markers:
        key = marker_ratio_key(marker)
        length = float(marker.length_mm or 0)
        if key and (key not in lengths or length < lengths[key]):
            lengths[key] = length
    return lengths


def metres(length_mm: Decimal | None) -> Decimal | None:
    """A marker length in metres with centimetre precision, as the cutting room reads it."""
    if length_mm is None:
        return None
    return (Decimal(length_mm) / 1000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MarkerRow:
    """A marker as its pages show it."""

    marker: Marker
    ratio: str
    garments: int
    length_m: Decimal | None
    efficiency_pct: Decimal | None
    pieces: int


def marker_row(marker: Marker) -> MarkerRow:
    efficiency = marker.efficiency_pct
    return MarkerRow(
        marker=marker,
        ratio=marker_ratio_text(marker),
        garments=marker_garments(marker),
        length_m=metres(marker.length_mm),
        efficiency_pct=(
            None
            if efficiency is None
            else Decimal(efficiency).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        ),
        pieces=placements_count(marker),
    )


def marker_file_name(marker: Marker) -> str:
    """marker-ST01-base-S1-M2-1500mm-12: the style, pattern, ratio, width and number."""
    ratio = "-".join(f"{r.size.code}{r.ratio}" for r in marker.ratios.all())
    name = (
        f"marker-{marker.pattern.style.code}-{marker.pattern.name}-{ratio}-"
        f"{marker.fabric_width_mm}mm-{marker.pk}"
    )
    return "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else "_" for ch in name)


def marker_nested(marker: Marker) -> Nested | None:
    """The nested marker as the engine made it (best so far while running), or None."""
    if not marker.placements or marker.length_mm is None:
        return None
    return Nested.from_json(marker.placements)


FILE_TYPES = {"svg": "image/svg+xml", "pdf": "application/pdf", "dxf": "application/dxf"}


@dataclass(frozen=True)
class MarkerFile:
    body: bytes
    content_type: str
    file_name: str

    def download(self) -> HttpResponse:
        response = HttpResponse(self.body, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.file_name}"'
        return response


def marker_file(marker: Marker, kind: str) -> MarkerFile | None:
    """The finished marker as a file (svg, pdf at true scale, or dxf); None while it is
    still nesting or has no marker."""
    nested = marker_nested(marker)
    if nested is None or marker.status in ACTIVE_STATUSES:
        return None
    if kind == "svg":
        body = marker_svg(nested).encode()
    elif kind == "pdf":
        body = marker_pdf(nested)
    else:
        body = marker_dxf(nested)
    return MarkerFile(body, FILE_TYPES[kind], f"{marker_file_name(marker)}.{kind}")


def placements_count(marker: Marker) -> int:
    nested = marker.placements
    if isinstance(nested, Mapping):
        return len(nested.get("placements") or [])
    return len(nested or [])
