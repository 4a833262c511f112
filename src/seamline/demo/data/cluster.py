"""The demo cluster: its members' capacity profiles and the brand order shared among them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

D = Decimal

CLUSTER_NAME = "Pearl River Small-Batch Cluster"
CLUSTER_CODE = "pearl-river"
CLUSTER_DESCRIPTION = (
    "Knit and denim makers of Guangdong, Zhejiang and Fujian sharing brand orders of "
    "600 to 10,000 pieces."
)


@dataclass(frozen=True)
class ProfileSpec:
    capabilities: tuple[str, ...]
    style_notes: str
    certifications: tuple[str, ...]
    min_order_qty: int
    cost_per_minute: Decimal
    late_share: Decimal  # share of promised dates missed in the last year
    machines: dict[str, int]


PROFILES: dict[str, ProfileSpec] = {
    "hongmian": ProfileSpec(
        capabilities=("knits", "wovens", "denim", "printing"),
        style_notes=(
            "T-shirts, polos, woven shirts and five-pocket jeans; screen printing in house."
        ),
        certifications=("BSCI", "OEKO-TEX 100"),
        min_order_qty=600,
        cost_per_minute=D("0.7400"),
        late_share=D("0.0400"),
        machines={"SNLS": 38, "OL4": 16, "FL": 8, "KANSAI": 3, "BARTACK": 4, "BH": 3, "BS": 3},
    ),
    "xinghe": ProfileSpec(
        capabilities=("knits", "wovens", "embroidery"),
        style_notes="Dress shirts and knit tops; embroidery on Tajima heads.",
        certifications=("WRAP",),
        min_order_qty=800,
        cost_per_minute=D("0.7000"),
        late_share=D("0.0800"),
        machines={"SNLS": 30, "OL4": 10, "FL": 5, "BH": 3, "BS": 3, "FUSE": 2},
    ),
    "haixia": ProfileSpec(
        capabilities=("denim", "knits", "washing"),
        style_notes="Jeans and denim jackets with laundry; a knit line opened this season.",
        certifications=("BSCI",),
        min_order_qty=500,
        cost_per_minute=D("0.6200"),
        late_share=D("0.1200"),
        machines={"SNLS": 22, "OL4": 10, "OL5": 6, "FL": 4, "KANSAI": 4, "BARTACK": 5},
    ),
}


@dataclass(frozen=True)
class ClusterOrderSpec:
    style: str  # a brand style of the demo catalog (demo.data.catalog.BRAND_STYLES)
    brand_reference: str
    colours: tuple[tuple[str, int], ...]  # colour code, pieces (split over sizes by the curve)
    published_days_ago: int
    delivery_in_days: int
    target_price: Decimal  # what the brand pays per garment
    factory_price: Decimal
    commission_pct: Decimal
    channel_fee_pct: Decimal
    defect_deduction: Decimal
    min_batch: int
    description: str


ORDER = ClusterOrderSpec(
    style="LL-T2701",
    brand_reference="LL-PO27-0412",
    colours=(("WHT", 2400), ("BLK", 1800), ("NVY", 1200)),
    published_days_ago=15,
    delivery_in_days=8,
    target_price=D("21.50"),
    factory_price=D("14.80"),
    commission_pct=D("4.00"),
    channel_fee_pct=D("1.50"),
    defect_deduction=D("21.50"),
    min_batch=600,
    description="Spring drop for the Lotus & Loom online store: first batch of the crew-neck tee.",
)
