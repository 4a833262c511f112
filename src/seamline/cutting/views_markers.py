"""Marker pages: a pattern's markers, a new marker, its progress (polled), stop, downloads.

Nesting never runs here: a new marker is queued and the background runner nests it.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.cutting import markers
from seamline.cutting.forms_markers import MarkerForm, initial_from_query
from seamline.cutting.models import Marker
from seamline.engines.nesting import marker_svg
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, refused

PAGE_SIZE = 25


def _pattern_url(pattern_id: int) -> str:
    return reverse("catalog:pattern_detail", args=[pattern_id])


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def marker_list(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = markers.pattern_get(pattern_id=pk)
    width = request.GET.get("width", "").strip()
    if not width.isdigit():
        width = ""
    rows = markers.markers_of_pattern(pattern, fabric_width_mm=int(width) if width else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cutting/markers/list.html",
        {
            "pattern": pattern,
            "pattern_url": _pattern_url(pattern.pk),
            "page": page,
            "rows": [markers.marker_row(marker) for marker in page.object_list],
            "width": width,
            "can_edit": has_perm(request, Perm.CUTTING_EDIT),
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CUTTING_EDIT)
def marker_new(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = markers.pattern_get(pattern_id=pk)
    sizes = markers.pattern_sizes(pattern)
    if request.method == "POST":
        form = MarkerForm(request.POST, sizes=sizes)
        if form.is_valid():
            try:
                marker = markers.marker_create(pattern=pattern, by=request.user, **form.marker())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Marker %(ratio)s was queued; nesting starts in a moment.")
                    % {"ratio": markers.marker_ratio_text(marker)},
                )
                return redirect("cutting:marker_detail", pk=marker.pk)
        # A refused form keeps what was typed, each error on its field.
        return _form_page(request, pattern, form, sizes, status=422)
    form = MarkerForm(sizes=sizes, initial=initial_from_query(request.GET, sizes))
    return _form_page(request, pattern, form, sizes)


def _form_page(
    request: HttpRequest, pattern: Any, form: MarkerForm, sizes: list[Any], *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "cutting/markers/form.html",
        {
            "pattern": pattern,
            "pattern_url": _pattern_url(pattern.pk),
            "form": form,
            "sizes": sizes,
        },
        status=status,
    )


def _inline(svg: str) -> str:
    """The engine's drawing sized to the page: its true size (in mm) becomes the full width."""
    head, sep, body = svg.partition(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", head, count=2)
    return f'{head} width="100%" role="img"{sep}{body}'


# The nesting engine's phases, as the planner reads them.
PHASES = {
    "exploring": gettext_lazy("exploring (looking for shorter markers)"),
    "compressing": gettext_lazy("compressing (squeezing the best marker)"),
    "final": gettext_lazy("final"),
}


def _progress_context(request: HttpRequest, marker: Marker) -> dict[str, Any]:
    nested = markers.marker_nested(marker)
    svg = _inline(marker_svg(nested)) if nested is not None else ""
    return {
        "marker": marker,
        "row": markers.marker_row(marker),
        "active": marker.status in markers.ACTIVE_STATUSES,
        "nested": nested is not None,
        # Drawn by the engine, which escapes every label it writes into the picture.
        "svg": mark_safe(svg),  # noqa: S308
        "can_edit": has_perm(request, Perm.CUTTING_EDIT),
        "phase": PHASES.get(marker.phase, marker.phase),
    }


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def marker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    marker = markers.marker_get(marker_id=pk)
    context = _progress_context(request, marker)
    context["pattern_url"] = _pattern_url(marker.pattern_id)
    return render(request, "cutting/markers/detail.html", context)


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def marker_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status, phase, best length and efficiency and picture: polled while nesting."""
    marker = markers.marker_get(marker_id=pk)
    return render(request, "cutting/markers/_progress.html", _progress_context(request, marker))


@require_POST
@require_perm(Perm.CUTTING_EDIT)
def marker_stop(request: HttpRequest, pk: int) -> HttpResponse:
    marker = markers.marker_get(marker_id=pk)
    try:
        marker = markers.marker_stop(marker=marker, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        if marker.status == "stopped":
            messages.success(request, _("The marker was stopped before nesting started."))
        else:
            messages.success(
                request, _("Stopping: the best marker found so far is kept in a moment.")
            )
    return redirect("cutting:marker_detail", pk=marker.pk)


def _download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    marker = markers.marker_get(marker_id=pk)
    file = markers.marker_file(marker, kind)
    if file is None:
        messages.error(request, _("This marker has no finished nesting to download yet."))
        return redirect("cutting:marker_detail", pk=marker.pk)
    return file.download()


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def marker_svg_download(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "svg")


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def marker_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """True scale (1 mm = 1 mm), for a plotter or a tiled print."""
    return _download(request, pk, "pdf")


@require_GET
@require_perm(Perm.CUTTING_VIEW)
def marker_dxf_download(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "dxf")
