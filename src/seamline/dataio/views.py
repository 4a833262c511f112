"""Import and export pages: upload a file per kind, download a template or an export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seamline.dataio import services
from seamline.dataio.forms import UploadForm
from seamline.dataio.specs import SPECS, Spec
from seamline.dataio.tables import CONTENT_TYPES, RowError
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm


def _spec(kind: str) -> Spec:
    try:
        return services.spec_get(kind)
    except services.UnknownKindError:
        raise Http404(kind) from None


def _page(
    request: HttpRequest,
    *,
    forms: dict[str, UploadForm] | None = None,
    report: tuple[Spec, str, list[RowError]] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = forms or {}
    kinds = [
        {"spec": spec, "form": forms.get(kind) or UploadForm(auto_id=f"id_{kind}_%s")}
        for kind, spec in SPECS.items()
    ]
    context: dict[str, Any] = {
        "kinds": kinds,
        "can_import": has_perm(request, Perm.DATA_IMPORT),
        "can_export": has_perm(request, Perm.DATA_EXPORT),
        "formats": services.FORMATS,
    }
    if report is not None:
        spec, filename, errors = report
        context.update(report_spec=spec, report_file=filename, report_errors=errors)
    return render(request, "dataio/index.html", context, status=status)


@require_GET
@require_perm(None)
def index(request: HttpRequest) -> HttpResponse:
    if not (has_perm(request, Perm.DATA_IMPORT) or has_perm(request, Perm.DATA_EXPORT)):
        raise PermissionDenied
    return _page(request)


@require_POST
@require_perm(Perm.DATA_IMPORT)
def import_file(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec(kind)
    form = UploadForm(request.POST, request.FILES, auto_id=f"id_{kind}_%s")
    if not form.is_valid():
        return _page(request, forms={kind: form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        result = services.data_import(
            kind=kind, filename=upload.name, content=upload.read(), by=request.user
        )
    except services.TableError as exc:
        return _page(request, report=(spec, upload.name, exc.errors), status=400)
    messages.success(
        request,
        _(
            "%(kind)s imported from %(file)s: %(rows)s rows, %(created)s created, "
            "%(updated)s updated."
        )
        % {
            "kind": spec.label,
            "file": upload.name,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
        },
    )
    return redirect("dataio:index")


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@require_perm(Perm.DATA_IMPORT)
def template(request: HttpRequest, kind: str) -> HttpResponse:
    _spec(kind)
    return _download(services.data_template(kind=kind), f"{kind}-template.xlsx", "xlsx")


@require_GET
@require_perm(Perm.DATA_EXPORT)
def export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    _spec(kind)
    if fmt not in services.FORMATS:
        raise Http404(fmt)
    stamp = timezone.localdate().isoformat()
    return _download(services.data_export(kind=kind, fmt=fmt), f"{kind}-{stamp}.{fmt}", fmt)
