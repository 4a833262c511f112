"""Pattern pages: a style's patterns with the import form, a pattern's pieces per size drawn
from their cut lines, deleting a pattern."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from seamline.catalog import patterns, selectors
from seamline.catalog.forms_patterns import PatternUploadForm
from seamline.catalog.models import Style
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, refused


def _list_page(request: HttpRequest, style: Style, form: PatternUploadForm | None) -> HttpResponse:
    return render(
        request,
        "catalog/patterns/pattern_list.html",
        {"style": style, "patterns": patterns.pattern_list(style), "form": form},
    )


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def pattern_list(request: HttpRequest, pk: int) -> HttpResponse:
    style = selectors.style_get(style_id=pk)
    form = PatternUploadForm() if has_perm(request, Perm.CATALOG_EDIT) else None
    return _list_page(request, style, form)


@require_perm(Perm.CATALOG_EDIT)
def pattern_upload(request: HttpRequest, pk: int) -> HttpResponse:
    style = selectors.style_get(style_id=pk)
    form = PatternUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pattern = patterns.pattern_import(
                style=style,
                name=form.cleaned_data["name"],
                file_name=upload.name or "",
                data=upload.read(),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Pattern %(name)s was imported: %(count)s pieces.")
                % {"name": pattern.name, "count": pattern.pieces.count()},
            )
            return redirect("catalog:pattern_detail", pk=pattern.pk)
    return _list_page(request, style, form)


PICTURE_HEIGHT_PX = 260
PICTURE_WIDTH_PX = 260
LABEL_PX = 11


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def pattern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = patterns.pattern_get(pattern_id=pk)
    by_size = patterns.pieces_by_size(pattern)
    size = request.GET.get("size", "")
    if size not in by_size:
        size = next(iter(by_size), "")
    drawings = [
        (piece, patterns.piece_drawing(piece.outline, piece.grain_angle))
        for piece in by_size.get(size, [])
    ]
    # One scale for every piece of the size, as on the cutting table: a yoke looks small
    # next to a leg panel. The tallest piece gets PICTURE_HEIGHT_PX, none wider than a cell.
    tallest = max((d.height_mm for _p, d in drawings), default=1.0) or 1.0
    widest = max((d.width_mm for _p, d in drawings), default=1.0) or 1.0
    px_per_mm = min(PICTURE_HEIGHT_PX / tallest, PICTURE_WIDTH_PX / widest)
    label_mm = round(LABEL_PX / px_per_mm, 1)
    pictures: list[dict[str, Any]] = [
        {
            "piece": piece,
            "drawing": patterns.piece_drawing(piece.outline, piece.grain_angle, font_size=label_mm),
            "width_px": max(round(drawing.width_mm * px_per_mm * 1.08), 8),
            "height_px": max(round(drawing.height_mm * px_per_mm * 1.08), 8),
        }
        for piece, drawing in drawings
    ]
    areas = {
        code: sum(p.area_mm2 * p.quantity for p in pieces) / 1_000_000
        for code, pieces in by_size.items()
    }
    return render(
        request,
        "catalog/patterns/pattern_detail.html",
        {
            "pattern": pattern,
            "style": pattern.style,
            "sizes": list(by_size),
            "size": size,
            "pictures": pictures,
            "piece_count": sum(len(pieces) for pieces in by_size.values()),
            "garment_area_m2": areas,
            "can_edit": has_perm(request, Perm.CATALOG_EDIT),
            "can_see_markers": has_perm(request, Perm.CUTTING_VIEW),
        },
    )


@require_perm(Perm.CATALOG_EDIT)
def pattern_delete(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = patterns.pattern_get(pattern_id=pk)
    if request.method == "POST":
        try:
            patterns.pattern_delete(pattern=pattern, by=request.user)
        except ValidationError as exc:
            refused(request, exc)
            return redirect("catalog:pattern_detail", pk=pattern.pk)
        messages.success(request, _("Pattern %(name)s was deleted.") % {"name": pattern.name})
        return redirect("catalog:pattern_list", pk=pattern.style_id)
    return render(
        request,
        "catalog/confirm_delete.html",
        {
            "object": pattern,
            "title": _("Delete pattern %(name)s of style %(style)s?")
            % {"name": pattern.name, "style": pattern.style.code},
            "cancel_url": reverse("catalog:pattern_detail", kwargs={"pk": pattern.pk}),
        },
    )
