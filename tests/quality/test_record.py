"""The factory's quality record (what the cluster capacity profile reads), by hand.

On top of test_measures' small data set (inline + end of line: 55 checked, 6 defects,
5 defective, FPY 26/30; one final inspection of the order, accepted, on day 2):
  - the same order was inspected final on day 1 and rejected, then re-inspected (day 2,
    accepted): one lot, accepted;
  - the same order on a shipment: rejected on day 1, accepted on day 2, rejected again later
    on day 2: one more lot, rejected (its latest inspection decides);
  -> 2 lots inspected, 1 accepted, 50.00 %.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from seamline.quality.choices import InspectionKind, Outcome
from seamline.quality.record import QualityRecord, quality_record
from seamline.shipping.models import Shipment
from seamline.tenancy.context import tenant_context
from tests.quality.test_measures import DAY1, DAY2, at, inspect, small_world


def test_quality_record_by_hand(in_tenant_a: Any) -> None:
    world = small_world()
    cut, final = world.cut, InspectionKind.FINAL
    inspect(cut, "f-rej", final, at(DAY1, 16), 32, 5, outcome=Outcome.REJECT)
    shipment = Shipment.objects.create(number="SH-1", customer=cut.order.customer, ship_date=DAY2)
    for n, (when, outcome) in enumerate(
        [
            (at(DAY1, 17), Outcome.REJECT),
            (at(DAY2, 10), Outcome.PASS),
            (at(DAY2, 18), Outcome.REJECT),
        ]
    ):
        lot = inspect(cut, f"s{n}", final, when, 32, 0, outcome=outcome)
        lot.shipment = shipment
        lot.save(update_fields=["shipment"])

    record = quality_record(since=DAY1, until=DAY2)

    assert record == QualityRecord(
        since=DAY1,
        until=DAY2,
        pieces_checked=55,
        defects=6,
        defective=5,
        dhu=Decimal("10.91"),
        defect_rate=Decimal("9.09"),
        first_pass_yield=Decimal("86.67"),
        final_lots_inspected=2,
        final_lots_accepted=1,
        final_acceptance_rate=Decimal("50.00"),
    )


def test_nothing_checked_is_none(in_tenant_a: Any) -> None:
    small_world()
    record = quality_record(since=dt.date(2026, 1, 1), until=dt.date(2026, 1, 31))
    assert (record.pieces_checked, record.final_lots_inspected) == (0, 0)
    assert (record.dhu, record.defect_rate, record.first_pass_yield) == (None, None, None)
    assert record.final_acceptance_rate is None


def test_only_the_active_tenants_record(in_tenant_a: Any, tenant_b: Any) -> None:
    with tenant_context(tenant_b):
        small_world("b")
    assert quality_record(since=DAY1, until=DAY2).pieces_checked == 0
