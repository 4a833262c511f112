from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile

from seamline.catalog.models import BomLineSize
from tests.catalog.factories import (
    BomLineFactory,
    ColourFactory,
    CustomerFactory,
    MaterialFactory,
    OperationFactory,
    SizeGridFactory,
    StyleFactory,
    png_bytes,
    precede,
)
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    customer = CustomerFactory(code=f"{marker}-C", name=f"{marker} customer")
    grid = SizeGridFactory(code=f"{marker}-G", name=f"{marker} grid", sizes=[f"{marker}S", "M"])
    colour = ColourFactory(code=f"{marker}-RED", name=f"{marker} red")
    style = StyleFactory(
        code=f"{marker}-ST",
        name=f"{marker} style",
        customer=customer,
        size_grid=grid,
        season=f"{marker}",
        colours=[colour],
    )
    style.picture.save("front.png", ContentFile(png_bytes()), save=True)
    material = MaterialFactory(code=f"{marker}-M", name=f"{marker} jersey", supplier=marker)
    bom_line = BomLineFactory(style=style, material=material, placement=marker)
    BomLineSize.objects.create(
        bom_line=bom_line, size=grid.sizes.get(position=1), consumption=Decimal("1.1")
    )
    first = OperationFactory(style=style, sequence=1, name=f"{marker} join shoulders")
    second = OperationFactory(style=style, sequence=2, name=f"{marker} attach sleeves")
    precede(first, second)
    return {
        "customer": customer,
        "size_grid": grid,
        "colour": colour,
        "style": style,
        "material": material,
        "bom_line": bom_line,
        "operation": second,
    }


def _style(w: World) -> dict[str, int]:
    return {"pk": w["style"].pk}


def _operation(w: World) -> dict[str, int]:
    return {"pk": w["operation"].pk}


def _bom_line(w: World) -> dict[str, int]:
    return {"pk": w["bom_line"].pk}


CASES = Cases(
    build=build,
    urls={
        "catalog:style_detail": _style,
        "catalog:style_edit": _style,
        "catalog:style_delete": _style,
        "catalog:style_picture": _style,
        "catalog:operation_create": _style,
        "catalog:bom_line_create": _style,
        "catalog:operation_edit": _operation,
        "catalog:operation_delete": _operation,
        "catalog:operation_move": _operation,
        "catalog:bom_line_edit": _bom_line,
        "catalog:bom_line_delete": _bom_line,
        "catalog:material_edit": lambda w: {"pk": w["material"].pk},
        "catalog:customer_edit": lambda w: {"pk": w["customer"].pk},
        "catalog:size_grid_edit": lambda w: {"pk": w["size_grid"].pk},
        "catalog:colour_edit": lambda w: {"pk": w["colour"].pk},
        "api:style_get": lambda w: {"style_id": w["style"].pk},
        "api:style_update": lambda w: {"style_id": w["style"].pk},
        "api:style_delete": lambda w: {"style_id": w["style"].pk},
        "api:style_bulletin": lambda w: {"style_id": w["style"].pk},
        "api:bom_line_update": lambda w: {"bom_line_id": w["bom_line"].pk},
        "api:bom_line_delete": lambda w: {"bom_line_id": w["bom_line"].pk},
        "api:material_get": lambda w: {"material_id": w["material"].pk},
        "api:material_update": lambda w: {"material_id": w["material"].pk},
        "api:customer_get": lambda w: {"customer_id": w["customer"].pk},
        "api:customer_update": lambda w: {"customer_id": w["customer"].pk},
        "api:size_grid_get": lambda w: {"grid_id": w["size_grid"].pk},
        "api:size_grid_update": lambda w: {"grid_id": w["size_grid"].pk},
        "api:colour_get": lambda w: {"colour_id": w["colour"].pk},
        "api:colour_update": lambda w: {"colour_id": w["colour"].pk},
    },
)
