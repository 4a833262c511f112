"""A factory's master data: customers, size grids, colours, materials, styles, BOMs, bulletins."""

from __future__ import annotations

from seamline.catalog.models import (
    BomLine,
    BomLineSize,
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
from seamline.demo.build.context import FactoryData, add, add_all
from seamline.demo.data.bulletin import piece_rate
from seamline.demo.data.bulletins import BULLETINS
from seamline.demo.data.catalog import (
    BRAND_CUSTOMER,
    COLOURS,
    GRIDS,
    MATERIALS,
    OTHER_CUSTOMERS,
    StyleSpec,
    styles_for,
)


def load_catalog(factory: FactoryData) -> None:
    """Run inside `tenant_context(factory.org)`."""
    load_customers(factory)
    load_size_grids(factory)
    load_colours(factory)
    load_materials(factory)
    for spec in styles_for(factory.spec.key):
        style = load_style(factory, spec)
        load_bom(factory, style, spec)
        load_bulletin(factory, style, spec.bulletin)


def load_customers(factory: FactoryData) -> None:
    for spec in (BRAND_CUSTOMER, *OTHER_CUSTOMERS[factory.spec.key]):
        factory.customers[spec.code] = add(
            Customer(
                code=spec.code,
                name=spec.name,
                country=spec.country,
                currency=spec.currency,
                contact=spec.contact,
            )
        )


def load_size_grids(factory: FactoryData) -> None:
    for spec in GRIDS:
        grid = add(SizeGrid(code=spec.code, name=spec.name))
        factory.grids[spec.code] = grid
        factory.sizes[spec.code] = add_all(
            Size,
            [
                Size(grid=grid, code=code, position=position)
                for position, code in enumerate(spec.sizes, start=1)
            ],
        )


def load_colours(factory: FactoryData) -> None:
    for spec in COLOURS:
        factory.colours[spec.code] = add(Colour(code=spec.code, name=spec.name, hex=spec.hex))


def load_materials(factory: FactoryData) -> None:
    rows = add_all(
        Material,
        [
            Material(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                unit=spec.unit,
                width_cm=spec.width_cm,
                composition=spec.composition,
                supplier=spec.supplier,
                unit_price=spec.price,
                currency=factory.org.currency,
            )
            for spec in MATERIALS
        ],
    )
    factory.materials = {row.code: row for row in rows}


def load_style(factory: FactoryData, spec: StyleSpec) -> Style:
    style = add(
        Style(
            code=spec.code,
            name=spec.name,
            customer=factory.customers[spec.customer],
            category=spec.category,
            season=spec.season,
            size_grid=factory.grids[spec.grid],
            description=spec.description,
        )
    )
    add_all(
        StyleColour,
        [StyleColour(style=style, colour=factory.colours[code]) for code in spec.colours],
    )
    factory.styles[spec.code] = style
    return style


def load_bom(factory: FactoryData, style: Style, spec: StyleSpec) -> None:
    sizes = {size.code: size for size in factory.sizes[spec.grid]}
    for bom in spec.bom:
        line = add(
            BomLine(
                style=style,
                material=factory.materials[bom.material],
                consumption=bom.consumption,
                wastage_pct=bom.wastage_pct,
                placement=bom.placement,
            )
        )
        overrides = [
            BomLineSize(bom_line=line, size=sizes[code], consumption=value)
            for code, value in bom.by_size.items()
            if value != bom.consumption
        ]
        add_all(BomLineSize, overrides)


def load_bulletin(factory: FactoryData, style: Style, key: str) -> list[Operation]:
    """The style's operations with piece rates at the factory's rate, and their precedence."""
    bulletin = BULLETINS[key]
    rate = factory.spec.rate_per_minute
    operations = add_all(
        Operation,
        [
            Operation(
                style=style,
                sequence=row.no,
                name=row.name,
                section=row.section,
                machine_type=row.machine,
                smv=row.smv,
                piece_rate=piece_rate(row.smv, rate),
                skill_grade=row.grade,
            )
            for row in bulletin.rows
        ],
    )
    by_no = {operation.sequence: operation for operation in operations}
    add_all(
        OperationDependency,
        [
            OperationDependency(operation=by_no[row.no], predecessor=by_no[before])
            for row in bulletin.rows
            for before in row.after
        ],
    )
    return operations
