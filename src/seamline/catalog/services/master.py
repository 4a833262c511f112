"""Writes of master data: customers, colours, materials, size grids."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils.translation import gettext as _

from seamline.catalog.errors import CatalogErrorCode as Code
from seamline.catalog.models import (
    Colour,
    Customer,
    Material,
    Size,
    SizeGrid,
)
from seamline.catalog.services._base import (
    COLOUR_FIELDS,
    CUSTOMER_FIELDS,
    MATERIAL_FIELDS,
    POSITION_OFFSET,
    ZERO,
    _check_hex,
    _create,
    _update,
)
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

# --- customers, colours, materials ---------------------------------------------------------


@transaction.atomic
def customer_create(
    *,
    code: str,
    name: str,
    by: Any,
    country: str = "",
    currency: str = "",
    contact: str = "",
) -> Customer:
    return _create(
        Customer,
        by=by,
        values={
            "code": code,
            "name": name,
            "country": country,
            "currency": currency or require_tenant().currency,
            "contact": contact,
        },
    )


@transaction.atomic
def customer_update(*, customer: Customer, by: Any, **changes: Any) -> Customer:
    if not changes.get("currency", "x"):
        changes.pop("currency")  # blank keeps the currency
    _update(customer, by=by, changes=changes, allowed=CUSTOMER_FIELDS)
    return customer


@transaction.atomic
def colour_create(*, code: str, name: str, by: Any, hex: str = "") -> Colour:  # noqa: A002
    _check_hex(hex.strip())
    return _create(Colour, by=by, values={"code": code, "name": name, "hex": hex})


@transaction.atomic
def colour_update(*, colour: Colour, by: Any, **changes: Any) -> Colour:
    if "hex" in changes:
        _check_hex(str(changes["hex"]).strip())
    _update(colour, by=by, changes=changes, allowed=COLOUR_FIELDS)
    return colour


@transaction.atomic
def material_create(
    *,
    code: str,
    name: str,
    kind: str,
    unit: str,
    by: Any,
    width_cm: Decimal | None = None,
    composition: str = "",
    supplier: str = "",
    unit_price: Decimal = ZERO,
    currency: str = "",
) -> Material:
    return _create(
        Material,
        by=by,
        values={
            "code": code,
            "name": name,
            "kind": kind,
            "unit": unit,
            "width_cm": width_cm,
            "composition": composition,
            "supplier": supplier,
            "unit_price": unit_price,
            "currency": currency or require_tenant().currency,
        },
    )


@transaction.atomic
def material_update(*, material: Material, by: Any, **changes: Any) -> Material:
    if not changes.get("currency", "x"):
        changes.pop("currency")  # blank keeps the currency
    _update(material, by=by, changes=changes, allowed=MATERIAL_FIELDS)
    return material


# --- size grids ----------------------------------------------------------------------------


def _set_sizes(grid: SizeGrid, sizes: Sequence[str]) -> None:
    """Make the grid's sizes exactly `sizes`, in that order; keep rows whose code stays."""
    codes = [code.strip() for code in sizes if code and code.strip()]
    if not codes:
        raise ValidationError(
            {"sizes": ValidationError(_("Give at least one size."), Code.NO_SIZES)}
        )
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(
            {
                "sizes": ValidationError(
                    _("Each size may appear once; repeated: %(sizes)s.")
                    % {"sizes": ", ".join(duplicates)},
                    Code.DUPLICATE_SIZE,
                )
            }
        )
    too_long = [code for code in codes if len(code) > 16]
    if too_long:
        raise ValidationError(
            {
                "sizes": _("A size has at most 16 characters: %(sizes)s.")
                % {"sizes": ", ".join(too_long)}
            }
        )
    existing = {size.code: size for size in Size.objects.filter(grid=grid)}
    for code, size in existing.items():
        if code not in codes:
            try:
                with transaction.atomic():
                    size.delete()
            except ProtectedError as exc:
                raise ValidationError(
                    {
                        "sizes": ValidationError(
                            _("Size %(size)s is used by orders and cannot be removed.")
                            % {"size": code},
                            Code.SIZE_IN_USE,
                        )
                    }
                ) from exc
    Size.objects.filter(grid=grid).update(position=F("position") + POSITION_OFFSET)
    kept = []
    for position, code in enumerate(codes, start=1):
        if code in existing:
            existing[code].position = position
            kept.append(existing[code])
        else:
            Size.objects.create(tenant=grid.tenant, grid=grid, code=code, position=position)
    Size.objects.bulk_update(kept, ["position"])


@transaction.atomic
def size_grid_create(*, code: str, name: str, sizes: Sequence[str], by: Any) -> SizeGrid:
    grid = _create(SizeGrid, by=by, values={"code": code, "name": name})
    _set_sizes(grid, sizes)
    return grid


@transaction.atomic
def size_grid_update(
    *, grid: SizeGrid, by: Any, sizes: Sequence[str] | None = None, **changes: Any
) -> SizeGrid:
    _update(grid, by=by, changes=changes, allowed=("code", "name"))
    if sizes is not None:
        before = list(Size.objects.filter(grid=grid).values_list("code", flat=True))
        _set_sizes(grid, sizes)
        after = list(Size.objects.filter(grid=grid).values_list("code", flat=True))
        if before != after:
            audit_record(
                actor=by,
                action="sizegrid.sizes",
                obj=grid,
                summary=" ".join(after),
                data={"before": before, "after": after},
            )
    return grid
