"""The factory's quality record over a span of days: what the cluster capacity profile reads.

DHU, defect rate and first-pass yield as on the measures page (inline and end-of-line
inspections, see quality.measures); final lots: the orders x shipments whose latest final
(AQL) inspection in the span accepted or rejected them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from seamline.quality.choices import InspectionKind, Outcome
from seamline.quality.measures import MeasureFilter, figures, percent
from seamline.quality.models import Inspection


@dataclass(frozen=True)
class QualityRecord:
    since: dt.date
    until: dt.date
    pieces_checked: int
    defects: int
    defective: int
    dhu: Decimal | None  # defects per hundred pieces checked
    defect_rate: Decimal | None  # % of pieces checked with a defect
    first_pass_yield: Decimal | None  # % of pieces passing their first end-of-line check
    final_lots_inspected: int
    final_lots_accepted: int
    final_acceptance_rate: Decimal | None  # % of final lots accepted


def quality_record(*, since: dt.date, until: dt.date) -> QualityRecord:
    """The active tenant's quality record from `since` to `until` (the factory's days, both
    included). Figures are None when nothing was checked. Five queries."""
    filters = MeasureFilter(since=since, until=until)
    measured = figures(filters)
    # A lot is an order on a shipment (or an order alone); its latest final inspection in
    # the span decides it (a lot re-inspected after rework counts once).
    finals = filters.scope(Inspection.objects.all(), kinds=[InspectionKind.FINAL])
    later = finals.filter(
        order_id=OuterRef("order_id"), shipment_id=OuterRef("shipment_id")
    ).filter(
        Q(inspected_at__gt=OuterRef("inspected_at"))
        | Q(inspected_at=OuterRef("inspected_at"), pk__gt=OuterRef("pk"))
    )
    later_alone = finals.filter(order_id=OuterRef("order_id"), shipment__isnull=True).filter(
        Q(inspected_at__gt=OuterRef("inspected_at"))
        | Q(inspected_at=OuterRef("inspected_at"), pk__gt=OuterRef("pk"))
    )
    latest = finals.filter(
        (Q(shipment__isnull=False) & ~Exists(later))
        | (Q(shipment__isnull=True) & ~Exists(later_alone))
    )
    outcomes = list(latest.values_list("outcome", flat=True))
    accepted = sum(1 for outcome in outcomes if outcome == Outcome.PASS)
    return QualityRecord(
        since=since,
        until=until,
        pieces_checked=measured.pieces_checked,
        defects=measured.defects,
        defective=measured.defective,
        dhu=measured.dhu,
        defect_rate=measured.defect_rate,
        first_pass_yield=measured.first_pass_yield,
        final_lots_inspected=len(outcomes),
        final_lots_accepted=accepted,
        final_acceptance_rate=percent(accepted, len(outcomes)),
    )
