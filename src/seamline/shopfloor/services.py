"""Every write to sewing lines and workers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from seamline.shopfloor.choices import PayType
from seamline.shopfloor.models import Line, Worker
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

LINE_FIELDS = ("code", "name", "target_per_hour", "working_minutes_per_day", "is_active")
WORKER_FIELDS = (
    "code",
    "name",
    "line",
    "skill_grade",
    "pay_type",
    "hourly_rate",
    "phone",
    "hired_on",
)


def _check_code(model: type[models.Model], code: str, *, exclude_pk: int | None = None) -> None:
    taken = model._default_manager.filter(code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("%(code)s is already taken.") % {"code": code}, code="duplicate_code"
                )
            }
        )


def _apply(obj: models.Model, changes: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    changed: dict[str, Any] = {}
    for name, value in changes.items():
        old = getattr(obj, name)
        if old != value:
            changed[name] = {"from": str(old), "to": str(value)}
            setattr(obj, name, value)
    return changed


@transaction.atomic
def line_create(
    *,
    code: str,
    name: str,
    by: Any,
    target_per_hour: int = 0,
    working_minutes_per_day: int = 480,
    is_active: bool = True,
) -> Line:
    code = code.strip()
    _check_code(Line, code)
    line = Line(
        tenant=require_tenant(),
        code=code,
        name=name.strip(),
        target_per_hour=target_per_hour,
        working_minutes_per_day=working_minutes_per_day,
        is_active=is_active,
    )
    line.full_clean()
    line.save()
    audit_record(actor=by, action="line.create", obj=line, summary=f"{line.code} {line.name}")
    return line


@transaction.atomic
def line_update(*, line: Line, by: Any, **changes: Any) -> Line:
    if "code" in changes:
        changes["code"] = str(changes["code"]).strip()
        _check_code(Line, changes["code"], exclude_pk=line.pk)
    changed = _apply(line, changes, LINE_FIELDS)
    if changed:
        line.full_clean()
        line.save(update_fields=list(changed))
        audit_record(actor=by, action="line.update", obj=line, summary=line.code, data=changed)
    return line


@transaction.atomic
def worker_create(
    *,
    code: str,
    name: str,
    by: Any,
    line: Line | None = None,
    skill_grade: int = 2,
    pay_type: str = PayType.PIECE,
    hourly_rate: Decimal = Decimal("0"),
    phone: str = "",
    hired_on: dt.date | None = None,
) -> Worker:
    code = code.strip()
    _check_code(Worker, code)
    worker = Worker(
        tenant=require_tenant(),
        code=code,
        name=name.strip(),
        line=line,
        skill_grade=skill_grade,
        pay_type=pay_type,
        hourly_rate=hourly_rate,
        phone=phone.strip(),
        hired_on=hired_on,
    )
    worker.full_clean()
    worker.save()
    audit_record(actor=by, action="worker.create", obj=worker, summary=str(worker))
    return worker


@transaction.atomic
def worker_update(*, worker: Worker, by: Any, **changes: Any) -> Worker:
    if "code" in changes:
        changes["code"] = str(changes["code"]).strip()
        _check_code(Worker, changes["code"], exclude_pk=worker.pk)
    changed = _apply(worker, changes, WORKER_FIELDS)
    if changed:
        worker.full_clean()
        worker.save(update_fields=list(changed))
        audit_record(
            actor=by, action="worker.update", obj=worker, summary=worker.code, data=changed
        )
    return worker


def _set_active(worker: Worker, *, active: bool, by: Any) -> Worker:
    if worker.is_active != active:
        worker.is_active = active
        worker.save(update_fields=["is_active"])
        audit_record(
            actor=by,
            action="worker.reactivate" if active else "worker.deactivate",
            obj=worker,
            summary=worker.code,
        )
    return worker


@transaction.atomic
def worker_deactivate(*, worker: Worker, by: Any) -> Worker:
    """Take a worker off the roster (they stay in history; nothing is deleted)."""
    return _set_active(worker, active=False, by=by)


@transaction.atomic
def worker_reactivate(*, worker: Worker, by: Any) -> Worker:
    return _set_active(worker, active=True, by=by)
