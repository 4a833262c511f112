"""Writes of styles (with colourways and picture) and their bills of materials."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from seamline.catalog.choices import StyleCategory
from seamline.catalog.errors import CatalogErrorCode as Code
from seamline.catalog.models import (
    BomLine,
    BomLineSize,
    Colour,
    Customer,
    Material,
    Size,
    SizeGrid,
    Style,
    StyleColour,
)
from seamline.catalog.services._base import (
    BOM_FIELDS,
    STYLE_FIELDS,
    ZERO,
    _apply,
    _check_unique_code,
    _normalize,
    _update,
)
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

# --- styles --------------------------------------------------------------------------------


def _set_colours(style: Style, colours: Iterable[Colour]) -> bool:
    wanted = {colour.pk: colour for colour in colours}
    for colour in wanted.values():
        if colour.tenant_id != style.tenant_id:
            raise ValidationError({"colours": _("Unknown colour.")}, code=Code.BAD_REFERENCE)
    existing = set(StyleColour.objects.filter(style=style).values_list("colour_id", flat=True))
    removed = existing - set(wanted)
    if removed:
        StyleColour.objects.filter(style=style, colour_id__in=removed).delete()
    for colour_id in sorted(set(wanted) - existing):
        StyleColour.objects.create(tenant=style.tenant, style=style, colour=wanted[colour_id])
    return existing != set(wanted)


def _delete_file_on_commit(name: str, field: Any) -> None:
    if name:
        storage = field.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def style_create(
    *,
    code: str,
    name: str,
    size_grid: SizeGrid,
    by: Any,
    customer: Customer | None = None,
    category: str = StyleCategory.OTHER,
    season: str = "",
    description: str = "",
    is_active: bool = True,
    picture: File | None = None,
    colours: Iterable[Colour] = (),
) -> Style:
    values = _normalize(
        {
            "code": code,
            "name": name,
            "size_grid": size_grid,
            "customer": customer,
            "category": category,
            "season": season,
            "description": description,
            "is_active": is_active,
        }
    )
    _check_unique_code(Style, values["code"])
    style = Style(tenant=require_tenant(), **values)
    if picture is not None:
        style.picture = picture
    style.full_clean()
    style.save()
    _set_colours(style, colours)
    audit_record(actor=by, action="style.create", obj=style, summary=str(style))
    return style


@transaction.atomic
def style_update(
    *,
    style: Style,
    by: Any,
    colours: Iterable[Colour] | None = None,
    picture: File | None = None,
    clear_picture: bool = False,
    **changes: Any,
) -> Style:
    """Change a style's facts; `colours` (when given) replaces its colourways."""
    new_grid = changes.get("size_grid")
    if (
        new_grid is not None
        and new_grid.pk != style.size_grid_id
        and BomLineSize.objects.filter(bom_line__style=style).exists()
    ):
        raise ValidationError(
            {
                "size_grid": ValidationError(
                    _(
                        "The bill of materials has consumptions per size of the current grid; "
                        "remove them before changing the size grid."
                    ),
                    Code.GRID_CHANGE_BLOCKED,
                )
            }
        )
    changed = _apply(style, changes, STYLE_FIELDS)
    if "code" in changed:
        _check_unique_code(Style, style.code, exclude_pk=style.pk)
    old_picture = style.picture.name
    if picture is not None or (clear_picture and old_picture):
        style.picture = picture or ""
        changed.append("picture")
    if changed:
        style.full_clean()
        style.save(update_fields=[*changed, "updated_at"])
        style.refresh_from_db(fields=[name for name in changed if name != "picture"] or None)
        if "picture" in changed:
            _delete_file_on_commit(old_picture, style.picture)
    if colours is not None and _set_colours(style, colours):
        changed.append("colours")
    if changed:
        audit_record(
            actor=by, action="style.update", obj=style, summary=str(style), data={"fields": changed}
        )
    return style


@transaction.atomic
def style_delete(*, style: Style, by: Any) -> None:
    audit_record(actor=by, action="style.delete", obj=style, summary=str(style))
    picture = style.picture.name
    try:
        with transaction.atomic():
            style.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Style %(code)s is used by orders; mark it inactive instead.") % {"code": style.code},
            code=Code.IN_USE,
        ) from exc
    _delete_file_on_commit(picture, Style._meta.get_field("picture"))


# --- bill of materials ---------------------------------------------------------------------


def _check_bom_unique(
    style: Style, material: Material, placement: str, *, exclude_pk: int | None = None
) -> None:
    taken = BomLine.objects.filter(style=style, material=material, placement=placement)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "material": ValidationError(
                    _("%(material)s is already on this bill of materials%(where)s.")
                    % {
                        "material": material,
                        "where": f" ({placement})" if placement else "",
                    },
                    Code.DUPLICATE_CODE,
                )
            }
        )


def _set_size_overrides(line: BomLine, consumptions: Mapping[Size, Decimal | None]) -> None:
    """Make the line's per-size consumptions exactly `consumptions` (None drops a size)."""
    wanted: dict[int, tuple[Size, Decimal]] = {}
    for size, value in consumptions.items():
        if size.grid_id != line.style.size_grid_id:
            raise ValidationError(
                {
                    "size_consumptions": ValidationError(
                        _("Size %(size)s is not in the size grid of style %(style)s.")
                        % {"size": size.code, "style": line.style.code},
                        Code.SIZE_NOT_OF_STYLE,
                    )
                }
            )
        if value is None:
            continue
        override = BomLineSize(tenant=line.tenant, bom_line=line, size=size, consumption=value)
        try:
            override.full_clean(exclude=["bom_line"], validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "size_consumptions": _("Size %(size)s: %(error)s")
                    % {"size": size.code, "error": " ".join(exc.messages)}
                }
            ) from exc
        wanted[size.pk] = (size, value)
    existing = {o.size_id: o for o in BomLineSize.objects.filter(bom_line=line)}
    BomLineSize.objects.filter(bom_line=line).exclude(size_id__in=wanted).delete()
    for size_id, (size, value) in wanted.items():
        if size_id in existing:
            if existing[size_id].consumption != value:
                existing[size_id].consumption = value
                existing[size_id].save(update_fields=["consumption"])
        else:
            BomLineSize.objects.create(
                tenant=line.tenant, bom_line=line, size=size, consumption=value
            )


@transaction.atomic
def bom_line_create(
    *,
    style: Style,
    material: Material,
    consumption: Decimal,
    by: Any,
    wastage_pct: Decimal = ZERO,
    placement: str = "",
    size_consumptions: Mapping[Size, Decimal | None] | None = None,
) -> BomLine:
    """A material on the style's BOM; `size_consumptions` overrides the consumption per size."""
    placement = placement.strip()
    _check_bom_unique(style, material, placement)
    line = BomLine(
        tenant=style.tenant,
        style=style,
        material=material,
        consumption=consumption,
        wastage_pct=wastage_pct,
        placement=placement,
    )
    line.full_clean()
    line.save()
    if size_consumptions:
        _set_size_overrides(line, size_consumptions)
    audit_record(actor=by, action="bomline.create", obj=line, summary=f"{style.code}: {material}")
    return line


@transaction.atomic
def bom_line_update(
    *,
    bom_line: BomLine,
    by: Any,
    size_consumptions: Mapping[Size, Decimal | None] | None = None,
    **changes: Any,
) -> BomLine:
    material = changes.get("material", bom_line.material)
    placement = str(changes.get("placement", bom_line.placement)).strip()
    _check_bom_unique(bom_line.style, material, placement, exclude_pk=bom_line.pk)
    _update(bom_line, by=by, changes=changes, allowed=BOM_FIELDS)
    if size_consumptions is not None:
        _set_size_overrides(bom_line, size_consumptions)
    return bom_line


@transaction.atomic
def bom_line_delete(*, bom_line: BomLine, by: Any) -> None:
    audit_record(
        actor=by,
        action="bomline.delete",
        obj=bom_line,
        summary=f"{bom_line.style.code}: {bom_line.material}",
    )
    bom_line.delete()
