"""A supervisor's decisions on scans: reverse a credit, accept or reject a conflicting claim.

A scan is an event and is never edited: its worker, bundle, operation, time and pieces stay
as recorded. A decision changes only the scan's `status` and adds a `ScanCorrection` row
(what, why, who, when) and an audit entry. The scan row is locked while it is decided, so
two supervisors settling the same claim at once get one decision and one clear refusal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.shopfloor.choices import CorrectionKind, ScanStatus
from seamline.shopfloor.models import Scan, ScanCorrection
from seamline.shopfloor.signals import work_recorded
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

REASON_MAX = 300


class CorrectionError:
    """Codes of refused decisions (the `code` of the ValidationError)."""

    REASON_REQUIRED = "reason_required"
    REASON_TOO_LONG = "reason_too_long"
    NOT_CREDITED = "not_credited"
    NOT_A_CONFLICT = "not_a_conflict"
    SETTLED_MEANWHILE = "settled_meanwhile"


# --- writes --------------------------------------------------------------------------------


def clean_reason(reason: str | None) -> str:
    """The reason, stripped; required and at most 300 characters."""
    text = (reason or "").strip()
    if not text:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Say why (a reason is required)."), code=CorrectionError.REASON_REQUIRED
                )
            }
        )
    if len(text) > REASON_MAX:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("At most %(max)s characters (this has %(n)s).")
                    % {"max": REASON_MAX, "n": len(text)},
                    code=CorrectionError.REASON_TOO_LONG,
                )
            }
        )
    return text


def _locked(scan: Scan) -> Scan:
    """The scan, re-read under a row lock: its status is what another decision left."""
    return (
        Scan.objects.select_for_update(of=("self",))
        .select_related("worker", "bundle", "operation")
        .get(pk=scan.pk)
    )


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _describe(scan: Scan) -> str:
    return _("bundle %(bundle)s, operation %(operation)s, worker %(worker)s") % {
        "bundle": scan.bundle.number,
        "operation": scan.operation.sequence,
        "worker": scan.worker.code,
    }


def _decide(
    scan: Scan, *, status: str, kind: str, reason: str, by: Any, extra: dict[str, Any] | None = None
) -> ScanCorrection:
    """Set the scan's status, write the correction and the audit entry."""
    before = scan.status
    scan.status = status
    scan.save(update_fields=["status"])
    correction = ScanCorrection.objects.create(
        tenant=require_tenant(),
        scan=scan,
        kind=kind,
        reason=reason[:REASON_MAX],
        by=signed_in_user(by),
    )
    audit_record(
        actor=by,
        action=f"scan.{kind}",
        obj=scan,
        summary=f"{_describe(scan)}: {reason}",
        data={
            "from": before,
            "to": status,
            "reason": reason,
            "correction": correction.pk,
            **(extra or {}),
        },
    )
    # What was credited changed: whoever follows the order's progress hears of it.
    tenant, order_ids = require_tenant(), frozenset({scan.bundle.order_id})
    transaction.on_commit(
        lambda: work_recorded.send(sender=Scan, tenant=tenant, order_ids=order_ids)
    )
    return correction


def _reverse(scan: Scan, *, reason: str, by: Any) -> ScanCorrection:
    if scan.status != ScanStatus.CREDITED:
        raise _refuse(
            _("Only a credited scan can be reversed; this one is “%(status)s”.")
            % {"status": scan.get_status_display()},
            CorrectionError.NOT_CREDITED,
        )
    return _decide(
        scan, status=ScanStatus.REVERSED, kind=CorrectionKind.REVERSE, reason=reason, by=by
    )


def _conflict_only(scan: Scan) -> None:
    if scan.status != ScanStatus.CONFLICT:
        raise _refuse(
            _("Only a claim awaiting review can be settled; this one is “%(status)s”.")
            % {"status": scan.get_status_display()},
            CorrectionError.NOT_A_CONFLICT,
        )


@transaction.atomic
def scan_reverse(*, scan: Scan, reason: str, by: Any) -> Scan:
    """Take the credit away from a credited scan (it no longer counts as work or pay)."""
    reason = clean_reason(reason)
    locked = _locked(scan)
    _reverse(locked, reason=reason, by=by)
    return locked


@transaction.atomic
def claim_accept(*, scan: Scan, reason: str, by: Any) -> Scan:
    """Credit a conflicting claim; the scan holding the credit now is reversed first.

    Other claims on the same bundle x operation stay in the queue.
    """
    reason = clean_reason(reason)
    claim = _locked(scan)
    _conflict_only(claim)
    holder = (
        Scan.objects.select_for_update(of=("self",))
        .select_related("worker", "bundle", "operation")
        .filter(
            status=ScanStatus.CREDITED, bundle_id=claim.bundle_id, operation_id=claim.operation_id
        )
        .first()
    )
    if holder is not None:
        replaced = _("Replaced by the claim of %(worker)s: %(reason)s") % {
            "worker": f"{claim.worker.code} {claim.worker.name}",
            "reason": reason,
        }
        _reverse(holder, reason=replaced, by=by)
    try:
        with transaction.atomic():
            _decide(
                claim,
                status=ScanStatus.CREDITED,
                kind=CorrectionKind.ACCEPT,
                reason=reason,
                by=by,
                extra={"replaced": holder.pk if holder else None},
            )
    except IntegrityError as exc:  # another supervisor credited this pair meanwhile
        raise _refuse(
            _("Another decision on this bundle and operation came first; look again."),
            CorrectionError.SETTLED_MEANWHILE,
        ) from exc
    return claim


@transaction.atomic
def claim_reject(*, scan: Scan, reason: str, by: Any) -> Scan:
    """Turn a conflicting claim down: it never counts; the credit stays where it is."""
    reason = clean_reason(reason)
    claim = _locked(scan)
    _conflict_only(claim)
    _decide(claim, status=ScanStatus.REJECTED, kind=CorrectionKind.REJECT, reason=reason, by=by)
    return claim


# --- reads ---------------------------------------------------------------------------------


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
    return start, start + dt.timedelta(days=1)


def scan_list(
    *,
    bundle: int | None = None,
    worker: str = "",
    day: dt.date | None = None,
    status: str = "",
) -> QuerySet[Scan]:
    """Scans, newest first, by bundle number, employee no., day (factory time) and status."""
    scans = Scan.objects.select_related("worker", "bundle", "operation", "line")
    if bundle:
        scans = scans.filter(bundle__number=bundle)
    worker = (worker or "").strip()
    if worker:
        scans = scans.filter(worker__code__iexact=worker)
    if day is not None:
        start, end = _day_bounds(day)
        scans = scans.filter(scanned_at__gte=start, scanned_at__lt=end)
    if status:
        scans = scans.filter(status=status)
    return scans.order_by("-scanned_at", "-pk")


def scan_get(*, scan_id: int) -> Scan:
    """One scan with its corrections (newest first) and the scan it collided with."""
    corrections = ScanCorrection.objects.select_related("by").order_by("-at", "-pk")
    return (
        Scan.objects.select_related(
            "worker", "bundle", "operation", "line", "collided_with__worker", "recorded_by"
        )
        .prefetch_related(Prefetch("corrections", queryset=corrections))
        .get(pk=scan_id)
    )


def conflict_queue() -> QuerySet[Scan]:
    """Claims awaiting review, oldest first (the order they should be settled in)."""
    return (
        Scan.objects.filter(status=ScanStatus.CONFLICT)
        .select_related("worker", "bundle", "operation", "line", "collided_with__worker")
        .order_by("scanned_at", "pk")
    )


@dataclass(frozen=True)
class QueueItem:
    """A claim beside the scan holding the credit now (None when nobody holds it)."""

    claim: Scan
    holder: Scan | None


def with_holders(claims: list[Scan]) -> list[QueueItem]:
    """Pair each claim with the current credit of its bundle x operation, in one query.

    That is usually the scan it collided with, unless a supervisor has moved the credit since.
    """
    pairs = {(c.bundle_id, c.operation_id) for c in claims}
    holders: dict[tuple[int, int], Scan] = {}
    if pairs:
        for scan in Scan.objects.filter(
            status=ScanStatus.CREDITED,
            bundle_id__in={p[0] for p in pairs},
            operation_id__in={p[1] for p in pairs},
        ).select_related("worker"):
            holders[(scan.bundle_id, scan.operation_id)] = scan
    return [QueueItem(c, holders.get((c.bundle_id, c.operation_id))) for c in claims]
