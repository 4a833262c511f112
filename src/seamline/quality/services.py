"""Every write of quality's inline and end-of-line inspections and of the defect catalogue.

An inspection is an event with a client-made id: the same id with the same content answers
the stored inspection (one effect), with other content it is refused. Outcomes:

- pass: passed = checked - rejected (small defects fixed on the spot, rejected pieces out);
- rework: the defective pieces not rejected go back to an operation (shopfloor.rework),
  passed = checked - defective;
- reject: the whole bundle (end of line) or sample (inline) is rejected, passed = 0.

Inline inspections never pass pieces for packing (passed = 0). A new end-of-line inspection
of a bundle closes its open or repaired rework: that is the re-inspection.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Operation
from seamline.cutting.models import Bundle
from seamline.quality.choices import DefectLocation, InspectionKind, Outcome, Severity
from seamline.quality.models import DefectType, Inspection, InspectionDefect
from seamline.shopfloor import rework as rework_services
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Line, Rework, Scan, Worker
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.services import audit_record

RECORDED_KINDS = (InspectionKind.INLINE, InspectionKind.END_OF_LINE)
CLIENT_ID_MAX = 64


class QualityError:
    """Codes of refused quality actions (the `code` of the ValidationError)."""

    INVALID = "invalid"
    ID_REUSED = "id_reused"
    NOTHING_LEFT = "nothing_left"
    DUPLICATE_CODE = "duplicate_code"


@dataclass(frozen=True)
class DefectInput:
    """`count` defects of one type at one place; `operation` is the one that made them."""

    defect_type: DefectType
    count: int = 1
    location: str = ""
    operation: Operation | None = None
    severity: str = ""  # blank: the defect type's usual severity


def _refuse(message: str, field: str | None = None, code: str = QualityError.INVALID) -> None:
    error = ValidationError(message, code=code)
    raise ValidationError({field: error}) if field else error


# --- what a bundle's scans say -------------------------------------------------------------


@dataclass(frozen=True)
class _Credit:
    worker_id: int
    line_id: int | None
    scanned_at: dt.datetime


def _credits(bundle: Bundle) -> dict[int, _Credit]:
    """The credited scan of each operation of the bundle (operation id -> credit)."""
    rows = (
        Scan.objects.filter(bundle=bundle, status=ScanStatus.CREDITED)
        .order_by()
        .values_list("operation_id", "worker_id", "line_id", "scanned_at")
    )
    return {op_id: _Credit(worker_id, line_id, at) for op_id, worker_id, line_id, at in rows}


def end_of_line_remaining(bundle: Bundle) -> int:
    """Pieces of the bundle that end-of-line inspection has neither passed nor rejected yet
    (the whole bundle at first, the pieces back from rework on a re-inspection)."""
    done = Inspection.objects.filter(bundle=bundle, kind=InspectionKind.END_OF_LINE).aggregate(
        passed=Sum("passed_qty"), rejected=Sum("rejected_qty")
    )
    return max(0, bundle.quantity - (done["passed"] or 0) - (done["rejected"] or 0))


# --- idempotency ---------------------------------------------------------------------------


def _defect_key(
    defect_type_id: int, count: int, location: str, operation_id: int | None, severity: str
) -> tuple[int, int, str, int, str]:
    return (defect_type_id, count, location, operation_id or 0, severity)


def _same_content(stored: Inspection, given: dict[str, Any]) -> bool:
    """Whether a stored inspection says what a replayed submission says (fields the device
    left out take the values the first answer gave them)."""
    for name in ("kind", "bundle_id", "operation_id", "outcome", "note"):
        if getattr(stored, name) != given[name]:
            return False
    for name in ("checked_qty", "defective_qty", "rejected_qty", "line_id"):
        if given[name] is not None and getattr(stored, name) != given[name]:
            return False
    if given["rework_operation_id"] is not None and (
        stored.rework is None or stored.rework.operation_id != given["rework_operation_id"]
    ):
        return False
    when = given["inspected_at"]
    if when is not None and int(when.timestamp()) != int(stored.inspected_at.timestamp()):
        return False
    stored_defects = sorted(
        _defect_key(d.defect_type_id, d.count, d.location, d.operation_id, d.severity)
        for d in stored.defects.all()
    )
    return stored_defects == sorted(given["defects"])


def _replay(stored: Inspection, given: dict[str, Any]) -> Inspection:
    if not _same_content(stored, given):
        _refuse(
            _("Inspection id %(id)s was already used for another inspection.")
            % {"id": stored.client_id},
            "client_id",
            QualityError.ID_REUSED,
        )
    stored.replayed = True  # type: ignore[attr-defined]
    return stored


# --- recording -----------------------------------------------------------------------------


def _check_defects(
    defects: Sequence[DefectInput], *, bundle: Bundle, kind: str, operation: Operation | None
) -> list[DefectInput]:
    """The defects with their operation and severity filled in; refuses a bad row by number."""
    valid_locations = set(DefectLocation.values) | {""}
    valid_severities = set(Severity.values) | {""}
    result = []
    for n, defect in enumerate(defects, start=1):
        row = _("Defect %(n)s") % {"n": n}
        if defect.count < 1:
            _refuse(
                _("%(row)s: the number of defects must be at least 1.") % {"row": row},
                "defects",
            )
        if defect.defect_type.tenant_id != bundle.tenant_id:
            _refuse(_("%(row)s: unknown defect type.") % {"row": row}, "defects")
        if not defect.defect_type.is_active:
            _refuse(
                _("%(row)s: %(defect)s is no longer in the defect catalogue.")
                % {"row": row, "defect": defect.defect_type},
                "defects",
            )
        if defect.location not in valid_locations:
            _refuse(
                _("%(row)s: unknown location %(location)s.")
                % {"row": row, "location": defect.location},
                "defects",
            )
        if defect.severity not in valid_severities:
            _refuse(
                _("%(row)s: unknown severity %(severity)s.")
                % {"row": row, "severity": defect.severity},
                "defects",
            )
        made_by = defect.operation
        if made_by is None and kind == InspectionKind.INLINE:
            made_by = operation
        if made_by is not None and made_by.style_id != bundle.style_id:
            _refuse(
                _(
                    "%(row)s: operation %(operation)s is not in the bulletin of bundle "
                    "%(bundle)s's style."
                )
                % {"row": row, "operation": made_by.sequence, "bundle": bundle.number},
                "defects",
            )
        result.append(
            DefectInput(
                defect_type=defect.defect_type,
                count=defect.count,
                location=defect.location,
                operation=made_by,
                severity=defect.severity or defect.defect_type.severity,
            )
        )
    return result


@dataclass(frozen=True)
class _Quantities:
    checked: int
    defective: int
    rejected: int
    passed: int
    rework_pieces: int


def _quantities(
    *,
    kind: str,
    outcome: str,
    bundle: Bundle,
    checked_qty: int | None,
    defective_qty: int | None,
    rejected_qty: int,
    total_defects: int,
) -> _Quantities:
    inline = kind == InspectionKind.INLINE
    if inline:
        if checked_qty is None:
            _refuse(_("Say how many pieces of the bundle you checked."), "checked_qty")
        most = bundle.quantity
    else:
        most = end_of_line_remaining(bundle)
        if most == 0:
            _refuse(
                _(
                    "Every piece of bundle %(bundle)s has passed or been rejected at the end "
                    "of the line already."
                )
                % {"bundle": bundle.number},
                "bundle",
                QualityError.NOTHING_LEFT,
            )
    checked = most if checked_qty is None else checked_qty
    if not 1 <= checked <= most:
        _refuse(
            _("Pieces checked must be 1 to %(most)s for bundle %(bundle)s.")
            % {"most": most, "bundle": bundle.number},
            "checked_qty",
        )
    if outcome == Outcome.REJECT:
        return _Quantities(checked, checked, checked, 0, 0)
    defective = min(checked, total_defects) if defective_qty is None else defective_qty
    if not 0 <= defective <= checked:
        _refuse(
            _("Defective pieces must be 0 to %(checked)s (the pieces checked).")
            % {"checked": checked},
            "defective_qty",
        )
    if not 0 <= rejected_qty <= defective:
        _refuse(
            _("Rejected pieces must be 0 to %(defective)s (the defective pieces).")
            % {"defective": defective},
            "rejected_qty",
        )
    if outcome == Outcome.PASS:
        return _Quantities(
            checked, defective, rejected_qty, 0 if inline else checked - rejected_qty, 0
        )
    pieces = defective - rejected_qty
    if pieces < 1:
        _refuse(
            _("Rework needs at least one defective piece that is not rejected."),
            "defective_qty",
        )
    return _Quantities(
        checked, defective, rejected_qty, 0 if inline else checked - defective, pieces
    )


def _rework_target(
    *,
    kind: str,
    bundle: Bundle,
    operation: Operation | None,
    rework_operation: Operation | None,
    defects: list[DefectInput],
) -> Operation:
    target = rework_operation
    if target is None:
        target = next((d.operation for d in defects if d.operation is not None), None)
    if target is None and kind == InspectionKind.INLINE:
        target = operation
    if target is None:
        _refuse(_("Say which operation the bundle goes back to."), "rework_operation")
    assert target is not None
    if target.style_id != bundle.style_id:
        _refuse(
            _("Operation %(operation)s is not in the bulletin of bundle %(bundle)s's style.")
            % {"operation": target.sequence, "bundle": bundle.number},
            "rework_operation",
        )
    return target


def inspection_record(
    *,
    kind: str,
    bundle: Bundle,
    checked_qty: int | None,
    defects: Sequence[DefectInput],
    outcome: str,
    operation: Operation | None = None,
    defective_qty: int | None = None,
    rejected_qty: int = 0,
    rework_operation: Operation | None = None,
    line: Line | None = None,
    client_id: str = "",
    inspected_at: dt.datetime | None = None,
    by: Any = None,
    note: str = "",
) -> Inspection:
    """Record an inline or end-of-line inspection of `bundle` (see the module's docstring).

    A replay (same `client_id`, same content) returns the stored inspection with
    `.replayed = True`; the same id with other content raises ValidationError (code
    `id_reused`). Nothing is written when anything is refused.
    """
    client_id = client_id.strip() or uuid.uuid4().hex
    if len(client_id) > CLIENT_ID_MAX:
        _refuse(_("An inspection id has 1 to 64 characters."), "client_id")
    note = note.strip()[:300]
    given: dict[str, Any] = {
        "kind": kind,
        "bundle_id": bundle.pk,
        "operation_id": operation.pk if operation else None,
        "outcome": outcome,
        "note": note,
        "checked_qty": checked_qty,
        "defective_qty": defective_qty,
        "rejected_qty": rejected_qty if outcome != Outcome.REJECT else None,
        "line_id": line.pk if line else None,
        "rework_operation_id": rework_operation.pk if rework_operation else None,
        "inspected_at": inspected_at,
        "defects": [],
    }
    stored = _stored(client_id)
    if stored is not None:
        given["defects"] = _given_defects(defects, kind=kind, operation=operation)
        return _replay(stored, given)
    try:
        with transaction.atomic():
            return _record(
                kind=kind,
                bundle=bundle,
                checked_qty=checked_qty,
                defects=defects,
                outcome=outcome,
                operation=operation,
                defective_qty=defective_qty,
                rejected_qty=rejected_qty,
                rework_operation=rework_operation,
                line=line,
                client_id=client_id,
                inspected_at=inspected_at,
                by=by,
                note=note,
            )
    except IntegrityError:
        # Another request stored this id meanwhile: answer as a replay.
        stored = _stored(client_id)
        if stored is None:
            raise
        given["defects"] = _given_defects(defects, kind=kind, operation=operation)
        return _replay(stored, given)


def _given_defects(
    defects: Sequence[DefectInput], *, kind: str, operation: Operation | None
) -> list[tuple[int, int, str, int, str]]:
    result = []
    for d in defects:
        made_by = d.operation or (operation if kind == InspectionKind.INLINE else None)
        result.append(
            _defect_key(
                d.defect_type.pk,
                d.count,
                d.location,
                made_by.pk if made_by else None,
                d.severity or d.defect_type.severity,
            )
        )
    return result


def _stored(client_id: str) -> Inspection | None:
    # No ORDER BY: the id is unique, and `first()`'s default ordering made PostgreSQL sort.
    found = list(
        Inspection.objects.filter(client_id=client_id)
        .order_by()
        .select_related("rework")
        .prefetch_related("defects")[:1]
    )
    return found[0] if found else None


def _record(
    *,
    kind: str,
    bundle: Bundle,
    checked_qty: int | None,
    defects: Sequence[DefectInput],
    outcome: str,
    operation: Operation | None,
    defective_qty: int | None,
    rejected_qty: int,
    rework_operation: Operation | None,
    line: Line | None,
    client_id: str,
    inspected_at: dt.datetime | None,
    by: Any,
    note: str,
) -> Inspection:
    if kind not in RECORDED_KINDS:
        _refuse(_("Record inline or end-of-line inspections here."), "kind")
    if outcome not in Outcome.values:
        _refuse(_("The outcome is pass, rework or reject."), "outcome")
    if kind == InspectionKind.INLINE:
        if operation is None:
            _refuse(_("Say which operation you inspected."), "operation")
    elif operation is not None:
        _refuse(
            _(
                "An end-of-line inspection checks the finished bundle; name the operation "
                "on each defect instead."
            ),
            "operation",
        )
    if operation is not None and operation.style_id != bundle.style_id:
        _refuse(
            _("Operation %(operation)s is not in the bulletin of bundle %(bundle)s's style.")
            % {"operation": operation.sequence, "bundle": bundle.number},
            "operation",
        )
    # One writer per bundle at a time: the remaining pieces and the rework are read once.
    Bundle.objects.select_for_update().filter(pk=bundle.pk).exists()
    checked_defects = _check_defects(defects, bundle=bundle, kind=kind, operation=operation)
    qty = _quantities(
        kind=kind,
        outcome=outcome,
        bundle=bundle,
        checked_qty=checked_qty,
        defective_qty=defective_qty,
        rejected_qty=rejected_qty,
        total_defects=sum(d.count for d in checked_defects),
    )
    target = None
    if outcome == Outcome.REWORK:
        target = _rework_target(
            kind=kind,
            bundle=bundle,
            operation=operation,
            rework_operation=rework_operation,
            defects=checked_defects,
        )
    now = timezone.now()
    at = min(inspected_at, now) if inspected_at else now
    credits = _credits(bundle)
    if line is None:
        if kind == InspectionKind.INLINE:
            assert operation is not None
            credit = credits.get(operation.pk)
        else:
            credit = max(credits.values(), key=lambda c: c.scanned_at, default=None)
        line_id = credit.line_id if credit else None
    else:
        line_id = line.pk

    if kind == InspectionKind.END_OF_LINE:
        rework_services.rework_close(bundle, at=at, by=by)
    rework: Rework | None = None
    if target is not None:
        credit = credits.get(target.pk)
        rework = rework_services.rework_send(
            bundle=bundle,
            operation=target,
            pieces=qty.rework_pieces,
            reason=", ".join(str(d.defect_type) for d in checked_defects)[:300],
            worker=Worker.objects.get(pk=credit.worker_id) if credit else None,
            by=by,
            at=at,
        )
    inspection = Inspection(
        client_id=client_id,
        kind=kind,
        order_id=bundle.order_id,
        style_id=bundle.style_id,
        bundle=bundle,
        operation=operation,
        line_id=line_id,
        inspected_at=at,
        inspector=signed_in_user(by),
        checked_qty=qty.checked,
        defective_qty=qty.defective,
        rejected_qty=qty.rejected,
        passed_qty=qty.passed,
        outcome=outcome,
        rework=rework,
        note=note,
    )
    inspection.save()
    tenant_id = inspection.tenant_id
    InspectionDefect.objects.bulk_create(
        [
            InspectionDefect(
                tenant_id=tenant_id,
                inspection=inspection,
                defect_type=d.defect_type,
                severity=d.severity,
                location=d.location,
                count=d.count,
                operation=d.operation,
                worker_id=(
                    credits[d.operation.pk].worker_id
                    if d.operation is not None and d.operation.pk in credits
                    else None
                ),
                inspected_at=at,
                order_id=bundle.order_id,
                style_id=bundle.style_id,
                line_id=line_id,
                kind=kind,
            )
            for d in checked_defects
        ]
    )
    audit_record(
        actor=by,
        action="quality.inspection",
        obj=inspection,
        summary=f"{kind} {bundle.number}: {outcome} "
        f"({qty.checked} checked, {qty.defective} defective, {qty.rejected} rejected)",
        data={"client_id": client_id, "defects": len(checked_defects)},
    )
    inspection.replayed = False  # type: ignore[attr-defined]
    return inspection


# --- the defect catalogue ------------------------------------------------------------------


def _check_code(code: str, *, exclude: int | None = None) -> str:
    code = code.strip().upper()
    if not code:
        _refuse(_("A defect type needs a code."), "code")
    taken = DefectType.objects.filter(code__iexact=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        _refuse(
            _("Code %(code)s is in the catalogue already.") % {"code": code},
            "code",
            QualityError.DUPLICATE_CODE,
        )
    return code


@transaction.atomic
def defect_type_create(
    *, code: str, name: str, category: str, severity: str, by: Any = None
) -> DefectType:
    defect_type = DefectType(
        code=_check_code(code), name=name.strip(), category=category, severity=severity
    )
    defect_type.full_clean(exclude=["tenant"])
    defect_type.save()
    audit_record(
        actor=by, action="quality.defect_type_create", obj=defect_type, summary=str(defect_type)
    )
    return defect_type


@transaction.atomic
def defect_type_update(*, defect_type: DefectType, by: Any = None, **fields: Any) -> DefectType:
    """Change code, name, category, severity or `is_active` (deactivating keeps history)."""
    if "code" in fields:
        fields["code"] = _check_code(fields["code"], exclude=defect_type.pk)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    before = {name: getattr(defect_type, name) for name in fields}
    for name, value in fields.items():
        setattr(defect_type, name, value)
    defect_type.full_clean(exclude=["tenant"])
    defect_type.save(update_fields=list(fields))
    audit_record(
        actor=by,
        action="quality.defect_type_update",
        obj=defect_type,
        summary=str(defect_type),
        data={"before": {k: str(v) for k, v in before.items()}},
    )
    return defect_type
