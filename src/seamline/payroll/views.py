"""Payroll pages: periods and their register, slips, adjustments, dated rates, settings and
labour costs. Thin: parse, check the permission once, call a service or selector, render.

Workflow: a supervisor prepares and reviews a draft; a manager or owner approves it (which
locks it) and marks it paid. Late scans and reversals of a locked period are paid in the
next open one, shown with the period they came from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.catalog.models import Operation, Style
from seamline.payroll import selectors, services
from seamline.payroll.choices import LOCKED_STATUSES, LineKind
from seamline.payroll.compute import PIECE_KINDS
from seamline.payroll.forms import (
    AdjustmentForm,
    PaidForm,
    PeriodOpenForm,
    RateForm,
    ReopenForm,
    SettingsForm,
)
from seamline.payroll.models import Adjustment, OperationRate, PayLine, PayPeriod, PaySlip
from seamline.payroll.rates import guaranteed_pay, payroll_settings
from seamline.quality.choices import Severity
from seamline.shopfloor.models import Worker
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, errors_text, refused

PAGE_SIZE = 24
HOUR = Decimal(60)
CENT = Decimal("0.01")
PER_PIECE = Decimal("0.0001")
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def require_any(*perms: Perm) -> Callable[[ViewFunc], ViewFunc]:
    """Like `require_perm`, for a page that any of `perms` opens."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not any(has_perm(request, perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return require_perm(None)(wrapped)  # type: ignore[return-value]

    return decorator


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / HOUR).quantize(CENT, rounding=ROUND_HALF_UP)


def _to_period(period: PayPeriod) -> HttpResponse:
    return redirect("payroll:period_detail", pk=period.pk)


# --- periods -------------------------------------------------------------------------------


@require_GET
@require_perm(Perm.PAYROLL_VIEW)
def period_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.period_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    first_time = not PayPeriod.objects.exists()
    return render(
        request,
        "payroll/period_list.html",
        {
            "page": page,
            "periods": page.object_list,
            "open_period": selectors.open_period(),
            "first_time": first_time,
            "open_form": PeriodOpenForm(initial={"day": services.today()}) if first_time else None,
            "settings": payroll_settings(),
            "can_prepare": has_perm(request, Perm.PAYROLL_PREPARE),
        },
    )


@require_POST
@require_perm(Perm.PAYROLL_PREPARE)
def period_open(request: HttpRequest) -> HttpResponse:
    form = PeriodOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("payroll:period_list")
    try:
        period = services.period_open(by=request.user, day=form.cleaned_data.get("day"))
    except ValidationError as exc:
        refused(request, exc)
        return redirect("payroll:period_list")
    messages.success(
        request,
        _("Pay period %(period)s was opened and computed from the scans so far.")
        % {"period": period},
    )
    return _to_period(period)


@dataclass
class RegisterRow:
    slip: PaySlip
    hours: Decimal


@dataclass
class Change:
    """A worker whose total moved between review and approval."""

    worker: Worker | None
    reviewed: Decimal
    now: Decimal

    @property
    def difference(self) -> Decimal:
        return self.now - self.reviewed


def _change_rows(changes: dict[int, tuple[Decimal, Decimal]]) -> list[Change]:
    workers = Worker.objects.in_bulk(list(changes))
    rows = [
        Change(workers.get(worker_id), reviewed, now)
        for worker_id, (reviewed, now) in changes.items()
    ]
    return sorted(rows, key=lambda row: row.worker.code if row.worker else "")


_SUM_FIELDS = (
    "pieces",
    "piece_pay",
    "carried_pay",
    "time_pay",
    "topup",
    "quality",
    "adjustments",
    "total",
)


def _detail(
    request: HttpRequest,
    period: PayPeriod,
    *,
    adjustment_form: AdjustmentForm | None = None,
    paid_form: PaidForm | None = None,
    changes: list[Change] | None = None,
) -> HttpResponse:
    slips = list(selectors.slips(period))
    rows = [RegisterRow(slip, hours(slip.attended_minutes)) for slip in slips]
    sums: dict[str, Any] = {
        name: sum((getattr(slip, name) for slip in slips), Decimal(0) if name != "pieces" else 0)
        for name in _SUM_FIELDS
    }
    sums["hours"] = hours(sum(slip.attended_minutes for slip in slips))
    editable = selectors.is_editable(period)
    can_prepare = has_perm(request, Perm.PAYROLL_PREPARE)
    return render(
        request,
        "payroll/period_detail.html",
        {
            "period": period,
            "rows": rows,
            "sums": sums,
            # The quality column only where the rule applies or a slip carries a deduction.
            "show_quality": bool(sums["quality"]) or payroll_settings().defect_deduction > 0,
            "totals": selectors.totals(period),
            "adjustments": list(selectors.adjustments(period)),
            "editable": editable,
            "can_prepare": can_prepare,
            "can_approve": has_perm(request, Perm.PAYROLL_APPROVE),
            # What later periods carry for this one's days (it never changes itself).
            "carried": selectors.carried_from(period) if period.is_locked else [],
            "adjustment_form": adjustment_form or AdjustmentForm(),
            "workers": (
                Worker.objects.filter(is_active=True).only("code", "name").order_by("code")
                if editable and can_prepare
                else []
            ),
            "reopen_form": ReopenForm(),
            "paid_form": paid_form or PaidForm(),
            "next_open": selectors.open_period() if period.is_locked else None,
            "changes": changes,
        },
    )


@require_GET
@require_perm(Perm.PAYROLL_VIEW)
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(PayPeriod, pk=pk))


def _step(
    request: HttpRequest, pk: int, action: Callable[..., PayPeriod], done: str
) -> HttpResponse:
    """One workflow step on a period: refused with the service's reason, or done with
    `done` (which names the period's total and worker count)."""
    period = get_object_or_404(PayPeriod, pk=pk)
    try:
        period = action(period=period, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, done % {"total": period.total, "n": period.worker_count})
    return _to_period(period)


@require_POST
@require_perm(Perm.PAYROLL_PREPARE)
def period_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("Computed again from the data as it stands: %(total)s for %(n)s workers.")
    return _step(request, pk, services.period_recompute, done)


@require_POST
@require_perm(Perm.PAYROLL_PREPARE)
def period_review(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("Marked reviewed: %(total)s for %(n)s workers. A manager or owner approves it next.")
    return _step(request, pk, services.period_review, done)


@require_POST
@require_perm(Perm.PAYROLL_PREPARE)
def period_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(PayPeriod, pk=pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _to_period(period)
    try:
        services.period_reopen(period=period, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("The period is back in draft and can be changed."))
    return _to_period(period)


@require_POST
@require_perm(Perm.PAYROLL_APPROVE)
def period_approve(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(PayPeriod, pk=pk)
    try:
        approval = services.period_approve(period=period, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
        return _to_period(period)
    if approval.approved:
        messages.success(
            request,
            _(
                "Approved and locked: %(total)s for %(n)s workers. Late scans and reversals "
                "now go to the next open period."
            )
            % {"total": approval.period.total, "n": approval.period.worker_count},
        )
        return _to_period(period)
    changes = _change_rows(approval.changes or {})
    messages.warning(
        request,
        ngettext(
            "Not approved: the total of %(n)d worker changed since review. The period is back "
            "in draft with the new figures; check them and mark it reviewed again.",
            "Not approved: the totals of %(n)d workers changed since review. The period is back "
            "in draft with the new figures; check them and mark it reviewed again.",
            len(changes),
        )
        % {"n": len(changes)},
    )
    return _detail(request, approval.period, changes=changes)


@require_POST
@require_perm(Perm.PAYROLL_APPROVE)
def period_paid(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(PayPeriod, pk=pk)
    form = PaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _to_period(period)
    try:
        services.period_mark_paid(
            period=period, by=request.user, reference=form.cleaned_data["reference"]
        )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(request, _("Marked paid."))
    return _to_period(period)


# --- adjustments ---------------------------------------------------------------------------


@require_POST
@require_perm(Perm.PAYROLL_PREPARE)
def adjustment_add(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(PayPeriod, pk=pk)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            adjustment = services.adjustment_add(period=period, by=request.user, **data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                refused(request, exc)
                return _to_period(period)
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(kind)s of %(amount)s for %(worker)s was added; the period was recomputed.")
                % {
                    "kind": adjustment.get_kind_display(),
                    "amount": adjustment.amount,
                    "worker": adjustment.worker,
                },
            )
            return _to_period(period)
    period.refresh_from_db()
    return _detail(request, period, adjustment_form=form)


@require_POST
@require_perm(Perm.PAYROLL_PREPARE)
def adjustment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    adjustment = get_object_or_404(Adjustment.objects.select_related("period", "worker"), pk=pk)
    try:
        services.adjustment_delete(adjustment=adjustment, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The adjustment for %(worker)s was deleted; the period was recomputed.")
            % {"worker": adjustment.worker},
        )
    return redirect("payroll:period_detail", pk=adjustment.period_id)


# --- slips ---------------------------------------------------------------------------------


@dataclass
class SlipLine:
    line: PayLine
    label: str
    hours: Decimal
    guaranteed: Decimal | None = None  # top-up: minimum wage x hours

    @property
    def earned(self) -> Decimal | None:
        return None if self.guaranteed is None else self.guaranteed - self.line.amount


def _sections(lines: list[PayLine]) -> dict[str, list[SlipLine]]:
    sections: dict[str, list[SlipLine]] = defaultdict(list)
    for line in lines:
        row = SlipLine(line, selectors.line_label(line), hours(line.minutes))
        if line.kind in PIECE_KINDS:
            sections["pieces"].append(row)
        elif line.kind == LineKind.TIME:
            sections["hours"].append(row)
        elif line.kind == LineKind.TOPUP:
            row.guaranteed = guaranteed_pay(line.rate or Decimal(0), line.minutes)
            sections["topup"].append(row)
        elif line.kind == LineKind.QUALITY:
            sections["quality"].append(row)
        else:
            sections["adjustments"].append(row)
    return sections


@require_GET
@require_perm(Perm.PAYROLL_VIEW)
def slip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slip = get_object_or_404(
        PaySlip.objects.select_related("worker", "worker__line", "period"), pk=pk
    )
    lines = list(selectors.slip_lines(slip))
    sections = _sections(lines)
    return render(
        request,
        "payroll/slip_detail.html",
        {
            "slip": slip,
            "period": slip.period,
            "worker": slip.worker,
            "hours": hours(slip.attended_minutes),
            "pieces": sections["pieces"],
            "hour_lines": sections["hours"],
            "topups": sections["topup"],
            "quality_lines": sections["quality"],
            "adjustment_lines": sections["adjustments"],
            "lines_total": sum((line.amount for line in lines), Decimal(0)),
            "piece_total": sum((row.line.pieces for row in sections["pieces"]), 0),
            "pieces_amount": sum((row.line.amount for row in sections["pieces"]), Decimal(0)),
        },
    )


# --- rates ---------------------------------------------------------------------------------


@dataclass
class OperationRates:
    operation: Operation
    dated: list[OperationRate]
    today: Decimal


def _rate_rows(style: Style) -> list[OperationRates]:
    today = services.today()
    dated: dict[int, list[OperationRate]] = defaultdict(list)
    for rate in selectors.rates_of_style(style.pk).order_by("operation_id", "effective_from"):
        dated[rate.operation_id].append(rate)
    rows = []
    for operation in Operation.objects.filter(style=style).order_by("sequence"):
        history = dated.get(operation.pk, [])
        current = [rate.rate for rate in history if rate.effective_from <= today]
        rows.append(
            OperationRates(operation, history, current[-1] if current else operation.piece_rate)
        )
    return rows


def _rates_page(
    request: HttpRequest, style: Style | None, form: RateForm | None = None
) -> HttpResponse:
    operations = Operation.objects.filter(style=style).order_by("sequence") if style else None
    locked_until = services.last_locked_day()
    return render(
        request,
        "payroll/rates.html",
        {
            "styles": Style.objects.only("code", "name").order_by("code"),
            "style": style,
            "rows": _rate_rows(style) if style else [],
            "form": form or RateForm(operations=operations),
            "locked_until": locked_until,
            "can_edit": has_perm(request, Perm.PAYROLL_RATES),
        },
    )


def _rates_url(style_id: int | None) -> str:
    url = reverse("payroll:rates")
    return f"{url}?{urlencode({'style': style_id})}" if style_id else url


@require_GET
@require_any(Perm.PAYROLL_RATES, Perm.PAYROLL_VIEW)
def rates(request: HttpRequest) -> HttpResponse:
    style_id = request.GET.get("style", "")
    style = get_object_or_404(Style, pk=style_id) if style_id.isdigit() else None
    return _rates_page(request, style)


@require_POST
@require_perm(Perm.PAYROLL_RATES)
def rate_set(request: HttpRequest) -> HttpResponse:
    form = RateForm(request.POST)
    style_id = request.POST.get("style", "")
    style = Style.objects.filter(pk=style_id).first() if style_id.isdigit() else None
    if form.is_valid():
        data = form.cleaned_data
        style = data["operation"].style
        try:
            rate = services.rate_set(by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(operation)s: %(rate)s per piece from %(day)s; drafts were recomputed.")
                % {
                    "operation": f"{rate.operation.sequence} {rate.operation.name}",
                    "rate": rate.rate,
                    "day": rate.effective_from.isoformat(),
                },
            )
            return redirect(_rates_url(style.pk))
    if style is not None:
        form.fields["operation"].queryset = Operation.objects.filter(  # type: ignore[attr-defined]
            style=style
        ).order_by("sequence")
    return _rates_page(request, style, form)


@require_POST
@require_perm(Perm.PAYROLL_RATES)
def rate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rate = get_object_or_404(OperationRate.objects.select_related("operation"), pk=pk)
    style_id = rate.operation.style_id
    try:
        services.rate_delete(rate=rate, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The rate from %(day)s was deleted; drafts were recomputed.")
            % {"day": rate.effective_from.isoformat()},
        )
    return redirect(_rates_url(style_id))


# --- settings ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require_any(Perm.PAYROLL_APPROVE, Perm.PAYROLL_VIEW)
def settings_page(request: HttpRequest) -> HttpResponse:
    can_edit = has_perm(request, Perm.PAYROLL_APPROVE)
    current = payroll_settings()
    form = SettingsForm.for_settings(current, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.settings_update(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Payroll settings were saved. Recompute the draft periods to apply "
                        "them; approved periods stay as they were."
                    ),
                )
                return redirect("payroll:settings")
    return render(
        request,
        "payroll/settings.html",
        {
            "form": form,
            "settings": current,
            "can_edit": can_edit,
            "severities": [
                Severity(value).label
                for value in current.defect_deduction_severities or []
                if value in Severity.values
            ],
        },
    )


# --- labour cost ---------------------------------------------------------------------------


@dataclass
class CostLine:
    label: str
    pieces: int
    amount: Decimal

    @property
    def per_piece(self) -> Decimal | None:
        if not self.pieces:
            return None
        return (self.amount / self.pieces).quantize(PER_PIECE, rounding=ROUND_HALF_UP)


@require_GET
@require_perm(Perm.PAYROLL_COSTS)
def costs(request: HttpRequest) -> HttpResponse:
    period_id = request.GET.get("period", "")
    period = get_object_or_404(PayPeriod, pk=period_id) if period_id.isdigit() else None
    by = "order" if request.GET.get("by") == "order" else "style"
    rows = [
        CostLine(row.label, row.pieces, row.amount)
        for row in selectors.labour_cost(period=period, by=by)
    ]
    unattributed = selectors.unattributed_cost(period=period)
    periods = [period] if period else list(PayPeriod.objects.filter(status__in=LOCKED_STATUSES))
    attributed = sum((row.amount for row in rows), Decimal(0))
    page_total = attributed + unattributed
    periods_total = sum((p.total for p in periods), Decimal(0))
    return render(
        request,
        "payroll/costs.html",
        {
            "rows": rows,
            "by": by,
            "period": period,
            "choices": selectors.period_list(),
            "pieces": sum(row.pieces for row in rows),
            "attributed": attributed,
            "attributed_per_piece": CostLine("", sum(r.pieces for r in rows), attributed).per_piece,
            "unattributed": unattributed,
            "page_total": page_total,
            "periods_total": periods_total,
            "period_count": len(periods),
            "reconciles": page_total == periods_total,
        },
    )
