"""JSON shapes of the catalog API. Money and minutes are decimals, sent as strings."""

from __future__ import annotations

from decimal import Decimal

from ninja import Field, Schema

from seamline.catalog.choices import MachineType, MaterialKind, Section, StyleCategory, Unit

# --- master data ---------------------------------------------------------------------------


class CustomerIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(default="", max_length=2)
    currency: str = Field(default="", max_length=3)
    contact: str = Field(default="", max_length=200)


class CustomerPatch(Schema):
    code: str | None = Field(default=None, min_length=1, max_length=32)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    country: str | None = Field(default=None, max_length=2)
    currency: str | None = Field(default=None, max_length=3)
    contact: str | None = Field(default=None, max_length=200)


class CustomerOut(Schema):
    id: int
    code: str
    name: str
    country: str
    currency: str
    contact: str


class ColourIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=100)
    hex: str = Field(default="", max_length=7, description="#RRGGBB")


class ColourPatch(Schema):
    code: str | None = Field(default=None, min_length=1, max_length=32)
    name: str | None = Field(default=None, min_length=1, max_length=100)
    hex: str | None = Field(default=None, max_length=7)


class ColourOut(Schema):
    id: int
    code: str
    name: str
    hex: str


class SizeGridIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=100)
    sizes: list[str] = Field(min_length=1, description="Size codes, smallest first.")


class SizeGridPatch(Schema):
    code: str | None = Field(default=None, min_length=1, max_length=32)
    name: str | None = Field(default=None, min_length=1, max_length=100)
    sizes: list[str] | None = Field(default=None, min_length=1)


class SizeOut(Schema):
    id: int
    code: str
    position: int


class SizeGridOut(Schema):
    id: int
    code: str
    name: str
    sizes: list[SizeOut]


class MaterialIn(Schema):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    kind: MaterialKind
    unit: Unit
    width_cm: Decimal | None = Field(default=None, ge=0, max_digits=6, decimal_places=1)
    composition: str = Field(default="", max_length=120)
    supplier: str = Field(default="", max_length=200)
    unit_price: Decimal = Field(default=Decimal("0"), ge=0, max_digits=12, decimal_places=4)
    currency: str = Field(default="", max_length=3)


class MaterialPatch(Schema):
    code: str | None = Field(default=None, min_length=1, max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: MaterialKind | None = None
    unit: Unit | None = None
    width_cm: Decimal | None = Field(default=None, ge=0, max_digits=6, decimal_places=1)
    composition: str | None = Field(default=None, max_length=120)
    supplier: str | None = Field(default=None, max_length=200)
    unit_price: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=4)
    currency: str | None = Field(default=None, max_length=3)


class MaterialOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    unit: str
    width_cm: Decimal | None
    composition: str
    supplier: str
    unit_price: Decimal
    currency: str


# --- styles --------------------------------------------------------------------------------


class StyleIn(Schema):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    customer_id: int | None = None
    category: StyleCategory = StyleCategory.OTHER
    season: str = Field(default="", max_length=20)
    size_grid_id: int
    description: str = ""
    is_active: bool = True
    colour_ids: list[int] = Field(default_factory=list)


class StylePatch(Schema):
    code: str | None = Field(default=None, min_length=1, max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    customer_id: int | None = None
    category: StyleCategory | None = None
    season: str | None = Field(default=None, max_length=20)
    size_grid_id: int | None = None
    description: str | None = None
    is_active: bool | None = None
    colour_ids: list[int] | None = None


class StyleOut(Schema):
    id: int
    code: str
    name: str
    customer_id: int | None
    category: str
    season: str
    size_grid_id: int
    is_active: bool
    has_picture: bool
    total_smv: Decimal


class OperationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    section: Section = Section.ASSEMBLY
    machine_type: MachineType
    smv: Decimal = Field(gt=0, max_digits=7, decimal_places=3)
    piece_rate: Decimal = Field(default=Decimal("0"), ge=0, max_digits=10, decimal_places=4)
    skill_grade: int = Field(default=2, ge=1, le=5)
    after: list[int] = Field(
        default_factory=list,
        description="Sequence numbers (1 = first row of this bulletin) that must come before.",
    )


class BulletinIn(Schema):
    operations: list[OperationIn]


class OperationOut(Schema):
    id: int
    sequence: int
    name: str
    section: str
    machine_type: str
    smv: Decimal
    piece_rate: Decimal
    skill_grade: int
    after: list[int]


class BomLineIn(Schema):
    style_id: int
    material_id: int
    consumption: Decimal = Field(ge=0, max_digits=10, decimal_places=4)
    wastage_pct: Decimal = Field(default=Decimal("0"), ge=0, max_digits=5, decimal_places=2)
    placement: str = Field(default="", max_length=100)
    size_consumptions: dict[str, Decimal] = Field(
        default_factory=dict,
        description="Size code -> consumption for the sizes that differ from `consumption`.",
    )


class BomLinePatch(Schema):
    material_id: int | None = None
    consumption: Decimal | None = Field(default=None, ge=0, max_digits=10, decimal_places=4)
    wastage_pct: Decimal | None = Field(default=None, ge=0, max_digits=5, decimal_places=2)
    placement: str | None = Field(default=None, max_length=100)
    size_consumptions: dict[str, Decimal] | None = Field(
        default=None, description="Replaces every per-size consumption of the line."
    )


class BomLineOut(Schema):
    id: int
    material_id: int
    material_code: str
    material_name: str
    unit: str
    consumption: Decimal
    wastage_pct: Decimal
    placement: str
    size_consumptions: dict[str, Decimal]
    unit_price: Decimal
    cost: Decimal


class SmvShareOut(Schema):
    key: str
    label: str
    smv: Decimal
    operations: int


class LabourOut(Schema):
    total_smv: Decimal
    labour_cost: Decimal
    labour_cost_per_dozen: Decimal
    operation_count: int
    pieces_per_hour: Decimal | None
    by_section: list[SmvShareOut]
    by_machine: list[SmvShareOut]


class StyleDetailOut(StyleOut):
    description: str
    sizes: list[str]
    colours: list[ColourOut]
    operations: list[OperationOut]
    bom: list[BomLineOut]
    labour: LabourOut
    material_cost: Decimal
    material_cost_by_size: dict[str, Decimal]
