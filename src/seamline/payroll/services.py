"""Every write of payroll: settings, dated rates, periods and their workflow, adjustments.

Workflow: draft -> reviewed (supervisor) -> approved (manager or owner; locks the period)
-> paid. Drafts are recomputed after every change; approval recomputes once more in one
snapshot of the data and refuses if the figures moved since review (the period goes back to
draft with the new figures). What an approved period paid is its lines; later periods pay
only the difference (see `compute`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Operation
from seamline.payroll import compute
from seamline.payroll.choices import LOCKED_STATUSES, AdjustmentKind, PayCycle, PeriodStatus
from seamline.payroll.models import (
    Adjustment,
    OperationRate,
    PayPeriod,
    PayrollSettings,
    PaySlip,
)
from seamline.payroll.periods import period_days
from seamline.payroll.rates import payroll_settings
from seamline.shopfloor.attendance import factory_today
from seamline.shopfloor.models import Worker
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

REASON_MAX = 300


class PayrollError:
    """Codes of refused payroll actions (the `code` of the ValidationError)."""

    WRONG_STATUS = "wrong_status"
    NOT_ENDED = "not_ended"
    EARLIER_OPEN = "earlier_open"
    CHANGED_SINCE_REVIEW = "changed_since_review"
    RATE_IN_LOCKED = "rate_in_locked_period"
    NOT_YET = "period_not_started"
    REASON_REQUIRED = "reason_required"


def _refuse(message: str, code: str, field: str | None = None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def today() -> dt.date:
    return factory_today()


# --- settings and rates --------------------------------------------------------------------


@transaction.atomic
def settings_update(*, by: Any, **fields: Any) -> PayrollSettings:
    """Save the factory's cycle, minimum hourly wage and grade multipliers."""
    current = payroll_settings()
    before = {name: str(getattr(current, name)) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    _recompute_drafts()
    audit_record(
        actor=by,
        action="payroll.settings",
        obj=current,
        summary=_("Payroll settings changed"),
        data={"before": before, "after": {name: str(value) for name, value in fields.items()}},
    )
    return current


def last_locked_day() -> dt.date | None:
    """The last day covered by an approved or paid period: rates up to it are final."""
    latest = PayPeriod.objects.filter(status__in=LOCKED_STATUSES).order_by("-end").first()
    return latest.end if latest else None


@transaction.atomic
def rate_set(
    *, operation: Operation, effective_from: dt.date, rate: Decimal, note: str = "", by: Any
) -> OperationRate:
    """The operation's rate from `effective_from` on; days of approved periods are final."""
    locked_until = last_locked_day()
    if locked_until is not None and effective_from <= locked_until:
        raise _refuse(
            _(
                "Pay up to %(day)s is approved and stays as it was; "
                "a new rate can start on %(next)s at the earliest."
            )
            % {
                "day": locked_until.isoformat(),
                "next": (locked_until + dt.timedelta(days=1)).isoformat(),
            },
            PayrollError.RATE_IN_LOCKED,
            "effective_from",
        )
    if rate < 0:
        raise _refuse(_("A rate cannot be negative."), "rate_negative", "rate")
    found, created = OperationRate.objects.update_or_create(
        operation=operation,
        effective_from=effective_from,
        defaults={"rate": rate, "note": note[:200], "created_by": signed_in_user(by)},
        create_defaults={
            "tenant": require_tenant(),
            "rate": rate,
            "note": note[:200],
            "created_by": signed_in_user(by),
        },
    )
    audit_record(
        actor=by,
        action="payroll.rate",
        obj=found,
        summary=f"{operation.style.code} {operation.sequence} {operation.name}: "
        f"{rate} from {effective_from.isoformat()}",
        data={"operation": operation.pk, "rate": str(rate), "created": created},
    )
    _recompute_drafts()
    return found


@transaction.atomic
def rate_delete(*, rate: OperationRate, by: Any) -> None:
    locked_until = last_locked_day()
    if locked_until is not None and rate.effective_from <= locked_until:
        raise _refuse(
            _("This rate paid an approved period; it stays."), PayrollError.RATE_IN_LOCKED
        )
    audit_record(
        actor=by,
        action="payroll.rate_delete",
        obj=rate,
        summary=f"{rate.operation_id}: {rate.rate} from {rate.effective_from.isoformat()}",
    )
    rate.delete()
    _recompute_drafts()


# --- periods -------------------------------------------------------------------------------


@transaction.atomic
def period_open(*, by: Any, day: dt.date | None = None) -> PayPeriod:
    """Open the next pay period: the one after the latest, or (the first time) the one of
    the factory's cycle that contains `day` (today by default)."""
    cycle = payroll_settings().cycle or PayCycle.MONTHLY
    latest = PayPeriod.objects.order_by("-start").first()
    if latest is not None:
        start = latest.end + dt.timedelta(days=1)
    else:
        start = period_days(day or today(), cycle)[0]
    if start > today():
        raise _refuse(
            _("The next pay period starts on %(day)s; open it then.") % {"day": start.isoformat()},
            PayrollError.NOT_YET,
        )
    end = period_days(start, cycle)[1]
    period = PayPeriod.objects.create(tenant=require_tenant(), start=start, end=end)
    compute.store(compute.calculate(period))
    audit_record(actor=by, action="payroll.open", obj=period, summary=str(period))
    return period


def _locked_row(period: PayPeriod) -> PayPeriod:
    return PayPeriod.objects.select_for_update().get(pk=period.pk)


def _require_status(period: PayPeriod, *allowed: str) -> None:
    if period.status not in allowed:
        raise _refuse(
            _("The period is “%(status)s”; this cannot be done now.")
            % {"status": period.get_status_display()},
            PayrollError.WRONG_STATUS,
        )


@transaction.atomic
def period_recompute(*, period: PayPeriod, by: Any = None) -> PayPeriod:
    """Compute a draft again from the data as it stands."""
    period = _locked_row(period)
    _require_status(period, PeriodStatus.DRAFT)
    compute.store(compute.calculate(period))
    return period


def _recompute_drafts() -> None:
    for period in PayPeriod.objects.filter(status=PeriodStatus.DRAFT):
        compute.store(compute.calculate(period))


@transaction.atomic
def period_review(*, period: PayPeriod, by: Any) -> PayPeriod:
    """A supervisor checked the figures: they are computed afresh and marked reviewed."""
    period = _locked_row(period)
    _require_status(period, PeriodStatus.DRAFT)
    compute.store(compute.calculate(period))
    period.status = PeriodStatus.REVIEWED
    period.reviewed_by, period.reviewed_at = signed_in_user(by), timezone.now()
    period.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=by,
        action="payroll.review",
        obj=period,
        summary=_("Reviewed: %(total)s for %(n)s workers")
        % {"total": period.total, "n": period.worker_count},
    )
    return period


@transaction.atomic
def period_reopen(*, period: PayPeriod, by: Any, reason: str = "") -> PayPeriod:
    """Back from reviewed to draft, to change it."""
    period = _locked_row(period)
    _require_status(period, PeriodStatus.REVIEWED)
    period.status = PeriodStatus.DRAFT
    period.save(update_fields=["status"])
    compute.store(compute.calculate(period))
    audit_record(actor=by, action="payroll.reopen", obj=period, summary=reason[:300])
    return period


@dataclass
class Approval:
    period: PayPeriod
    approved: bool
    # When the figures moved since review: per worker, reviewed -> now.
    changes: dict[int, tuple[Decimal, Decimal]] | None = None


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """A transaction whose reads all see the same data, so the lines approved agree with one
    another even while scans keep arriving (what arrives meanwhile is carried later)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def period_approve(*, period: PayPeriod, by: Any) -> Approval:
    """Lock the period. Refused (and put back to draft, recomputed) if its figures changed
    since review."""
    with _one_snapshot():
        period = _locked_row(period)
        _require_status(period, PeriodStatus.REVIEWED)
        if period.end >= today():
            raise _refuse(
                _("The period runs until %(day)s; approve it after it ends.")
                % {"day": period.end.isoformat()},
                PayrollError.NOT_ENDED,
            )
        earlier = PayPeriod.objects.filter(start__lt=period.start).exclude(
            status__in=LOCKED_STATUSES
        )
        if earlier.exists():
            raise _refuse(
                _("Approve the earlier period %(period)s first.")
                % {"period": str(earlier.order_by("start").first())},
                PayrollError.EARLIER_OPEN,
            )
        reviewed = dict(PaySlip.objects.filter(period=period).values_list("worker_id", "total"))
        payroll = compute.calculate(period)
        now = payroll.totals_by_worker()
        changes = {
            worker_id: (reviewed.get(worker_id, Decimal("0")), now.get(worker_id, Decimal("0")))
            for worker_id in set(reviewed) | set(now)
            if reviewed.get(worker_id) != now.get(worker_id)
        }
        compute.store(payroll)
        if changes:
            period.status = PeriodStatus.DRAFT
            period.save(update_fields=["status"])
            audit_record(
                actor=by,
                action="payroll.changed_since_review",
                obj=period,
                summary=_("%(n)s slips changed since review; back to draft") % {"n": len(changes)},
                data={str(k): [str(a), str(b)] for k, (a, b) in changes.items()},
            )
            return Approval(period=period, approved=False, changes=changes)
        period.status = PeriodStatus.APPROVED
        period.approved_by, period.approved_at = signed_in_user(by), timezone.now()
        period.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(
            actor=by,
            action="payroll.approve",
            obj=period,
            summary=_("Approved: %(total)s for %(n)s workers")
            % {"total": period.total, "n": period.worker_count},
        )
        return Approval(period=period, approved=True)


@transaction.atomic
def period_mark_paid(*, period: PayPeriod, by: Any, reference: str = "") -> PayPeriod:
    period = _locked_row(period)
    _require_status(period, PeriodStatus.APPROVED)
    period.status = PeriodStatus.PAID
    period.paid_by, period.paid_at = signed_in_user(by), timezone.now()
    period.payment_reference = reference.strip()[:100]
    period.save(update_fields=["status", "paid_by", "paid_at", "payment_reference"])
    audit_record(actor=by, action="payroll.paid", obj=period, summary=period.payment_reference)
    return period


# --- adjustments ---------------------------------------------------------------------------


@transaction.atomic
def adjustment_add(
    *, period: PayPeriod, worker: Worker, kind: str, amount: Decimal, reason: str, by: Any
) -> Adjustment:
    """A bonus, penalty, advance or deduction with its reason, on a draft period."""
    period = _locked_row(period)
    _require_status(period, PeriodStatus.DRAFT)
    reason = (reason or "").strip()
    if not reason:
        raise _refuse(_("Say why (a reason is required)."), PayrollError.REASON_REQUIRED, "reason")
    if kind not in AdjustmentKind.values:
        raise _refuse(_("Choose bonus, penalty, advance or deduction."), "kind_unknown", "kind")
    if amount <= 0:
        raise _refuse(_("Enter an amount above zero."), "amount_not_positive", "amount")
    adjustment = Adjustment(
        tenant=require_tenant(),
        period=period,
        worker=worker,
        kind=kind,
        amount=amount,
        reason=reason[:REASON_MAX],
        created_by=signed_in_user(by),
    )
    adjustment.full_clean()
    adjustment.save()
    audit_record(
        actor=by,
        action="payroll.adjustment",
        obj=adjustment,
        summary=f"{worker.code} {adjustment.get_kind_display()} {amount}: {reason}",
    )
    compute.store(compute.calculate(period))
    return adjustment


@transaction.atomic
def adjustment_delete(*, adjustment: Adjustment, by: Any) -> None:
    period = _locked_row(adjustment.period)
    _require_status(period, PeriodStatus.DRAFT)
    audit_record(
        actor=by,
        action="payroll.adjustment_delete",
        obj=adjustment,
        summary=f"{adjustment.worker_id} {adjustment.kind} {adjustment.amount}",
    )
    adjustment.delete()
    compute.store(compute.calculate(period))
