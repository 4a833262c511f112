"""The three factories' order books around `today`: a dozen-odd orders in every status, and the
running work in production that keeps their lines busy over the demo's two weeks of scans."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from seamline.orders.choices import OrderStatus as St

# Demo exchange rate for the export customers who are invoiced in US dollars.
CNY_PER_USD = Decimal("7.10")

# Pieces per export carton, by bulletin: the shipment note counts cartons.
PIECES_PER_CARTON = {"tshirt": 60, "shirt": 40, "jeans": 30}


@dataclass(frozen=True)
class OrderPlan:
    style: str
    status: St
    delivery_in_days: int  # negative: the delivery date has passed
    quantities: tuple[tuple[str, int], ...]  # colour code -> pieces over all sizes
    note: str = ""  # note of the last event (a cancellation says why)


# Orders in production that keep every line busy over the demo's two weeks of scans: a line
# of 20 operators at 75 % sews some 2,000 T-shirts, 400 shirts or 500 jeans a day.
FLOOR_PLANS: dict[str, tuple[OrderPlan, ...]] = {
    "hongmian": (
        OrderPlan("QM-T118", St.IN_PRODUCTION, 3, (("WHT", 2600), ("BLK", 2200))),
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 6, (("WHT", 2000), ("BLK", 1800), ("HGR", 1000))),
        OrderPlan("QM-T118", St.IN_PRODUCTION, 10, (("SAGE", 2400), ("BLK", 2200))),
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 14, (("NVY", 2400), ("WHT", 2400))),
        OrderPlan("QM-T118", St.IN_PRODUCTION, 16, (("WHT", 2500), ("SAGE", 2300))),
        OrderPlan("LL-S2702", St.IN_PRODUCTION, 4, (("WHT", 1200), ("SKY", 800))),
        OrderPlan("LL-S2702", St.IN_PRODUCTION, 16, (("WHT", 1800), ("PNK", 800))),
        OrderPlan("LL-J2703", St.IN_PRODUCTION, 5, (("IND", 1600), ("BKD", 900))),
        OrderPlan("LL-J2703", St.IN_PRODUCTION, 12, (("STW", 1400), ("IND", 1400))),
        OrderPlan("LL-J2703", St.IN_PRODUCTION, 18, (("BKD", 1000),)),
    ),
    "xinghe": (
        OrderPlan("MB-S4410", St.IN_PRODUCTION, 2, (("WHT", 2600), ("SKY", 1800))),
        OrderPlan("LL-S2702", St.IN_PRODUCTION, 7, (("WHT", 2000), ("SKY", 1400))),
        OrderPlan("MB-S4410", St.IN_PRODUCTION, 18, (("WHT", 2000), ("SKY", 1200))),
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 3, (("WHT", 2500), ("BLK", 2300))),
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 9, (("HGR", 2200), ("NVY", 2400))),
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 17, (("WHT", 2000), ("BLK", 2000))),
    ),
    "haixia": (
        OrderPlan("SG-J501", St.IN_PRODUCTION, 2, (("IND", 2800), ("BKD", 1800))),
        OrderPlan("LL-J2703", St.IN_PRODUCTION, 6, (("IND", 2200), ("STW", 1800))),
        OrderPlan("SG-J501", St.IN_PRODUCTION, 15, (("IND", 2500), ("BKD", 1500))),
        OrderPlan("LL-J2703", St.IN_PRODUCTION, 20, (("STW", 1500), ("BKD", 1000))),
        # The knit line opened this season, for Lotus & Loom tees (and the cluster's).
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 4, (("WHT", 2600), ("BLK", 2400))),
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 9, (("HGR", 2500), ("NVY", 2500))),
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 15, (("WHT", 2500), ("BLK", 2400))),
        OrderPlan("LL-T2701", St.IN_PRODUCTION, 20, (("NVY", 2000), ("HGR", 1600))),
    ),
}

ORDER_PLANS: dict[str, tuple[OrderPlan, ...]] = {
    "hongmian": (
        OrderPlan("LL-T2701", St.CLOSED, -40, (("WHT", 1200), ("BLK", 1000), ("HGR", 600))),
        OrderPlan("QM-T118", St.SHIPPED, -6, (("WHT", 2500), ("BLK", 2000))),
        OrderPlan("LL-S2702", St.IN_PRODUCTION, 9, (("WHT", 600), ("SKY", 400))),
        OrderPlan("LL-J2703", St.IN_PRODUCTION, -2, (("IND", 500), ("STW", 300))),
        OrderPlan("LL-T2701", St.CONFIRMED, 28, (("NVY", 800), ("HGR", 600), ("BLK", 600))),
        OrderPlan("QM-T118", St.DRAFT, 55, (("SAGE", 1000), ("WHT", 800))),
        # The floor's running work (appended so that the numbers above stay): what the lines
        # sewed over the last two weeks and are sewing now, oldest delivery first.
        *FLOOR_PLANS["hongmian"],
    ),
    "xinghe": (
        OrderPlan("MB-S4410", St.SHIPPED, -4, (("WHT", 900), ("SKY", 600))),
        OrderPlan("LL-S2702", St.IN_PRODUCTION, 14, (("WHT", 700), ("SKY", 500), ("PNK", 300))),
        OrderPlan("LL-T2701", St.CONFIRMED, 35, (("WHT", 1500), ("BLK", 1500))),
        OrderPlan("MB-S4410", St.DRAFT, 60, (("WHT", 1200),)),
        OrderPlan(
            "LL-S2702",
            St.CANCELLED,
            20,
            (("PNK", 400),),
            note="Lotus & Loom dropped the pale pink colourway for SS27.",
        ),
        *FLOOR_PLANS["xinghe"],
    ),
    "haixia": (
        OrderPlan("SG-J501", St.CLOSED, -35, (("IND", 1500), ("BKD", 800))),
        OrderPlan("LL-J2703", St.IN_PRODUCTION, 12, (("IND", 800), ("STW", 600), ("BKD", 400))),
        OrderPlan("SG-J501", St.CONFIRMED, 40, (("IND", 1800),)),
        OrderPlan("LL-J2703", St.DRAFT, 65, (("STW", 600), ("BKD", 400))),
        *FLOOR_PLANS["haixia"],
    ),
}

# The path an order takes to reach each status, and the ideal day of each step relative to
# the delivery date; the loader pulls steps earlier so that every step lies in the past.
STATUS_PATH: dict[St, tuple[St, ...]] = {
    St.DRAFT: (St.DRAFT,),
    St.CONFIRMED: (St.DRAFT, St.CONFIRMED),
    St.IN_PRODUCTION: (St.DRAFT, St.CONFIRMED, St.IN_PRODUCTION),
    St.SHIPPED: (St.DRAFT, St.CONFIRMED, St.IN_PRODUCTION, St.SHIPPED),
    St.CLOSED: (St.DRAFT, St.CONFIRMED, St.IN_PRODUCTION, St.SHIPPED, St.CLOSED),
    St.CANCELLED: (St.DRAFT, St.CONFIRMED, St.CANCELLED),
}
DAYS_BEFORE_DELIVERY: dict[St, int] = {
    St.DRAFT: 60,
    St.CONFIRMED: 56,
    St.IN_PRODUCTION: 21,
    St.SHIPPED: 1,
    St.CLOSED: -14,
    St.CANCELLED: 48,
}
# Who moves an order into each status (a role of the factory's demo logins).
STEP_ROLE: dict[St, str] = {
    St.DRAFT: "planner",
    St.CONFIRMED: "manager",
    St.IN_PRODUCTION: "supervisor",
    St.SHIPPED: "manager",
    St.CLOSED: "owner",
    St.CANCELLED: "manager",
}
