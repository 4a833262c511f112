"""Shared helpers of the catalog services: normalizing, change tracking, unique codes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from seamline.catalog.errors import CatalogErrorCode as Code
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

ZERO = Decimal("0")
# Renumbering first moves every row out of the way, so no unique (style, sequence) ever clashes.
SEQUENCE_OFFSET = 1_000_000
POSITION_OFFSET = 10_000  # sizes: a small integer column
HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")

CUSTOMER_FIELDS = ("code", "name", "country", "currency", "contact")
COLOUR_FIELDS = ("code", "name", "hex")
MATERIAL_FIELDS = (
    "code",
    "name",
    "kind",
    "unit",
    "width_cm",
    "composition",
    "supplier",
    "unit_price",
    "currency",
)
STYLE_FIELDS = (
    "code",
    "name",
    "customer",
    "category",
    "season",
    "size_grid",
    "description",
    "is_active",
)
OPERATION_FIELDS = ("name", "section", "machine_type", "smv", "piece_rate", "skill_grade")
BOM_FIELDS = ("material", "consumption", "wastage_pct", "placement")
UPPER_FIELDS = {"country", "currency"}

M = TypeVar("M", bound=models.Model)


# --- helpers -------------------------------------------------------------------------------


def _normalize(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
            if name in UPPER_FIELDS:
                value = value.upper()
        cleaned[name] = value
    return cleaned


def _apply(obj: models.Model, changes: Mapping[str, Any], allowed: Sequence[str]) -> list[str]:
    """Set the allowed `changes` on `obj`; return the names of the fields that changed."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(unknown)},
            code=Code.UNKNOWN_FIELD,
        )
    changed = []
    for name, value in _normalize(changes).items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _check_unique_code(
    model: type[models.Model], code: str, *, exclude_pk: int | None = None
) -> None:
    taken = model._default_manager.filter(code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("%(what)s with the code %(code)s already exists.")
                    % {"what": capfirst(model._meta.verbose_name), "code": code},
                    code=Code.DUPLICATE_CODE,
                )
            }
        )


def _create(model: type[M], *, by: Any, values: Mapping[str, Any]) -> M:
    values = _normalize(values)
    if "code" in values:
        _check_unique_code(model, values["code"])
    obj = model(tenant=require_tenant(), **values)
    obj.full_clean()
    obj.save()
    obj.refresh_from_db()  # values as stored (decimals at their scale)
    audit_record(actor=by, action=f"{model._meta.model_name}.create", obj=obj, summary=str(obj))
    return obj


def _update(obj: M, *, by: Any, changes: Mapping[str, Any], allowed: Sequence[str]) -> list[str]:
    changed = _apply(obj, changes, allowed)
    if not changed:
        return changed
    if "code" in changed:
        _check_unique_code(type(obj), obj.code, exclude_pk=obj.pk)  # type: ignore[attr-defined]
    obj.full_clean()
    fields = [*changed, "updated_at"] if hasattr(obj, "updated_at") else changed
    obj.save(update_fields=fields)
    obj.refresh_from_db(fields=changed)
    audit_record(
        actor=by,
        action=f"{obj._meta.model_name}.update",
        obj=obj,
        summary=str(obj),
        data={"fields": changed},
    )
    return changed


def _in_use(obj: models.Model) -> ValidationError:
    return ValidationError(
        _("%(what)s %(obj)s is still used elsewhere and cannot be deleted.")
        % {"what": capfirst(obj._meta.verbose_name), "obj": obj},
        code=Code.IN_USE,
    )


def _check_hex(hex_value: str) -> None:
    if hex_value and not HEX_COLOUR.match(hex_value):
        raise ValidationError(
            {"hex": ValidationError(_("Write the swatch as #RRGGBB, e.g. #1F3A93."))}
        )
