"""Payroll over JSON: /api/v1/payroll/ (periods, slips, adjustments, rates, one's own pay)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.catalog.models import Operation
from seamline.payroll import selectors, services
from seamline.payroll.choices import LOCKED_STATUSES
from seamline.payroll.models import Adjustment, OperationRate, PayLine, PayPeriod, PaySlip
from seamline.payroll.rates import payroll_settings, to_cent
from seamline.payroll.schemas import (
    AdjustmentIn,
    AdjustmentOut,
    ApprovalOut,
    CostFilters,
    CostOut,
    MyPeriodOut,
    PaidIn,
    PeriodDetailOut,
    PeriodOpenIn,
    PeriodOut,
    RateFilters,
    RateIn,
    RateOut,
    ReopenIn,
    SettingsIO,
    SlipDetailOut,
    SlipOut,
)
from seamline.payroll.so_far import period_so_far
from seamline.shopfloor.api_scans import own_worker
from seamline.shopfloor.models import Worker
from seamline.shopfloor.scan_schemas import WorkerDayOut
from seamline.shopfloor.selectors import worker_day
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["payroll"])
router.add_decorator(
    rows_first(
        {
            "period_id": PayPeriod,
            "slip_id": PaySlip,
            "adjustment_id": Adjustment,
            "rate_id": OperationRate,
        }
    ),
    mode="view",
)
router.add_decorator(validation_errors_as_422, mode="operation")

MULTIPLIER_PLACES = Decimal("0.001")


# --- shaping rows --------------------------------------------------------------------------


def _name(user: Any) -> str | None:
    return str(user) if user is not None else None


def _worker(worker: Worker) -> dict[str, Any]:
    return {"id": worker.pk, "code": worker.code, "name": worker.name}


def _period_detail(period_id: int) -> PayPeriod:
    """The period with its register totals, read fresh (a service may have changed it)."""
    period = selectors.period_list().get(pk=period_id)
    totals = selectors.totals(period)
    period.totals = {  # type: ignore[attr-defined]
        "slips": totals.slips,
        "lines": totals.lines,
        "period": totals.period,
        "reconciles": totals.reconciles,
        "by_kind": totals.by_kind,
    }
    return period


def line_out(line: PayLine) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "kind_label": line.get_kind_display(),
        "label": selectors.line_label(line),
        "operation_id": line.operation_id,
        "order_id": line.order_id,
        "origin": line.origin,
        "pieces": line.pieces,
        "rate": line.rate,
        "multiplier": line.multiplier,
        "minutes": line.minutes,
        "amount": line.amount,
        "description": line.description,
        "work_start": line.work_start,
        "work_end": line.work_end,
    }


def _slip_detail(slip: PaySlip) -> dict[str, Any]:
    fields = {name: getattr(slip, name) for name in SlipOut.model_fields}
    return {**fields, "lines": [line_out(line) for line in selectors.slip_lines(slip)]}


def _slips(period: PayPeriod | None = None) -> QuerySet[PaySlip]:
    rows = PaySlip.objects.select_related("period", "worker").order_by("worker__code")
    return rows if period is None else rows.filter(period=period)


def _adjustment(adjustment: Adjustment) -> dict[str, Any]:
    return {
        "id": adjustment.pk,
        "period_id": adjustment.period_id,
        "worker": _worker(adjustment.worker),
        "kind": adjustment.kind,
        "kind_label": adjustment.get_kind_display(),
        "amount": adjustment.amount,
        "reason": adjustment.reason,
        "created_by": _name(adjustment.created_by),
        "created_at": adjustment.created_at,
    }


def _rate(rate: OperationRate) -> dict[str, Any]:
    operation = rate.operation
    return {
        "id": rate.pk,
        "operation": {
            "id": operation.pk,
            "style_id": operation.style_id,
            "style_code": operation.style.code,
            "sequence": operation.sequence,
            "name": operation.name,
            "bulletin_rate": operation.piece_rate,
        },
        "effective_from": rate.effective_from,
        "rate": rate.rate,
        "note": rate.note,
        "created_by": _name(rate.created_by),
        "created_at": rate.created_at,
    }


def _rates() -> QuerySet[OperationRate]:
    return OperationRate.objects.select_related("operation", "operation__style", "created_by")


def _settings() -> dict[str, Any]:
    """The settings as stored (defaults until saved), with the places the database keeps."""
    current = payroll_settings()
    return {
        "cycle": current.cycle,
        "minimum_hourly_wage": to_cent(current.minimum_hourly_wage),
        **{f"grade_{n}": current.multiplier(n).quantize(MULTIPLIER_PLACES) for n in range(1, 6)},
    }


# --- periods and their workflow ------------------------------------------------------------


@router.get("/periods", response=list[PeriodOut], url_name="payroll_period_list")
@paginate(LimitOffsetPagination, max_limit=200)
def period_list(request: HttpRequest) -> Any:
    """Pay periods, latest first, with their status and total."""
    api_require(request, Perm.PAYROLL_VIEW)
    return selectors.period_list()


@router.post("/periods", response={201: PeriodDetailOut}, url_name="payroll_period_open")
def period_open(request: HttpRequest, payload: PeriodOpenIn | None = None) -> Any:
    """Open the next pay period (the first time: the one containing `day`, default today)."""
    api_require(request, Perm.PAYROLL_PREPARE)
    period = services.period_open(by=request.user, day=payload.day if payload else None)
    return Status(201, _period_detail(period.pk))


@router.get("/periods/{period_id}", response=PeriodDetailOut, url_name="payroll_period_get")
def period_get(request: HttpRequest, period_id: int) -> Any:
    """One period with its register totals and their reconciliation."""
    api_require(request, Perm.PAYROLL_VIEW)
    return _period_detail(period_id)


@router.post(
    "/periods/{period_id}/recompute",
    response=PeriodDetailOut,
    url_name="payroll_period_recompute",
)
def period_recompute(request: HttpRequest, period_id: int) -> Any:
    """Compute a draft again from the data as it stands."""
    api_require(request, Perm.PAYROLL_PREPARE)
    services.period_recompute(period=PayPeriod.objects.get(pk=period_id), by=request.user)
    return _period_detail(period_id)


@router.post(
    "/periods/{period_id}/review", response=PeriodDetailOut, url_name="payroll_period_review"
)
def period_review(request: HttpRequest, period_id: int) -> Any:
    """Mark a draft reviewed (its figures are computed afresh first)."""
    api_require(request, Perm.PAYROLL_PREPARE)
    services.period_review(period=PayPeriod.objects.get(pk=period_id), by=request.user)
    return _period_detail(period_id)


@router.post(
    "/periods/{period_id}/reopen", response=PeriodDetailOut, url_name="payroll_period_reopen"
)
def period_reopen(request: HttpRequest, period_id: int, payload: ReopenIn | None = None) -> Any:
    """Put a reviewed period back to draft, to change it."""
    api_require(request, Perm.PAYROLL_PREPARE)
    services.period_reopen(
        period=PayPeriod.objects.get(pk=period_id),
        by=request.user,
        reason=payload.reason if payload else "",
    )
    return _period_detail(period_id)


@router.post(
    "/periods/{period_id}/approve", response=ApprovalOut, url_name="payroll_period_approve"
)
def period_approve(request: HttpRequest, period_id: int) -> Any:
    """Approve (lock) a reviewed period. When its figures moved since review it is not
    approved: it goes back to draft and `changes` lists, per worker, reviewed -> now."""
    api_require(request, Perm.PAYROLL_APPROVE)
    outcome = services.period_approve(period=PayPeriod.objects.get(pk=period_id), by=request.user)
    changes = outcome.changes or {}
    workers = Worker.objects.in_bulk(list(changes))
    return {
        "approved": outcome.approved,
        "period": _period_detail(period_id),
        "changes": [
            {"worker": _worker(workers[worker_id]), "reviewed": reviewed, "now": now}
            for worker_id, (reviewed, now) in sorted(
                changes.items(), key=lambda item: workers[item[0]].code
            )
        ],
    }


@router.post("/periods/{period_id}/paid", response=PeriodDetailOut, url_name="payroll_period_paid")
def period_paid(request: HttpRequest, period_id: int, payload: PaidIn | None = None) -> Any:
    """Record that an approved period was paid out, with the payment's reference."""
    api_require(request, Perm.PAYROLL_APPROVE)
    services.period_mark_paid(
        period=PayPeriod.objects.get(pk=period_id),
        by=request.user,
        reference=payload.reference if payload else "",
    )
    return _period_detail(period_id)


# --- slips ---------------------------------------------------------------------------------


@router.get("/periods/{period_id}/slips", response=list[SlipOut], url_name="payroll_slip_list")
@paginate(LimitOffsetPagination, max_limit=500)
def slip_list(request: HttpRequest, period_id: int) -> Any:
    """The period's slips by employee number: the register."""
    api_require(request, Perm.PAYROLL_VIEW)
    return _slips(PayPeriod.objects.get(pk=period_id))


@router.get("/slips/{slip_id}", response=SlipDetailOut, url_name="payroll_slip_get")
def slip_get(request: HttpRequest, slip_id: int) -> Any:
    """One slip with its lines: pieces, carried pieces, hours, top-up, adjustments."""
    api_require(request, Perm.PAYROLL_VIEW)
    return _slip_detail(_slips().get(pk=slip_id))


# --- adjustments ---------------------------------------------------------------------------


@router.get(
    "/periods/{period_id}/adjustments",
    response=list[AdjustmentOut],
    url_name="payroll_adjustment_list",
)
def adjustment_list(request: HttpRequest, period_id: int) -> Any:
    api_require(request, Perm.PAYROLL_VIEW)
    return [_adjustment(a) for a in selectors.adjustments(PayPeriod.objects.get(pk=period_id))]


@router.post(
    "/periods/{period_id}/adjustments",
    response={201: AdjustmentOut},
    url_name="payroll_adjustment_create",
)
def adjustment_create(request: HttpRequest, period_id: int, payload: AdjustmentIn) -> Any:
    """A bonus, penalty, advance or deduction with its reason, on a draft period."""
    api_require(request, Perm.PAYROLL_PREPARE)
    worker = Worker.objects.filter(pk=payload.worker_id).first()
    if worker is None:
        raise ValidationError({"worker_id": _("There is no such worker.")})
    adjustment = services.adjustment_add(
        period=PayPeriod.objects.get(pk=period_id),
        worker=worker,
        kind=payload.kind,
        amount=payload.amount,
        reason=payload.reason,
        by=request.user,
    )
    return Status(201, _adjustment(selectors.adjustments(adjustment.period).get(pk=adjustment.pk)))


@router.delete(
    "/adjustments/{adjustment_id}", response={204: None}, url_name="payroll_adjustment_delete"
)
def adjustment_delete(request: HttpRequest, adjustment_id: int) -> Any:
    api_require(request, Perm.PAYROLL_PREPARE)
    services.adjustment_delete(
        adjustment=Adjustment.objects.select_related("period").get(pk=adjustment_id),
        by=request.user,
    )
    return Status(204, None)


# --- dated piece rates ---------------------------------------------------------------------


@router.get("/rates", response=list[RateOut], url_name="payroll_rate_list")
def rate_list(request: HttpRequest, filters: Query[RateFilters]) -> Any:
    """Dated piece rates by operation and day; filter by style or operation."""
    api_require(request, Perm.PAYROLL_RATES)
    rates = _rates()
    if filters.style_id is not None:
        rates = rates.filter(operation__style_id=filters.style_id)
    if filters.operation_id is not None:
        rates = rates.filter(operation_id=filters.operation_id)
    return [_rate(rate) for rate in rates.order_by("operation__sequence", "effective_from")]


@router.post("/rates", response={201: RateOut}, url_name="payroll_rate_create")
def rate_create(request: HttpRequest, payload: RateIn) -> Any:
    """The operation's rate from `effective_from` on (replaces one set for the same day);
    days of approved periods are final."""
    api_require(request, Perm.PAYROLL_RATES)
    operation = Operation.objects.select_related("style").filter(pk=payload.operation_id).first()
    if operation is None:
        raise ValidationError({"operation_id": _("There is no such operation.")})
    rate = services.rate_set(
        operation=operation,
        effective_from=payload.effective_from,
        rate=payload.rate,
        note=payload.note,
        by=request.user,
    )
    return Status(201, _rate(_rates().get(pk=rate.pk)))


@router.delete("/rates/{rate_id}", response={204: None}, url_name="payroll_rate_delete")
def rate_delete(request: HttpRequest, rate_id: int) -> Any:
    api_require(request, Perm.PAYROLL_RATES)
    services.rate_delete(rate=OperationRate.objects.get(pk=rate_id), by=request.user)
    return Status(204, None)


# --- settings and labour cost --------------------------------------------------------------


@router.get("/settings", response=SettingsIO, url_name="payroll_settings_get")
def settings_get(request: HttpRequest) -> Any:
    """The pay cycle, minimum hourly wage and skill-grade multipliers."""
    api_require(request, Perm.PAYROLL_VIEW)
    return _settings()


@router.put("/settings", response=SettingsIO, url_name="payroll_settings_update")
def settings_update(request: HttpRequest, payload: SettingsIO) -> Any:
    api_require(request, Perm.PAYROLL_APPROVE)
    services.settings_update(by=request.user, **payload.dict())
    return _settings()


@router.get("/costs", response=CostOut, url_name="payroll_cost")
def labour_cost(request: HttpRequest, filters: Query[CostFilters]) -> Any:
    """Labour cost from actual pay per style or order: approved and paid periods, or one."""
    api_require(request, Perm.PAYROLL_COSTS)
    period = None
    if filters.period_id is not None:
        period = PayPeriod.objects.filter(pk=filters.period_id).first()
        if period is None:
            raise ValidationError({"period_id": _("There is no such pay period.")})
    rows = selectors.labour_cost(period=period, by=filters.by)
    return {
        "by": filters.by,
        "period": period,
        "rows": [
            {"id": r.key, "label": r.label, "pieces": r.pieces, "amount": r.amount} for r in rows
        ],
        "attributed": sum((r.amount for r in rows), selectors.ZERO),
        "unattributed": selectors.unattributed_cost(period=period),
    }


# --- one's own pay -------------------------------------------------------------------------


def _me(request: HttpRequest) -> Worker:
    api_require(request, Perm.PAY_OWN)
    me = own_worker(request)
    if me is None:
        raise HttpError(403, _("Your login is not linked to a worker on the roster."))
    return me


@router.get("/me/day", response=WorkerDayOut, url_name="payroll_my_day")
def my_day(request: HttpRequest) -> Any:
    """Today's scans of the caller's own worker, piece by piece, priced as pay will be."""
    return worker_day(_me(request), timezone.localdate())


@router.get("/me/period", response=MyPeriodOut, url_name="payroll_my_period")
def my_period(request: HttpRequest) -> Any:
    """The open period so far for the caller's own worker: lines and the total."""
    me = _me(request)
    so_far = period_so_far(me, timezone.localdate())
    return {
        "worker": _worker(me),
        "period": so_far.period,
        "pieces": so_far.pieces,
        "attended_minutes": so_far.attended_minutes,
        "total": so_far.total,
        "lines": [line_out(line) for line in so_far.lines],
        "topup_note": so_far.topup.note if so_far.topup else "",
    }


@router.get("/me/slips", response=list[SlipOut], url_name="payroll_my_slip_list")
def my_slip_list(request: HttpRequest) -> Any:
    """The caller's slips of approved and paid periods, latest first."""
    me = _me(request)
    return selectors.own_slips(me).select_related("worker")


@router.get("/me/slips/{slip_id}", response=SlipDetailOut, url_name="payroll_my_slip_get")
def my_slip_get(request: HttpRequest, slip_id: int) -> Any:
    """One of the caller's own approved slips with its lines; anyone else's is a 404."""
    me = _me(request)
    slip = (
        PaySlip.objects.select_related("period", "worker")
        .filter(pk=slip_id, worker=me, period__status__in=LOCKED_STATUSES)
        .first()
    )
    if slip is None:
        raise Http404
    return _slip_detail(slip)
