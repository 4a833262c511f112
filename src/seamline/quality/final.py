"""Final inspection by AQL: the sampling plan of a shipment lot, the cartons to open, and
recording the sample's defects with the verdict the plan gives.

A lot is one order's cartons on a shipment (`shipping.selectors.final_lots`); its size is
counted from the cartons, never typed. The plan comes from `engines.aql` (ISO 2859-1 single
sampling, normal inspection) and is stored with the inspection as it was applied. The
verdict is computed here, on the server, from the defects counted per severity.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.engines import aql
from seamline.orders.models import Order
from seamline.quality.choices import DefectLocation, InspectionKind, Outcome, Severity
from seamline.quality.models import Inspection, InspectionDefect
from seamline.quality.services import DefectInput, QualityError
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.models import Carton, Shipment
from seamline.shipping.selectors import FinalLot, final_lots
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.services import audit_record

CLASSES: tuple[str, ...] = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)
DEFAULT_LEVEL = "II"
DEFAULT_AQL_MAJOR = "2.5"
DEFAULT_AQL_MINOR = "4.0"
ZERO_TOLERANCE = "0"


class ClientIdReused(ValidationError):
    """The client id names an inspection already recorded with other content."""


# --- plans -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassPlan:
    """The plan for one severity class, as shown and stored."""

    severity: str
    aql: str | None  # the AQL label, None = zero tolerance
    code_letter: str
    table_code_letter: str
    sample_size: int  # pieces to inspect for this class (the whole lot when inspect_all)
    plan_sample_size: int  # the sample size of the plan's code letter
    accept: int
    reject: int
    followed_arrow: str | None  # "up", "down" or None
    inspect_all: bool

    @property
    def label(self) -> str:
        return str(Severity(self.severity).label)

    @property
    def arrow_note(self) -> str:
        """What following the table's arrow did, in words; blank when no arrow was followed."""
        if self.followed_arrow is None:
            return ""
        return _(
            "No plan at letter %(letter)s for AQL %(aql)s: the arrow leads to letter "
            "%(plan_letter)s, sample %(sample)s."
        ) % {
            "letter": self.table_code_letter,
            "aql": self.aql,
            "plan_letter": self.code_letter,
            "sample": self.plan_sample_size,
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "aql": self.aql,
            "code_letter": self.code_letter,
            "table_code_letter": self.table_code_letter,
            "sample_size": self.sample_size,
            "plan_sample_size": self.plan_sample_size,
            "accept": self.accept,
            "reject": self.reject,
            "followed_arrow": self.followed_arrow,
            "inspect_all": self.inspect_all,
        }


@dataclass(frozen=True)
class FinalPlan:
    """Plans of the three classes for one lot, and the sample to draw (the largest)."""

    lot_size: int
    level: str
    code_letter: str  # Table 1's letter for the lot size and level
    sample_size: int
    inspect_all: bool
    classes: tuple[ClassPlan, ...]  # critical, major, minor

    def of(self, severity: str) -> ClassPlan:
        return next(c for c in self.classes if c.severity == severity)

    def verdicts(self, found: dict[str, int]) -> dict[str, str]:
        """accept/reject per class for the defects counted per class."""
        return {
            c.severity: "accept" if found.get(c.severity, 0) <= c.accept else "reject"
            for c in self.classes
        }

    def verdict(self, found: dict[str, int]) -> str:
        verdicts = self.verdicts(found)
        return "accept" if all(v == "accept" for v in verdicts.values()) else "reject"


def _class_plan(severity: str, plan: aql.SamplingPlan) -> ClassPlan:
    return ClassPlan(
        severity=severity,
        aql=None if plan.aql is None else _label(plan.aql),
        code_letter=plan.code_letter,
        table_code_letter=plan.table_code_letter,
        sample_size=plan.sample_size,
        plan_sample_size=plan.plan_sample_size,
        accept=plan.accept,
        reject=plan.reject,
        followed_arrow=plan.followed_arrow,
        inspect_all=plan.inspect_all,
    )


def _label(value: Any) -> str:
    """The AQL as printed in the table ("2.5", "0.065"); StopIteration when not standard."""
    number = Decimal(value)
    return next(label for label in aql.AQL_LABELS if Decimal(label) == number)


def final_plan(
    *,
    lot_size: int,
    level: str = DEFAULT_LEVEL,
    aql_critical: str | None = None,
    aql_major: str = DEFAULT_AQL_MAJOR,
    aql_minor: str = DEFAULT_AQL_MINOR,
) -> FinalPlan:
    """The plan for a lot; bad input raises ValidationError naming the field."""
    errors: dict[str, str] = {}
    if isinstance(lot_size, bool) or not isinstance(lot_size, int) or lot_size < 2:
        errors["lot_size"] = _("Lot size must be a whole number of at least 2 pieces.")
    level_text = (level or "").strip()
    try:
        level_text = aql.LEVELS[aql.LEVELS.index(_level(level_text))]
    except ValueError:
        errors["level"] = _(
            "Inspection level %(level)s is not in the table; use one of %(levels)s."
        ) % {
            "level": level or "—",
            "levels": ", ".join(aql.LEVELS),
        }
    labels: dict[str, str | None] = {}
    for name, value, zero_ok in (
        ("aql_critical", aql_critical, True),
        ("aql_major", aql_major, False),
        ("aql_minor", aql_minor, False),
    ):
        text = "" if value is None else str(value).strip()
        if zero_ok and text in ("", "0", "0.0", "0.00", "0.000"):
            labels[name] = None
            continue
        try:
            labels[name] = _label(text) if text else None
        except (ValueError, ArithmeticError, StopIteration):
            labels[name] = None
        if labels[name] is None:
            errors[name] = _("AQL %(aql)s is not a standard value; use one of %(values)s.") % {
                "aql": text or "—",
                "values": ", ".join(aql.AQL_LABELS),
            }
    if errors:
        raise ValidationError(errors)
    plans = aql.inspection_plan(
        lot_size,
        level_text,
        labels["aql_critical"],
        labels["aql_major"] or "",
        labels["aql_minor"] or "",
    )
    classes = (
        _class_plan(Severity.CRITICAL, plans.critical),
        _class_plan(Severity.MAJOR, plans.major),
        _class_plan(Severity.MINOR, plans.minor),
    )
    return FinalPlan(
        lot_size=lot_size,
        level=level_text,
        code_letter=aql.code_letter(lot_size, level_text),
        sample_size=plans.sample_size,
        inspect_all=plans.sample_size >= lot_size,
        classes=classes,
    )


def _level(text: str) -> str:
    """The level as the table spells it (`s1` -> `S-1`), or ValueError."""
    upper = text.upper().replace(" ", "")
    if len(upper) == 2 and upper[0] == "S" and upper[1].isdigit():
        upper = f"S-{upper[1]}"
    if upper not in aql.LEVELS:
        raise ValueError(text)
    return upper


def plan_from_json(data: dict[str, Any]) -> FinalPlan:
    """The plan stored with an inspection, as a FinalPlan again (for pages and the API)."""
    classes = tuple(
        ClassPlan(severity=severity, **data["classes"][severity]) for severity in CLASSES
    )
    return FinalPlan(
        lot_size=data["lot_size"],
        level=data["level"],
        code_letter=data["code_letter"],
        sample_size=data["sample_size"],
        inspect_all=data["inspect_all"],
        classes=classes,
    )


# --- the lot and its cartons -----------------------------------------------------------------


def final_lot(shipment: Shipment, order: Order) -> FinalLot | None:
    """The lot of `order` on `shipment`, or None when the order has no carton on it."""
    return next((lot for lot in final_lots(shipment) if lot.order.pk == order.pk), None)


def lot_carton_numbers(shipment: Shipment, order: Order) -> list[int]:
    return list(
        Carton.objects.filter(shipment=shipment, order=order)
        .order_by("number")
        .values_list("number", flat=True)
    )


def cartons_to_open(numbers: Sequence[int]) -> list[int]:
    """Which cartons to open: the square root of their count, rounded up, spread evenly
    over the carton numbers (the middle carton of each of that many equal runs)."""
    ordered = sorted(numbers)
    total = len(ordered)
    if total == 0:
        return []
    wanted = math.isqrt(total - 1) + 1 if total > 1 else 1
    return [ordered[(2 * i + 1) * total // (2 * wanted)] for i in range(wanted)]


# --- recording -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    inspection: Inspection
    created: bool  # False: the same submission was already recorded (a replay)


def _fingerprint(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def final_inspection_record(
    *,
    shipment: Shipment,
    order: Order,
    level: str = DEFAULT_LEVEL,
    aql_critical: str | None = None,
    aql_major: str = DEFAULT_AQL_MAJOR,
    aql_minor: str = DEFAULT_AQL_MINOR,
    defects: Sequence[DefectInput] = (),
    defective_qty: int | None = None,
    cartons_opened: Sequence[int] = (),
    client_id: str = "",
    by: Any = None,
    inspected_at: Any = None,
    note: str = "",
) -> Inspection:
    """Record the final inspection of `order`'s lot on `shipment` and its verdict.

    Idempotent by `client_id`: the same submission again returns the stored inspection;
    the same id with other content raises `ClientIdReused`. Bad input raises
    ValidationError naming the field; nothing is written then.
    """
    return final_inspection_submit(
        shipment=shipment,
        order=order,
        level=level,
        aql_critical=aql_critical,
        aql_major=aql_major,
        aql_minor=aql_minor,
        defects=defects,
        defective_qty=defective_qty,
        cartons_opened=cartons_opened,
        client_id=client_id,
        by=by,
        inspected_at=inspected_at,
        note=note,
    ).inspection


def final_inspection_submit(
    *,
    shipment: Shipment,
    order: Order,
    level: str = DEFAULT_LEVEL,
    aql_critical: str | None = None,
    aql_major: str = DEFAULT_AQL_MAJOR,
    aql_minor: str = DEFAULT_AQL_MINOR,
    defects: Sequence[DefectInput] = (),
    defective_qty: int | None = None,
    cartons_opened: Sequence[int] = (),
    client_id: str = "",
    by: Any = None,
    inspected_at: Any = None,
    note: str = "",
) -> Recorded:
    """`final_inspection_record`, telling a new inspection from a replayed one."""
    client_id = (client_id or "").strip()
    if len(client_id) > 64:
        raise ValidationError({"client_id": _("The client id is longer than 64 characters.")})
    content = {
        "shipment": shipment.pk,
        "order": order.pk,
        "level": (level or "").strip().upper(),
        "aql": [str(aql_critical or "0"), str(aql_major), str(aql_minor)],
        "defects": sorted(
            [
                d.defect_type.pk,
                d.count,
                d.location or "",
                d.operation.pk if d.operation else None,
                d.severity or "",
            ]
            for d in defects
        ),
        "defective": defective_qty,
        "cartons": sorted(cartons_opened),
        "note": note.strip(),
    }
    fingerprint = _fingerprint(content)
    if client_id:
        stored = _replay(client_id, fingerprint)
        if stored is not None:
            return Recorded(stored, created=False)
    else:
        client_id = uuid.uuid4().hex
    try:
        with transaction.atomic():
            inspection = _record(
                shipment=shipment, order=order, level=level, aql_critical=aql_critical,
                aql_major=aql_major, aql_minor=aql_minor, defects=defects,
                defective_qty=defective_qty, cartons_opened=cartons_opened, client_id=client_id,
                by=by, inspected_at=inspected_at, note=note.strip(), fingerprint=fingerprint,
            )  # fmt: skip
    except IntegrityError:
        # Another request recorded the same client id meanwhile.
        stored = _replay(client_id, fingerprint)
        if stored is None:
            raise
        return Recorded(stored, created=False)
    return Recorded(inspection, created=True)


def _replay(client_id: str, fingerprint: str) -> Inspection | None:
    stored = Inspection.objects.filter(client_id=client_id).first()
    if stored is None:
        return None
    if stored.kind != InspectionKind.FINAL or stored.plan.get("fingerprint") != fingerprint:
        raise ClientIdReused(
            {
                "client_id": _("Inspection id %(id)s was already used for another inspection.")
                % {"id": client_id}
            },
            code=QualityError.ID_REUSED,
        )
    return stored


def _record(
    *,
    shipment: Shipment,
    order: Order,
    level: str,
    aql_critical: str | None,
    aql_major: str,
    aql_minor: str,
    defects: Sequence[DefectInput],
    defective_qty: int | None,
    cartons_opened: Sequence[int],
    client_id: str,
    by: Any,
    inspected_at: Any,
    note: str,
    fingerprint: str,
) -> Inspection:
    locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
    if locked.status in (
        ShipmentStatus.DISPATCHED,
        ShipmentStatus.DELIVERED,
        ShipmentStatus.CANCELLED,
    ):
        raise ValidationError(
            {
                "shipment": _(
                    "Shipment %(number)s is %(status)s: its lots can no longer be inspected."
                )
                % {"number": locked.number, "status": locked.get_status_display()}
            }
        )
    lot = final_lot(locked, order)
    if lot is None:
        raise ValidationError(
            {
                "order": _("Order %(order)s has no cartons on shipment %(number)s.")
                % {"order": order.number, "number": locked.number}
            }
        )
    plan = final_plan(
        lot_size=lot.lot_size,
        level=level,
        aql_critical=aql_critical,
        aql_major=aql_major,
        aql_minor=aql_minor,
    )
    errors: dict[str, list[str]] = {}
    found = dict.fromkeys(CLASSES, 0)
    locations = set(DefectLocation.values)
    for n, item in enumerate(defects, start=1):
        row = _("Defect row %(n)s (%(defect)s)") % {"n": n, "defect": item.defect_type}
        if item.defect_type.tenant_id != locked.tenant_id:
            errors.setdefault("defects", []).append(
                _("%(row)s: unknown defect type.") % {"row": row}
            )
            continue
        if isinstance(item.count, bool) or not isinstance(item.count, int) or item.count < 1:
            errors.setdefault("defects", []).append(
                _("%(row)s: the count must be a whole number of at least 1.") % {"row": row}
            )
            continue
        if item.location and item.location not in locations:
            errors.setdefault("defects", []).append(
                _("%(row)s: location %(location)s is not known.")
                % {"row": row, "location": item.location}
            )
        severity = item.severity or item.defect_type.severity
        if severity not in found:
            errors.setdefault("defects", []).append(
                _("%(row)s: severity %(severity)s is not known.")
                % {"row": row, "severity": severity}
            )
            continue
        found[severity] += item.count
    total = sum(found.values())
    if defective_qty is None:
        defective = min(total, plan.sample_size)
    else:
        defective = defective_qty
        if total and not 1 <= defective <= min(total, plan.sample_size):
            errors.setdefault("defective_qty", []).append(
                _(
                    "Defective pieces must be between 1 and %(most)s (the defects found, "
                    "at most the sample of %(sample)s)."
                )
                % {"most": min(total, plan.sample_size), "sample": plan.sample_size}
            )
        elif not total and defective != 0:
            errors.setdefault("defective_qty", []).append(
                _("Defective pieces must be 0 when no defect was found.")
            )
    numbers = set(lot_carton_numbers(locked, order))
    unknown = sorted(set(cartons_opened) - numbers)
    if unknown:
        errors.setdefault("cartons_opened", []).append(
            _("Cartons %(numbers)s are not in this lot of order %(order)s.")
            % {"numbers": ", ".join(str(x) for x in unknown), "order": order.number}
        )
    if errors:
        raise ValidationError(errors)

    verdicts = plan.verdicts(found)
    outcome = Outcome.PASS if plan.verdict(found) == "accept" else Outcome.REJECT
    styles = list(order.lines.order_by().values_list("style_id", flat=True).distinct())
    when = inspected_at or timezone.now()
    stored_plan: dict[str, Any] = {
        "lot_size": plan.lot_size,
        "level": plan.level,
        "code_letter": plan.code_letter,
        "sample_size": plan.sample_size,
        "inspect_all": plan.inspect_all,
        "classes": {c.severity: c.as_json() for c in plan.classes},
        "found": found,
        "verdicts": verdicts,
        "cartons": lot.cartons,
        "cartons_opened": sorted(set(cartons_opened)),
        "fingerprint": fingerprint,
    }
    inspection = Inspection(
        client_id=client_id,
        kind=InspectionKind.FINAL,
        order=order,
        style_id=styles[0] if len(styles) == 1 else None,
        shipment=locked,
        inspected_at=when,
        inspector=signed_in_user(by),
        checked_qty=plan.sample_size,
        defective_qty=defective,
        outcome=outcome,
        lot_size=plan.lot_size,
        level=plan.level,
        plan=stored_plan,
        note=note[:300],
    )
    inspection.full_clean(exclude=["tenant", "client_id"])
    inspection.save()
    InspectionDefect.objects.bulk_create(
        [
            InspectionDefect(
                tenant_id=inspection.tenant_id,
                inspection=inspection,
                defect_type=item.defect_type,
                severity=item.severity or item.defect_type.severity,
                location=item.location,
                count=item.count,
                operation=item.operation,
                inspected_at=when,
                order=order,
                style_id=inspection.style_id,
                kind=InspectionKind.FINAL,
            )
            for item in defects
        ]
    )
    audit_record(
        actor=by,
        action="quality.final_inspection",
        obj=inspection,
        summary=_("Final inspection of order %(order)s on shipment %(number)s: %(outcome)s")
        % {
            "order": order.number,
            "number": locked.number,
            "outcome": inspection.get_outcome_display(),
        },
        data={"lot_size": plan.lot_size, "found": found, "outcome": outcome},
    )
    return inspection
