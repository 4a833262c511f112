"""The quality measures page: DHU, defect rate, first-pass yield, the group table, the defect
Pareto and the DHU trend for a range of the factory's days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from seamline.catalog.models import Style
from seamline.orders.models import Order
from seamline.quality.choices import InspectionKind
from seamline.quality.measures import (
    DEFAULT_KINDS,
    GROUPS,
    DayPoint,
    GroupRow,
    MeasureFilter,
    Measures,
    ParetoRow,
    default_range,
    measures,
)
from seamline.shopfloor.models import Line
from seamline.tenancy.access import require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import DateInput

MAX_DAYS = 366
KIND_CHOICES = [
    ("", _("Inline and end of line")),
    (InspectionKind.INLINE, InspectionKind.INLINE.label),
    (InspectionKind.END_OF_LINE, InspectionKind.END_OF_LINE.label),
    (InspectionKind.FINAL, InspectionKind.FINAL.label),
    ("all", _("All kinds")),
]
SORTS = {
    "dhu": _("DHU, highest first"),
    "dhu_asc": _("DHU, lowest first"),
    "defects": _("Defects, most first"),
    "checked": _("Pieces checked, most first"),
    "name": _("Name"),
}


def kinds_of(choice: str) -> tuple[str, ...]:
    if choice == "all":
        return tuple(InspectionKind.values)
    if choice in InspectionKind.values:
        return (choice,)
    return DEFAULT_KINDS


class MeasureForm(forms.Form):
    """The filters of the page and of the API (same names): every one optional."""

    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())
    kind = forms.ChoiceField(label=_("Inspections"), choices=KIND_CHOICES, required=False)
    line = forms.ModelChoiceField(label=_("Line"), queryset=Line.objects.none(), required=False)
    order = forms.ModelChoiceField(label=_("Order"), queryset=Order.objects.none(), required=False)
    style = forms.ModelChoiceField(label=_("Style"), queryset=Style.objects.none(), required=False)
    group = forms.ChoiceField(
        label=_("Per"), choices=list(GROUPS.items()), required=False, initial="line"
    )
    sort = forms.ChoiceField(label=_("Sort"), choices=list(SORTS.items()), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Querysets built per request: the tenant is active only then.
        self.fields["line"].queryset = Line.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["order"].queryset = Order.objects.order_by("-pk")  # type: ignore[attr-defined]
        self.fields["style"].queryset = Style.objects.order_by("code")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = default_range()
        since: dt.date = data.get("since") or first
        until: dt.date = data.get("until") or last
        if since > until:
            self.add_error("until", _("The last day comes before the first one."))
        elif (until - since).days >= MAX_DAYS:
            self.add_error("since", _("Choose at most %(days)s days.") % {"days": MAX_DAYS})
        data["since"], data["until"] = since, until
        return data

    def filters(self) -> MeasureFilter:
        data = self.cleaned_data
        line, order, style = data.get("line"), data.get("order"), data.get("style")
        return MeasureFilter(
            since=data["since"],
            until=data["until"],
            kinds=kinds_of(data.get("kind") or ""),
            line_id=line.pk if line else None,
            order_id=order.pk if order else None,
            style_id=style.pk if style else None,
        )

    @property
    def group_by(self) -> str:
        return self.cleaned_data.get("group") or "line"

    @property
    def sort_by(self) -> str:
        return self.cleaned_data.get("sort") or "dhu"


def sorted_rows(rows: list[GroupRow], sort: str) -> list[GroupRow]:
    """The group table in the order asked for (rows come highest DHU first)."""
    if sort == "dhu_asc":
        return sorted(rows, key=lambda r: (r.dhu is None, r.dhu or Decimal(0), r.label))
    if sort == "defects":
        return sorted(rows, key=lambda r: (-r.defects, r.label))
    if sort == "checked":
        return sorted(rows, key=lambda r: (-r.pieces_checked, r.label))
    if sort == "name":
        return sorted(rows, key=lambda r: r.label)
    return rows


# --- charts: drawn here as plain numbers, the template writes the SVG ---------------------

BAR_WIDTH = 300  # the Pareto bar of the most frequent defect, in SVG units
TREND_W, TREND_H = 600, 120


@dataclass(frozen=True)
class Bar:
    row: ParetoRow
    width: int


@dataclass(frozen=True)
class TrendBar:
    point: DayPoint
    x: int
    y: int
    width: int
    height: int


def pareto_bars(rows: list[ParetoRow]) -> list[Bar]:
    top = max((row.count for row in rows), default=0)
    return [Bar(row, round(BAR_WIDTH * row.count / top) if top else 0) for row in rows]


def trend_bars(points: list[DayPoint]) -> list[TrendBar]:
    if not points:
        return []
    top = max((p.dhu or Decimal(0) for p in points), default=Decimal(0))
    step = TREND_W // len(points)
    bars = []
    for n, point in enumerate(points):
        height = int((point.dhu or 0) * (TREND_H - 10) / top) if top else 0
        bars.append(TrendBar(point, n * step, TREND_H - height, max(1, step - 2), height))
    return bars


@require_GET
@require_perm(Perm.QUALITY_VIEW)
def measures_page(request: HttpRequest) -> HttpResponse:
    form = MeasureForm(request.GET)  # bound even when empty: every filter has a default
    result: Measures | None = None
    if form.is_valid():
        result = measures(form.filters(), form.group_by)
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        "quality/measures.html",
        {
            "form": form,
            "result": result,
            "rows": sorted_rows(result.rows, form.sort_by) if result else [],
            "group_label": GROUPS.get(form.group_by if result else "line"),
            "sort": form.sort_by if result else "dhu",
            "query": query.urlencode(),
            "type_bars": pareto_bars(result.by_type) if result else [],
            "location_bars": pareto_bars(result.by_location) if result else [],
            "trend": trend_bars(result.trend) if result else [],
            "bar_width": BAR_WIDTH,
            "trend_w": TREND_W,
            "trend_h": TREND_H,
        },
    )
