"""Master data every demo factory shares: customers, size grids, colours, materials, styles, BOMs.

Prices are ex-works CNY as a small Chinese factory would pay in 2026; consumptions are per
garment, before wastage; fabric consumption grows with the size where it matters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from seamline.catalog.choices import MaterialKind, StyleCategory, Unit

D = Decimal


@dataclass(frozen=True)
class CustomerSpec:
    code: str
    name: str
    country: str
    contact: str
    currency: str = "CNY"


@dataclass(frozen=True)
class GridSpec:
    code: str
    name: str
    sizes: tuple[str, ...]
    curve: tuple[int, ...]  # per cent of an order per size, summing to 100


@dataclass(frozen=True)
class ColourSpec:
    code: str
    name: str
    hex: str


@dataclass(frozen=True)
class MaterialSpec:
    code: str
    name: str
    kind: MaterialKind
    unit: Unit
    price: Decimal
    supplier: str
    composition: str = ""
    width_cm: Decimal | None = None


@dataclass(frozen=True)
class BomSpec:
    material: str
    consumption: Decimal
    placement: str = ""
    wastage_pct: Decimal = D("0")
    by_size: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class StyleSpec:
    code: str
    name: str
    customer: str
    category: StyleCategory
    bulletin: str
    grid: str
    colours: tuple[str, ...]
    season: str
    unit_price: Decimal  # what the customer pays per garment (CMT plus materials)
    bom: tuple[BomSpec, ...]
    description: str = ""


BRAND_CUSTOMER = CustomerSpec("LOTUS", "Lotus & Loom", "CN", "Shen Yuting, sourcing")

# Each factory sells to the brand and to two or three others of its own.
OTHER_CUSTOMERS: dict[str, tuple[CustomerSpec, ...]] = {
    "hongmian": (
        CustomerSpec("QINGMU", "Qingmu Basics (Tmall shop)", "CN", "Ms. Luo, merchandiser"),
        CustomerSpec("HBL", "Harbourline Outfitters", "HK", "Kenneth Ip", "USD"),
        CustomerSpec("YUNXI", "Yunxi Workwear", "CN", "Mr. Pan, purchasing"),
    ),
    "xinghe": (
        CustomerSpec("MARINA", "Marina Bay Menswear", "SG", "Daniel Tan", "USD"),
        CustomerSpec("JXUNI", "Jiaxing Uniform Supply", "CN", "Ms. Gu, purchasing"),
    ),
    "haixia": (
        CustomerSpec("DENIMCO", "Southgate Denim Co.", "AU", "Olivia Hart", "USD"),
        CustomerSpec("XMOUT", "Xiamen Outlet Group", "CN", "Mr. Lin, buyer"),
        CustomerSpec("QINGMU", "Qingmu Basics (Tmall shop)", "CN", "Ms. Luo, merchandiser"),
    ),
}

GRIDS: tuple[GridSpec, ...] = (
    GridSpec("ALPHA", "Alpha XS-XXL", ("XS", "S", "M", "L", "XL", "XXL"), (5, 15, 28, 28, 17, 7)),
    GridSpec(
        "COLLAR",
        "Shirt collar 38-44 cm",
        ("38", "39", "40", "41", "42", "43", "44"),
        (8, 14, 20, 22, 18, 11, 7),
    ),
    GridSpec(
        "WAIST",
        "Jeans waist 28-38 in",
        ("28", "29", "30", "31", "32", "33", "34", "36", "38"),
        (4, 8, 15, 17, 18, 13, 12, 8, 5),
    ),
)

COLOURS: tuple[ColourSpec, ...] = (
    ColourSpec("WHT", "Optic white", "#FAFAF7"),
    ColourSpec("BLK", "Jet black", "#1C1C1E"),
    ColourSpec("HGR", "Heather grey", "#9EA3A8"),
    ColourSpec("NVY", "Navy", "#1F2A44"),
    ColourSpec("SAGE", "Sage green", "#9CAF88"),
    ColourSpec("SKY", "Sky blue", "#BFD7EA"),
    ColourSpec("PNK", "Pale pink", "#F2D4D7"),
    ColourSpec("IND", "Indigo rinse", "#2B3A55"),
    ColourSpec("STW", "Stone wash", "#5C7393"),
    ColourSpec("BKD", "Black denim", "#2A2B2E"),
)

MATERIALS: tuple[MaterialSpec, ...] = (
    # Fabrics, priced per metre at the usable width
    MaterialSpec(
        code="FAB-SJ180",
        name="Single jersey 180 g/m², combed",
        kind=MaterialKind.FABRIC,
        unit=Unit.METRE,
        price=D("16.50"),
        supplier="Shaoxing Keqiao Textile City",
        composition="100% cotton",
        width_cm=D("180"),
    ),
    MaterialSpec(
        code="FAB-RIB220",
        name="1x1 rib 220 g/m² for neckbands",
        kind=MaterialKind.FABRIC,
        unit=Unit.METRE,
        price=D("14.20"),
        supplier="Shaoxing Keqiao Textile City",
        composition="95% cotton 5% elastane",
        width_cm=D("100"),
    ),
    MaterialSpec(
        code="FAB-POP40",
        name="Poplin 40s x 40s 133x72",
        kind=MaterialKind.FABRIC,
        unit=Unit.METRE,
        price=D("18.80"),
        supplier="Wujiang Shengze Silk & Cotton",
        composition="100% cotton",
        width_cm=D("147"),
    ),
    MaterialSpec(
        code="FAB-DEN12",
        name="Stretch denim 12 oz, indigo",
        kind=MaterialKind.FABRIC,
        unit=Unit.METRE,
        price=D("28.50"),
        supplier="Xintang Denim Mill",
        composition="98% cotton 2% elastane",
        width_cm=D("145"),
    ),
    MaterialSpec(
        code="FAB-PKT110",
        name="Pocketing twill 110 g/m²",
        kind=MaterialKind.LINING,
        unit=Unit.METRE,
        price=D("6.80"),
        supplier="Xintang Denim Mill",
        composition="65% polyester 35% cotton",
        width_cm=D("150"),
    ),
    MaterialSpec(
        code="LIN-FUS",
        name="Woven fusible interlining, collar and cuff",
        kind=MaterialKind.LINING,
        unit=Unit.METRE,
        price=D("7.50"),
        supplier="Changzhou Interlining Co.",
        composition="100% cotton",
        width_cm=D("112"),
    ),
    # Thread
    MaterialSpec(
        code="THR-402",
        name="Spun polyester thread 40/2, 5000 m",
        kind=MaterialKind.THREAD,
        unit=Unit.CONE,
        price=D("9.80"),
        supplier="Coats Shenzhen",
        composition="100% polyester",
    ),
    MaterialSpec(
        code="THR-203",
        name="Core-spun thread 20/3 for topstitching, 3000 m",
        kind=MaterialKind.THREAD,
        unit=Unit.CONE,
        price=D("15.50"),
        supplier="Coats Shenzhen",
        composition="polyester core, cotton wrap",
    ),
    # Trims
    MaterialSpec(
        code="TRM-TAPE6",
        name="Clear elastic shoulder tape 6 mm",
        kind=MaterialKind.TRIM,
        unit=Unit.METRE,
        price=D("0.15"),
        supplier="Yiwu Trims Market",
    ),
    MaterialSpec(
        code="TRM-BTN18",
        name="Four-hole shirt button 18L",
        kind=MaterialKind.TRIM,
        unit=Unit.PIECE,
        price=D("0.06"),
        supplier="Qiaotou Button City",
    ),
    MaterialSpec(
        code="TRM-SHANK17",
        name="Metal shank button 17 mm, antique brass",
        kind=MaterialKind.TRIM,
        unit=Unit.PIECE,
        price=D("0.45"),
        supplier="Qiaotou Button City",
    ),
    MaterialSpec(
        code="TRM-RIVET9",
        name="Copper rivet 9 mm",
        kind=MaterialKind.TRIM,
        unit=Unit.PIECE,
        price=D("0.12"),
        supplier="Qiaotou Button City",
    ),
    MaterialSpec(
        code="TRM-ZIP45",
        name="Metal zip No. 4.5, 18 cm, closed end",
        kind=MaterialKind.TRIM,
        unit=Unit.PIECE,
        price=D("1.20"),
        supplier="Yiwu Trims Market",
    ),
    # Labels
    MaterialSpec(
        code="LBL-MAIN",
        name="Woven main label",
        kind=MaterialKind.LABEL,
        unit=Unit.PIECE,
        price=D("0.18"),
        supplier="Dongguan Label Works",
    ),
    MaterialSpec(
        code="LBL-CARE",
        name="Printed satin care label",
        kind=MaterialKind.LABEL,
        unit=Unit.PIECE,
        price=D("0.05"),
        supplier="Dongguan Label Works",
    ),
    MaterialSpec(
        code="LBL-SIZE",
        name="Woven size label",
        kind=MaterialKind.LABEL,
        unit=Unit.PIECE,
        price=D("0.03"),
        supplier="Dongguan Label Works",
    ),
    MaterialSpec(
        code="LBL-PATCH",
        name="Jacron back patch",
        kind=MaterialKind.LABEL,
        unit=Unit.PIECE,
        price=D("0.35"),
        supplier="Dongguan Label Works",
    ),
    # Packaging
    MaterialSpec(
        code="PKG-HANG",
        name="Hang tag with string",
        kind=MaterialKind.PACKAGING,
        unit=Unit.PIECE,
        price=D("0.15"),
        supplier="Dongguan Label Works",
    ),
    MaterialSpec(
        code="PKG-POLY",
        name="PE polybag 30x40 cm, printed warning",
        kind=MaterialKind.PACKAGING,
        unit=Unit.PIECE,
        price=D("0.08"),
        supplier="Guangzhou Packaging Supply",
    ),
    MaterialSpec(
        code="PKG-SHIRT",
        name="Shirt packing set: collar stand, back board, clips",
        kind=MaterialKind.PACKAGING,
        unit=Unit.SET,
        price=D("0.40"),
        supplier="Guangzhou Packaging Supply",
    ),
    MaterialSpec(
        code="PKG-CTN",
        name="Export carton 5-ply 60x40x40 cm",
        kind=MaterialKind.PACKAGING,
        unit=Unit.PIECE,
        price=D("6.50"),
        supplier="Guangzhou Packaging Supply",
    ),
)


def _sizes(values: str, sizes: tuple[str, ...]) -> dict[str, Decimal]:
    return dict(zip(sizes, (D(v) for v in values.split()), strict=True))


_ALPHA = ("XS", "S", "M", "L", "XL", "XXL")
_COLLAR = ("38", "39", "40", "41", "42", "43", "44")
_WAIST = ("28", "29", "30", "31", "32", "33", "34", "36", "38")

TSHIRT_BOM: tuple[BomSpec, ...] = (
    BomSpec(
        "FAB-SJ180",
        D("0.68"),
        "body and sleeves",
        D("5"),
        _sizes("0.60 0.64 0.68 0.72 0.77 0.82", _ALPHA),
    ),
    BomSpec("FAB-RIB220", D("0.03"), "neckband", D("5")),
    BomSpec("THR-402", D("0.028"), "all seams", D("10")),
    BomSpec("TRM-TAPE6", D("0.30"), "shoulders", D("3")),
    BomSpec("LBL-MAIN", D("1"), "back neck"),
    BomSpec("LBL-CARE", D("1"), "left side seam"),
    BomSpec("LBL-SIZE", D("1"), "back neck"),
    BomSpec("PKG-HANG", D("1")),
    BomSpec("PKG-POLY", D("1")),
    BomSpec("PKG-CTN", D("0.0167"), "60 pieces per carton"),
)

SHIRT_BOM: tuple[BomSpec, ...] = (
    BomSpec(
        "FAB-POP40",
        D("1.66"),
        "shell",
        D("3"),
        _sizes("1.55 1.58 1.62 1.66 1.70 1.74 1.78", _COLLAR),
    ),
    BomSpec("LIN-FUS", D("0.12"), "collar, band, cuffs", D("5")),
    BomSpec("THR-402", D("0.032"), "all seams", D("10")),
    BomSpec("TRM-BTN18", D("11"), "front 7, cuffs 2, plackets 2", D("2")),
    BomSpec("LBL-MAIN", D("1"), "yoke"),
    BomSpec("LBL-CARE", D("1"), "left side seam"),
    BomSpec("LBL-SIZE", D("1"), "yoke"),
    BomSpec("PKG-HANG", D("1")),
    BomSpec("PKG-SHIRT", D("1")),
    BomSpec("PKG-POLY", D("1")),
    BomSpec("PKG-CTN", D("0.025"), "40 pieces per carton"),
)

JEANS_BOM: tuple[BomSpec, ...] = (
    BomSpec(
        "FAB-DEN12",
        D("1.32"),
        "shell",
        D("4"),
        _sizes("1.22 1.25 1.28 1.30 1.32 1.35 1.38 1.43 1.48", _WAIST),
    ),
    BomSpec("FAB-PKT110", D("0.25"), "pocket bags", D("4")),
    BomSpec("THR-402", D("0.035"), "overlock and inner seams", D("10")),
    BomSpec("THR-203", D("0.06"), "topstitching", D("10")),
    BomSpec("TRM-ZIP45", D("1"), "fly", D("1")),
    BomSpec("TRM-SHANK17", D("1"), "waistband", D("2")),
    BomSpec("TRM-RIVET9", D("6"), "front pockets and coin pocket", D("2")),
    BomSpec("LBL-MAIN", D("1"), "inside back waistband"),
    BomSpec("LBL-CARE", D("1"), "left side seam"),
    BomSpec("LBL-SIZE", D("1"), "inside back waistband"),
    BomSpec("LBL-PATCH", D("1"), "back waistband"),
    BomSpec("PKG-HANG", D("1")),
    BomSpec("PKG-POLY", D("1")),
    BomSpec("PKG-CTN", D("0.0333"), "30 pieces per carton"),
)

# The brand's three core styles, made by every factory of the cluster.
BRAND_STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(
        code="LL-T2701",
        name="Essential crew-neck tee",
        customer="LOTUS",
        category=StyleCategory.TSHIRT,
        bulletin="tshirt",
        grid="ALPHA",
        colours=("WHT", "BLK", "HGR", "NVY"),
        season="SS27",
        unit_price=D("21.50"),
        bom=TSHIRT_BOM,
        description="Single jersey 180 g/m², set-in sleeves, 1x1 rib neckband, coverstitch hems.",
    ),
    StyleSpec(
        code="LL-S2702",
        name="Poplin dress shirt, long sleeve",
        customer="LOTUS",
        category=StyleCategory.SHIRT,
        bulletin="shirt",
        grid="COLLAR",
        colours=("WHT", "SKY", "PNK"),
        season="SS27",
        unit_price=D("62.00"),
        bom=SHIRT_BOM,
        description="Two-piece collar, box placket, tower sleeve placket, split yoke, curved hem.",
    ),
    StyleSpec(
        code="LL-J2703",
        name="Five-pocket straight jean",
        customer="LOTUS",
        category=StyleCategory.JEANS,
        bulletin="jeans",
        grid="WAIST",
        colours=("IND", "STW", "BKD"),
        season="AW27",
        unit_price=D("74.00"),
        bom=JEANS_BOM,
        description="12 oz stretch denim, felled seams, Kansai waistband, copper rivets.",
    ),
)

# One more style per factory, for one of its other customers.
OWN_STYLES: dict[str, tuple[StyleSpec, ...]] = {
    "hongmian": (
        StyleSpec(
            code="QM-T118",
            name="Promo crew-neck tee",
            customer="QINGMU",
            category=StyleCategory.TSHIRT,
            bulletin="tshirt",
            grid="ALPHA",
            colours=("WHT", "BLK", "SAGE"),
            season="SS27",
            unit_price=D("17.80"),
            bom=TSHIRT_BOM,
        ),
    ),
    "xinghe": (
        StyleSpec(
            code="MB-S4410",
            name="Business shirt, long sleeve",
            customer="MARINA",
            category=StyleCategory.SHIRT,
            bulletin="shirt",
            grid="COLLAR",
            colours=("WHT", "SKY"),
            season="AW27",
            unit_price=D("58.50"),
            bom=SHIRT_BOM,
        ),
    ),
    "haixia": (
        StyleSpec(
            code="SG-J501",
            name="Classic straight jean",
            customer="DENIMCO",
            category=StyleCategory.JEANS,
            bulletin="jeans",
            grid="WAIST",
            colours=("IND", "BKD"),
            season="AW27",
            unit_price=D("69.00"),
            bom=JEANS_BOM,
        ),
    ),
}


def styles_for(factory_key: str) -> tuple[StyleSpec, ...]:
    return (*BRAND_STYLES, *OWN_STYLES[factory_key])
