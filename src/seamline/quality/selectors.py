"""Reads of quality facts that other apps use (packing reads what has passed)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Sum

from seamline.orders.models import Order
from seamline.quality.choices import InspectionKind
from seamline.quality.models import Inspection

Cell = tuple[int, int, int]  # style id, colour id, size id


def passed_by_cell(order: Order) -> dict[Cell, int]:
    """Pieces of `order` that passed end-of-line inspection, per style x colour x size:
    what may be packed. One query."""
    rows = (
        Inspection.objects.filter(order=order, kind=InspectionKind.END_OF_LINE)
        .order_by()
        .values_list("bundle__style_id", "bundle__colour_id", "bundle__size_id")
        .annotate(passed=Sum("passed_qty"))
    )
    result: dict[Cell, int] = defaultdict(int)
    for style_id, colour_id, size_id, passed in rows:
        if style_id is not None and passed:
            result[(style_id, colour_id, size_id)] += passed
    return dict(result)
