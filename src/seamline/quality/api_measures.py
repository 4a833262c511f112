"""Quality measures: DHU, defect rate, first-pass yield and the defect Pareto.

GET /measures and /pareto take the filters of the measures page (days in the factory's
time zone, kind, line, order, style; /measures also `group`); GET /record answers the
factory's quality record for a span of days. Unknown ids and bad ranges are a 422 naming
the parameter.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router

from seamline.quality.measures import MeasureFilter, measures, pareto_by_location, pareto_by_type
from seamline.quality.record import quality_record
from seamline.quality.schemas_measures import (
    MeasureFilters,
    MeasuresOut,
    ParetoOut,
    QualityRecordOut,
    RecordFilters,
)
from seamline.quality.views_measures import MeasureForm
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["quality"])
router.add_decorator(validation_errors_as_422, mode="operation")

# The page's form field -> the API's parameter.
_PARAMS = {"line": "line_id", "order": "order_id", "style": "style_id"}


def _filters(given: MeasureFilters | RecordFilters) -> MeasureForm:
    """The page's form validates the API's parameters too: one set of rules and messages."""
    data = {
        key: value
        for key, value in {
            "since": given.since,
            "until": given.until,
            "kind": getattr(given, "kind", ""),
            "group": getattr(given, "group", "line"),
            **{field: getattr(given, param, None) for field, param in _PARAMS.items()},
        }.items()
        if value not in (None, "")
    }
    form = MeasureForm(data)
    if not form.is_valid():
        raise ValidationError(
            {
                _PARAMS.get(name, name if name != "__all__" else "since"): errors
                for name, errors in form.errors.items()
            }
        )
    return form


def _window(filters: MeasureFilter) -> dict[str, Any]:
    return {"since": filters.since, "until": filters.until, "kinds": list(filters.kinds)}


@router.get("/measures", response=MeasuresOut, url_name="quality_measures")
def measures_get(request: HttpRequest, params: Query[MeasureFilters]) -> Any:
    """DHU, defect rate and first-pass yield for the range, one row per line, operation,
    worker, style or order (highest DHU first), and DHU per day."""
    api_require(request, Perm.QUALITY_VIEW)
    form = _filters(params)
    result = measures(form.filters(), form.group_by)
    return {
        **_window(result.filters),
        "group": result.group_by,
        "figures": asdict(result.figures),
        "rows": [
            {
                "id": row.id,
                "label": row.label,
                "pieces_checked": row.pieces_checked,
                "defects": row.defects,
                "defective": row.defective,
                "dhu": row.dhu,
                "defect_rate": row.defect_rate,
            }
            for row in result.rows
        ],
        "trend": [asdict(point) for point in result.trend],
    }


@router.get("/pareto", response=ParetoOut, url_name="quality_pareto")
def pareto_get(request: HttpRequest, params: Query[MeasureFilters]) -> Any:
    """Defect types and locations by count, most first, with share and cumulative share."""
    api_require(request, Perm.QUALITY_VIEW)
    filters = _filters(params).filters()
    return {
        **_window(filters),
        "by_type": [asdict(row) for row in pareto_by_type(filters)],
        "by_location": [asdict(row) for row in pareto_by_location(filters)],
    }


@router.get("/record", response=QualityRecordOut, url_name="quality_record")
def record_get(request: HttpRequest, params: Query[RecordFilters]) -> Any:
    """The factory's quality record for `since` .. `until`: what the cluster reads."""
    api_require(request, Perm.QUALITY_VIEW)
    filters = _filters(params).filters()
    return asdict(quality_record(since=filters.since, until=filters.until))
