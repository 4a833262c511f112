"""Catalog factories. Create inside `tenant_context(org)`; the tenant comes from the context."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from seamline.catalog.choices import MachineType, MaterialKind, Section, StyleCategory, Unit
from seamline.catalog.models import (
    BomLine,
    Colour,
    Customer,
    Material,
    Operation,
    OperationDependency,
    Size,
    SizeGrid,
    Style,
    StyleColour,
)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    code = factory.Sequence(lambda n: f"CUST{n:03d}")
    name = factory.Sequence(lambda n: f"Customer {n}")


class SizeGridFactory(factory.django.DjangoModelFactory):
    """A grid with sizes; `sizes=["S", "M"]` chooses them."""

    class Meta:
        model = SizeGrid
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"GRID{n}")
    name = factory.Sequence(lambda n: f"Grid {n}")

    @factory.post_generation
    def sizes(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if not create:
            return
        for position, code in enumerate(extracted or ["S", "M", "L", "XL"], start=1):
            Size.objects.create(grid=self, code=code, position=position)


class ColourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Colour

    code = factory.Sequence(lambda n: f"C{n:03d}")
    name = factory.Sequence(lambda n: f"Colour {n}")


class StyleFactory(factory.django.DjangoModelFactory):
    """A style with a size grid; `colours=[...]` attaches colourways."""

    class Meta:
        model = Style
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"ST{n:04d}")
    name = factory.Sequence(lambda n: f"Style {n}")
    customer = factory.SubFactory(CustomerFactory)
    category = StyleCategory.TSHIRT
    season = "SS27"
    size_grid = factory.SubFactory(SizeGridFactory)

    @factory.post_generation
    def colours(self, create: bool, extracted: list[Colour] | None, **kwargs: Any) -> None:
        if create:
            for colour in extracted or []:
                StyleColour.objects.create(style=self, colour=colour)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Material

    code = factory.Sequence(lambda n: f"MAT{n:04d}")
    name = factory.Sequence(lambda n: f"Material {n}")
    kind = MaterialKind.FABRIC
    unit = Unit.METRE
    width_cm = Decimal("150.0")
    unit_price = Decimal("18.5000")


class BomLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BomLine

    style = factory.SubFactory(StyleFactory)
    material = factory.SubFactory(MaterialFactory)
    consumption = Decimal("1.2000")
    wastage_pct = Decimal("3.00")


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operation

    style = factory.SubFactory(StyleFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Operation {n}")
    section = Section.ASSEMBLY
    machine_type = MachineType.SNLS
    smv = Decimal("0.500")
    piece_rate = Decimal("0.1500")
    skill_grade = 2


def precede(before: Operation, after: Operation) -> OperationDependency:
    return OperationDependency.objects.create(operation=after, predecessor=before)


def png_bytes(size: tuple[int, int] = (4, 4), colour: str = "red") -> bytes:
    """A tiny real PNG, for picture uploads."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()
