"""Quality measures: DHU, defect rate, first-pass yield and the defect Pareto.

Definitions (the page's help text says the same):

- **DHU** (defects per hundred units) = defects x 100 / pieces checked.
- **Defect rate** = defective pieces (pieces with at least one defect) x 100 / pieces checked.
  Both over inline and end-of-line inspections unless the kind filter says otherwise; final
  (AQL) inspections are samples of packed goods and are only counted when asked for.
- **First-pass yield** (FPY, in %) = over the bundles whose *first* end-of-line inspection
  falls in the range: (pieces checked - defective pieces) x 100 / pieces checked, both at
  that first inspection. Re-inspections after rework do not count.
- **Per line, style, order**: numerator and denominator from the inspections of that line,
  style or order (defects carry copies of those fields).
- **Per operation and per worker**: defects are those made at that operation / attributed
  to that worker. Pieces checked: an inline inspection's checked pieces count for its
  operation and for the worker credited with that bundle x operation; an end-of-line
  inspection's checked pieces count for every operation of the bundle's style credited on
  that bundle, and once for every worker credited on that bundle. Defective pieces of an
  operation or worker, per inspection: the lesser of its defects there and the
  inspection's defective pieces (a defect sits on one piece; a piece is counted once).

Every figure is a Decimal rounded half-up to 0.01, or None when nothing was checked. Each
measure is a few aggregate queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Operation, Style
from seamline.orders.models import Order
from seamline.quality.choices import DefectLocation, InspectionKind
from seamline.quality.models import Inspection, InspectionDefect
from seamline.shopfloor.attendance import factory_today, factory_zone
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Line, Scan, Worker

HUNDREDTH = Decimal("0.01")
DEFAULT_DAYS = 14
# Inline and end of line: what the factory makes. Final inspections sample packed goods.
DEFAULT_KINDS: tuple[str, ...] = (InspectionKind.INLINE, InspectionKind.END_OF_LINE)

GroupBy = Literal["line", "operation", "worker", "style", "order"]
GROUPS: dict[str, Any] = {
    "line": _("Line"),
    "operation": _("Operation"),
    "worker": _("Worker"),
    "style": _("Style"),
    "order": _("Order"),
}


def percent(part: int, whole: int) -> Decimal | None:
    """part x 100 / whole, half-up to 0.01; None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def default_range() -> tuple[dt.date, dt.date]:
    """The last 14 days up to today, in the factory's time zone."""
    today = factory_today()
    return today - dt.timedelta(days=DEFAULT_DAYS - 1), today


@dataclass(frozen=True)
class MeasureFilter:
    """Which inspections count: days (the factory's, both included), kinds, line, order,
    style."""

    since: dt.date
    until: dt.date
    kinds: tuple[str, ...] = DEFAULT_KINDS
    line_id: int | None = None
    order_id: int | None = None
    style_id: int | None = None

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = factory_zone()
        start = dt.datetime.combine(self.since, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end

    def days(self) -> list[dt.date]:
        count = (self.until - self.since).days + 1
        return [self.since + dt.timedelta(days=n) for n in range(max(0, count))]

    def scope(self, rows: QuerySet[Any], *, kinds: Iterable[str] | None = None) -> QuerySet[Any]:
        """`rows` (inspections or defects: both carry kind, time, line, order, style)."""
        start, end = self.bounds
        rows = rows.filter(
            kind__in=list(self.kinds if kinds is None else kinds),
            inspected_at__gte=start,
            inspected_at__lt=end,
        )
        if self.line_id is not None:
            rows = rows.filter(line_id=self.line_id)
        if self.order_id is not None:
            rows = rows.filter(order_id=self.order_id)
        if self.style_id is not None:
            rows = rows.filter(style_id=self.style_id)
        return rows


@dataclass(frozen=True)
class Figures:
    pieces_checked: int
    defects: int
    defective: int
    dhu: Decimal | None
    defect_rate: Decimal | None
    fpy_checked: int  # pieces checked at bundles' first end-of-line inspection
    fpy_passed: int  # ... of which without defect
    first_pass_yield: Decimal | None

    @classmethod
    def of(cls, checked: int, defects: int, defective: int, fpy: tuple[int, int]) -> Figures:
        return cls(
            pieces_checked=checked,
            defects=defects,
            defective=defective,
            dhu=percent(defects, checked),
            defect_rate=percent(defective, checked),
            fpy_checked=fpy[0],
            fpy_passed=fpy[1],
            first_pass_yield=percent(fpy[1], fpy[0]),
        )


@dataclass
class GroupRow:
    id: int | None
    label: str
    pieces_checked: int = 0
    defects: int = 0
    defective: int = 0

    @property
    def dhu(self) -> Decimal | None:
        return percent(self.defects, self.pieces_checked)

    @property
    def defect_rate(self) -> Decimal | None:
        return percent(self.defective, self.pieces_checked)


@dataclass(frozen=True)
class ParetoRow:
    key: str
    label: str
    count: int
    share: Decimal  # % of all defects
    cumulative: Decimal  # % of all defects, this row and the ones above


@dataclass(frozen=True)
class DayPoint:
    day: dt.date
    pieces_checked: int
    defects: int
    dhu: Decimal | None


@dataclass
class Measures:
    filters: MeasureFilter
    group_by: str
    figures: Figures
    rows: list[GroupRow] = field(default_factory=list)
    by_type: list[ParetoRow] = field(default_factory=list)
    by_location: list[ParetoRow] = field(default_factory=list)
    trend: list[DayPoint] = field(default_factory=list)


# --- the figures for the range -------------------------------------------------------------


def _int(value: Any) -> int:
    return int(value or 0)


def first_pass(filters: MeasureFilter) -> tuple[int, int]:
    """(pieces checked, pieces without defect) at the first end-of-line inspection of each
    bundle whose first one falls in the range. One query."""
    earlier = Inspection.objects.filter(
        bundle_id=OuterRef("bundle_id"), kind=InspectionKind.END_OF_LINE
    ).filter(
        Q(inspected_at__lt=OuterRef("inspected_at"))
        | Q(inspected_at=OuterRef("inspected_at"), pk__lt=OuterRef("pk"))
    )
    firsts = (
        filters.scope(Inspection.objects.all(), kinds=[InspectionKind.END_OF_LINE])
        .filter(bundle__isnull=False)
        .exclude(Exists(earlier))
    )
    sums = firsts.aggregate(checked=Sum("checked_qty"), defective=Sum("defective_qty"))
    checked = _int(sums["checked"])
    return checked, checked - _int(sums["defective"])


def figures(filters: MeasureFilter) -> Figures:
    """Pieces checked, defects, defective pieces, DHU, defect rate and FPY. Three queries."""
    sums = filters.scope(Inspection.objects.all()).aggregate(
        checked=Sum("checked_qty"), defective=Sum("defective_qty")
    )
    defects = filters.scope(InspectionDefect.objects.all()).aggregate(n=Sum("count"))["n"]
    return Figures.of(
        _int(sums["checked"]), _int(defects), _int(sums["defective"]), first_pass(filters)
    )


# --- grouped -------------------------------------------------------------------------------

_FIELD = {"line": "line_id", "style": "style_id", "order": "order_id"}


def _labels(group_by: str, ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = [pk for pk in set(ids) if pk is not None]
    labels: dict[int | None, str] = {None: str(_("(none)"))}
    if group_by == "line":
        for pk, code, name in Line.objects.filter(pk__in=wanted).values_list("pk", "code", "name"):
            labels[pk] = f"{code} {name}"
    elif group_by == "style":
        for pk, code, name in Style.objects.filter(pk__in=wanted).values_list("pk", "code", "name"):
            labels[pk] = f"{code} {name}"
    elif group_by == "order":
        for pk, number in Order.objects.filter(pk__in=wanted).values_list("pk", "number"):
            labels[pk] = str(number)
    elif group_by == "operation":
        rows = Operation.objects.filter(pk__in=wanted).values_list(
            "pk", "style__code", "sequence", "name"
        )
        for pk, style, sequence, name in rows:
            labels[pk] = f"{style} · {sequence} {name}"
    elif group_by == "worker":
        for pk, code, name in Worker.objects.filter(pk__in=wanted).values_list(
            "pk", "code", "name"
        ):
            labels[pk] = f"{code} {name}"
    return labels


def _by_field(filters: MeasureFilter, group_by: str) -> dict[int | None, GroupRow]:
    name = _FIELD[group_by]
    rows: dict[int | None, GroupRow] = {}
    inspected = (
        filters.scope(Inspection.objects.all())
        .values_list(name)
        .annotate(checked=Sum("checked_qty"), defective=Sum("defective_qty"))
        .order_by()
    )
    for key, checked, defective in inspected:
        rows[key] = GroupRow(key, "", _int(checked), 0, _int(defective))
    found = (
        filters.scope(InspectionDefect.objects.all())
        .values_list(name)
        .annotate(n=Sum("count"))
        .order_by()
    )
    for key, count in found:
        rows.setdefault(key, GroupRow(key, "")).defects += _int(count)
    return rows


def _by_maker(filters: MeasureFilter, group_by: str) -> dict[int | None, GroupRow]:
    """Per operation or per worker (see the module's docstring). Three queries."""
    inspections = filters.scope(Inspection.objects.all())
    listed = list(
        inspections.values_list("pk", "kind", "bundle_id", "operation_id", "checked_qty").order_by()
    )
    defective_of = dict(inspections.values_list("pk", "defective_qty").order_by())
    # Who made what on the inspected bundles: credited scans, one row per bundle x op x worker.
    credited = (
        Scan.objects.filter(
            status=ScanStatus.CREDITED, bundle_id__in=inspections.values("bundle_id")
        )
        .values_list("bundle_id", "operation_id", "worker_id")
        .distinct()
        .order_by()
    )
    ops_of: dict[int, set[int]] = defaultdict(set)
    workers_of: dict[int, set[int]] = defaultdict(set)
    maker: dict[tuple[int, int], set[int]] = defaultdict(set)
    for bundle_id, operation_id, worker_id in credited:
        ops_of[bundle_id].add(operation_id)
        workers_of[bundle_id].add(worker_id)
        maker[(bundle_id, operation_id)].add(worker_id)

    rows: dict[int | None, GroupRow] = {}

    def row(key: int | None) -> GroupRow:
        return rows.setdefault(key, GroupRow(key, ""))

    for _pk, kind, bundle_id, operation_id, checked in listed:
        keys: set[int | None]
        if kind == InspectionKind.INLINE:
            if group_by == "operation":
                keys = {operation_id}
            else:
                keys = set(maker.get((bundle_id, operation_id), set())) or {None}
        elif bundle_id is None:
            keys = {None}
        elif group_by == "operation":
            keys = set(ops_of.get(bundle_id, set())) or {None}
        else:
            keys = set(workers_of.get(bundle_id, set())) or {None}
        for key in keys:
            row(key).pieces_checked += checked

    name = "operation_id" if group_by == "operation" else "worker_id"
    found = (
        filters.scope(InspectionDefect.objects.all())
        .values_list("inspection_id", name)
        .annotate(n=Sum("count"))
        .order_by()
    )
    for inspection_id, key, count in found:
        target = row(key)
        target.defects += _int(count)
        target.defective += min(_int(count), defective_of.get(inspection_id, 0))
    return rows


def grouped(filters: MeasureFilter, group_by: str) -> list[GroupRow]:
    """One row per line, operation, worker, style or order, highest DHU first."""
    if group_by in _FIELD:
        rows = _by_field(filters, group_by)
    elif group_by in ("operation", "worker"):
        rows = _by_maker(filters, group_by)
    else:
        raise ValueError(group_by)
    labels = _labels(group_by, rows)
    for key, row in rows.items():
        row.label = labels.get(key, str(key))
    return sorted(
        rows.values(),
        key=lambda r: (-(r.dhu if r.dhu is not None else Decimal(-1)), -r.defects, r.label),
    )


# --- Pareto and trend ----------------------------------------------------------------------


def _pareto(counted: list[tuple[str, str, int]]) -> list[ParetoRow]:
    total = sum(count for _key, _label, count in counted)
    result, running = [], 0
    for key, label, count in sorted(counted, key=lambda c: (-c[2], c[1])):
        running += count
        result.append(
            ParetoRow(
                key=key,
                label=label,
                count=count,
                share=percent(count, total) or Decimal(0),
                cumulative=percent(running, total) or Decimal(0),
            )
        )
    return result


def pareto_by_type(filters: MeasureFilter) -> list[ParetoRow]:
    """Defect types by count, most first, with share and cumulative share. One query."""
    rows = (
        filters.scope(InspectionDefect.objects.all())
        .values_list("defect_type__code", "defect_type__name")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return _pareto([(code, f"{code} {name}", _int(n)) for code, name, n in rows])


def pareto_by_location(filters: MeasureFilter) -> list[ParetoRow]:
    """Where on the garment the defects are, most first. One query."""
    labels = dict(DefectLocation.choices)
    rows = (
        filters.scope(InspectionDefect.objects.all())
        .values_list("location")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return _pareto(
        [
            (location, str(labels.get(location, _("(not recorded)"))), _int(n))
            for location, n in rows
        ]
    )


def trend(filters: MeasureFilter) -> list[DayPoint]:
    """DHU per day of the range (the factory's days). Two queries."""
    zone = factory_zone()
    checked = dict(
        filters.scope(Inspection.objects.all())
        .annotate(day=TruncDate("inspected_at", tzinfo=zone))
        .values_list("day")
        .annotate(n=Sum("checked_qty"))
        .order_by()
    )
    defects = dict(
        filters.scope(InspectionDefect.objects.all())
        .annotate(day=TruncDate("inspected_at", tzinfo=zone))
        .values_list("day")
        .annotate(n=Sum("count"))
        .order_by()
    )
    points = []
    for day in filters.days():
        pieces, found = _int(checked.get(day)), _int(defects.get(day))
        points.append(DayPoint(day, pieces, found, percent(found, pieces)))
    return points


def measures(filters: MeasureFilter, group_by: str = "line") -> Measures:
    """Everything the measures page shows, in a flat number of queries."""
    return Measures(
        filters=filters,
        group_by=group_by,
        figures=figures(filters),
        rows=grouped(filters, group_by),
        by_type=pareto_by_type(filters),
        by_location=pareto_by_location(filters),
        trend=trend(filters),
    )
