"""Payroll documents: a pay slip as PDF, a period's slips as one PDF, the register as .xlsx.

Whoever may see payroll (PAYROLL_VIEW) downloads any of them. A worker (PAY_OWN) downloads
only their own slip of an approved or paid period; any other slip is a 404 to them, as is a
slip of another tenant to everybody.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from seamline.payroll import selectors
from seamline.payroll.documents import safe_name
from seamline.payroll.models import PayPeriod, PaySlip
from seamline.payroll.register_xlsx import render_register
from seamline.payroll.slip_pdf import render_period_slips, render_slip
from seamline.shopfloor.api_scans import own_worker
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{safe_name(filename)}"'
    response["Cache-Control"] = "private, no-store"  # pay is personal; no shared caches
    return response


def _slip(request: HttpRequest, pk: int) -> PaySlip:
    """The slip `pk` as this user may see it: any of the tenant's with PAYROLL_VIEW, else
    only their own of a locked period (404 for every other)."""
    slips = PaySlip.objects.select_related("period", "worker", "worker__line")
    if has_perm(request, Perm.PAYROLL_VIEW):
        return get_object_or_404(slips, pk=pk)
    if not has_perm(request, Perm.PAY_OWN):
        raise PermissionDenied
    me = own_worker(request)
    if me is None:
        raise Http404
    own = selectors.own_slips(me).select_related("worker", "worker__line")
    return get_object_or_404(own, pk=pk)


def _period(pk: int) -> PayPeriod:
    return get_object_or_404(selectors.period_list(), pk=pk)


@require_GET
@require_perm(None)
def slip_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    slip = _slip(request, pk)
    pdf = render_slip(slip, slip.period)
    name = f"payslip-{slip.period.start.isoformat()}-{slip.worker.code}.pdf"
    return _download(pdf, PDF, name)


@require_GET
@require_perm(Perm.PAYROLL_VIEW)
def period_slips_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    name = f"payslips-{period.start.isoformat()}-{period.end.isoformat()}.pdf"
    return _download(render_period_slips(period), PDF, name)


@require_GET
@require_perm(Perm.PAYROLL_VIEW)
def register_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(pk)
    name = f"payroll-register-{period.start.isoformat()}-{period.end.isoformat()}.xlsx"
    return _download(render_register(period), XLSX, name)
