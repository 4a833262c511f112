"""The demo's organizations and the people who sign in to them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from seamline.tenancy.choices import OrganizationKind, Role

DEMO_PASSWORD = "seamline-demo"  # noqa: S105 - demo only, printed on screen
TIME_ZONE = "Asia/Shanghai"
CURRENCY = "CNY"


@dataclass(frozen=True)
class OrgSpec:
    key: str
    kind: OrganizationKind
    name: str
    slug: str
    city: str


@dataclass(frozen=True)
class FactorySpec(OrgSpec):
    code: str  # prefix of worker codes and order numbers: F1-0001, F1-SO-0101
    province: str
    line_styles: tuple[str, ...]  # per line L1.., the bulletin key the line is set up for
    workers: int
    rate_per_minute: Decimal  # CNY paid per standard minute, piece-rate base
    hourly_rate: Decimal  # CNY per hour for the few hourly-paid helpers
    seed: int


@dataclass(frozen=True)
class LoginSpec:
    username: str
    display_name: str
    org_key: str
    role: Role


CLUSTER = OrgSpec(
    key="cluster",
    kind=OrganizationKind.CLUSTER_OPERATOR,
    name="Pearl River Apparel Cluster",
    slug="pearl-river-cluster",
    city="Guangzhou",
)

BRAND = OrgSpec(
    key="brand",
    kind=OrganizationKind.BRAND,
    name="Lotus & Loom",
    slug="lotus-and-loom",
    city="Hangzhou",
)

FACTORIES: tuple[FactorySpec, ...] = (
    FactorySpec(
        key="hongmian",
        kind=OrganizationKind.FACTORY,
        name="Foshan Hongmian Garment Co., Ltd.",
        slug="hongmian-garment",
        city="Foshan",
        code="F1",
        province="Guangdong",
        line_styles=("tshirt", "tshirt", "shirt", "jeans"),
        workers=72,
        rate_per_minute=Decimal("0.58"),
        hourly_rate=Decimal("22.00"),
        seed=2701,
    ),
    FactorySpec(
        key="xinghe",
        kind=OrganizationKind.FACTORY,
        name="Ningbo Xinghe Apparel Co., Ltd.",
        slug="xinghe-apparel",
        city="Ningbo",
        code="F2",
        province="Zhejiang",
        line_styles=("shirt", "shirt", "tshirt"),
        workers=58,
        rate_per_minute=Decimal("0.55"),
        hourly_rate=Decimal("21.00"),
        seed=2702,
    ),
    FactorySpec(
        key="haixia",
        kind=OrganizationKind.FACTORY,
        name="Jinjiang Haixia Clothing Co., Ltd.",
        slug="haixia-clothing",
        city="Jinjiang",
        code="F3",
        province="Fujian",
        line_styles=("jeans", "jeans", "tshirt"),  # the knit line sews cluster orders
        workers=62,
        rate_per_minute=Decimal("0.48"),
        hourly_rate=Decimal("18.50"),
        seed=2703,
    ),
)

ALL_ORGS: tuple[OrgSpec, ...] = (CLUSTER, BRAND, *FACTORIES)

# The username of the one person who belongs to several organizations, to show switching.
DEMO_USER = "demo"

LOGINS: tuple[LoginSpec, ...] = (
    LoginSpec(DEMO_USER, "Demo User", "hongmian", Role.OWNER),
    LoginSpec(DEMO_USER, "Demo User", "brand", Role.BRAND_BUYER),
    LoginSpec(DEMO_USER, "Demo User", "cluster", Role.CLUSTER_OPERATOR),
    LoginSpec("cluster-owner", "Liang Weiming", "cluster", Role.OWNER),
    LoginSpec("brand-owner", "Shen Yuting", "brand", Role.OWNER),
    LoginSpec("hongmian-owner", "Huang Guoqiang", "hongmian", Role.OWNER),
    LoginSpec("hongmian-manager", "Chen Lihua", "hongmian", Role.MANAGER),
    LoginSpec("hongmian-planner", "Mo Jiayi", "hongmian", Role.PLANNER),
    LoginSpec("hongmian-supervisor", "Tan Xiuying", "hongmian", Role.SUPERVISOR),
    LoginSpec("hongmian-inspector", "Lu Xiaomei", "hongmian", Role.INSPECTOR),
    LoginSpec("hongmian-worker", "", "hongmian", Role.WORKER),
    LoginSpec("xinghe-owner", "Zhou Jianhua", "xinghe", Role.OWNER),
    LoginSpec("xinghe-manager", "Ying Haiyan", "xinghe", Role.MANAGER),
    LoginSpec("xinghe-planner", "Fang Qiong", "xinghe", Role.PLANNER),
    LoginSpec("xinghe-supervisor", "Xu Guilan", "xinghe", Role.SUPERVISOR),
    LoginSpec("xinghe-inspector", "Pan Yulan", "xinghe", Role.INSPECTOR),
    LoginSpec("xinghe-worker", "", "xinghe", Role.WORKER),
    LoginSpec("haixia-owner", "Shi Zhiqiang", "haixia", Role.OWNER),
    LoginSpec("haixia-manager", "Cai Meiling", "haixia", Role.MANAGER),
    LoginSpec("haixia-planner", "Hong Yanping", "haixia", Role.PLANNER),
    LoginSpec("haixia-supervisor", "Ke Shuzhen", "haixia", Role.SUPERVISOR),
    LoginSpec("haixia-inspector", "Wu Lihong", "haixia", Role.INSPECTOR),
    LoginSpec("haixia-worker", "", "haixia", Role.WORKER),
)
"""One row per membership; a worker login's display name is that of the worker it is linked to."""


def org_spec(key: str) -> OrgSpec:
    for spec in ALL_ORGS:
        if spec.key == key:
            return spec
    raise KeyError(key)
