"""Rework: quality control sends pieces of a bundle back to an operation to be repaired.

open (at the operation; WIP counts the pieces there) -> repaired (back from the operation,
waiting for re-inspection) -> closed (re-inspected at the end of the line). The credit of the
original scan stays: the repair is not paid a second time. Quality calls these services;
shopfloor never imports quality.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Operation
from seamline.cutting.models import Bundle
from seamline.shopfloor.choices import ReworkStatus
from seamline.shopfloor.models import Rework, Worker
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.services import audit_record

OPEN_STATUSES = (ReworkStatus.OPEN, ReworkStatus.REPAIRED)


@transaction.atomic
def rework_send(
    *,
    bundle: Bundle,
    operation: Operation,
    pieces: int,
    reason: str = "",
    worker: Worker | None = None,
    by: Any = None,
    at: dt.datetime | None = None,
) -> Rework:
    """Send `pieces` of `bundle` back to `operation` (of the bundle's style) to be repaired."""
    if operation.style_id != bundle.style_id:
        raise ValidationError(
            {
                "operation": _(
                    "Operation %(operation)s is not in the bulletin of bundle %(bundle)s's style."
                )
                % {"operation": operation.sequence, "bundle": bundle.number}
            },
            code="unknown_operation",
        )
    if not 1 <= pieces <= bundle.quantity:
        raise ValidationError(
            {
                "pieces": _("Send back 1 to %(most)s pieces of bundle %(bundle)s.")
                % {"most": bundle.quantity, "bundle": bundle.number}
            },
            code="pieces",
        )
    rework = Rework.objects.create(
        bundle=bundle,
        operation=operation,
        order_id=bundle.order_id,
        worker=worker,
        pieces=pieces,
        reason=reason[:300],
        opened_at=at or timezone.now(),
        opened_by=signed_in_user(by),
    )
    audit_record(
        actor=by,
        action="shopfloor.rework_send",
        obj=rework,
        summary=f"{bundle.number} -> {operation.sequence} {operation.name}: {pieces}",
        data={"bundle": bundle.pk, "operation": operation.pk, "pieces": pieces},
    )
    return rework


@transaction.atomic
def rework_mark_repaired(rework: Rework, *, by: Any) -> Rework:
    """The operation has repaired the pieces; they wait for re-inspection (leave WIP)."""
    locked = Rework.objects.select_for_update().get(pk=rework.pk)
    if locked.status != ReworkStatus.OPEN:
        raise ValidationError(
            _("This rework is %(status)s already.") % {"status": locked.get_status_display()},
            code="wrong_status",
        )
    locked.status = ReworkStatus.REPAIRED
    locked.repaired_at = timezone.now()
    locked.repaired_by = signed_in_user(by)
    locked.save(update_fields=["status", "repaired_at", "repaired_by"])
    audit_record(
        actor=by,
        action="shopfloor.rework_repaired",
        obj=locked,
        summary=f"{locked.bundle_id}/{locked.operation_id} × {locked.pieces}",
    )
    return locked


@transaction.atomic
def rework_close(bundle: Bundle, *, at: dt.datetime, by: Any = None) -> int:
    """Close the open and repaired rework of `bundle` (it was re-inspected); how many."""
    rows = list(Rework.objects.select_for_update().filter(bundle=bundle, status__in=OPEN_STATUSES))
    for rework in rows:
        rework.status = ReworkStatus.CLOSED
        rework.closed_at = at
        rework.save(update_fields=["status", "closed_at"])
        audit_record(
            actor=by,
            action="shopfloor.rework_closed",
            obj=rework,
            summary=f"{bundle.number}/{rework.operation_id} × {rework.pieces}",
        )
    return len(rows)


def open_rework(bundle: Bundle) -> list[Rework]:
    """The bundle's rework not yet re-inspected (open or repaired), oldest first."""
    return list(
        Rework.objects.filter(bundle=bundle, status__in=OPEN_STATUSES).order_by("opened_at", "pk")
    )
