"""Approved pay stays as it was when the bulletin's piece rate is edited.

The bulletin's rate is an operation's rate on every day before its first dated rate, so an
edit after a period was approved would reprice that period's late pieces. When that would
happen, payroll keeps the old rate for the approved days and starts the new one the day after
them, as two dated rates (the bulletin itself changes as the planner asked).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from seamline.catalog.models import Operation
from seamline.payroll.choices import LOCKED_STATUSES
from seamline.payroll.models import OperationRate, PayPeriod
from seamline.tenancy.context import current_tenant


def keep_approved_rates(sender: type[Operation], instance: Operation, **kwargs: Any) -> None:
    if instance.pk is None or current_tenant() is None:
        return
    before = Operation.objects.filter(pk=instance.pk).values_list("piece_rate", flat=True).first()
    if before is None or before == instance.piece_rate:
        return
    locked = PayPeriod.objects.filter(status__in=LOCKED_STATUSES)
    first_locked = locked.order_by("start").values_list("start", flat=True).first()
    last_locked = locked.order_by("-end").values_list("end", flat=True).first()
    if first_locked is None or last_locked is None:
        return
    dated = OperationRate.objects.filter(operation_id=instance.pk)
    first_dated = dated.order_by("effective_from").values_list("effective_from", flat=True)
    first_day = first_dated.first()
    if first_day is not None and first_day <= first_locked:
        return  # the bulletin's rate pays no approved day
    note = "bulletin rate kept for approved pay"
    OperationRate.objects.create(
        tenant_id=instance.tenant_id,
        operation_id=instance.pk,
        effective_from=first_locked,
        rate=before,
        note=note,
    )
    day_after = last_locked + dt.timedelta(days=1)
    if first_day is None or first_day > day_after:
        OperationRate.objects.create(
            tenant_id=instance.tenant_id,
            operation_id=instance.pk,
            effective_from=day_after,
            rate=instance.piece_rate,
            note="bulletin rate changed",
        )
