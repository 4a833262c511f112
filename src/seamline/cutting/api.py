"""Cutting over JSON: /api/v1/cutting/ (cut plans, their lays, cutting, bundles)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.catalog.models import Colour, Size, Style
from seamline.cutting import selectors, services
from seamline.cutting.models import Bundle, CutPlan, Lay
from seamline.cutting.schemas import (
    BundleFilters,
    BundleOut,
    CutPlanDetailOut,
    CutPlanFilters,
    CutPlanIn,
    CutPlanOut,
    LayCutOut,
    LayIn,
    LayOut,
)
from seamline.orders.models import Order
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["cutting"])
router.add_decorator(
    rows_first({"plan_id": CutPlan, "lay_id": Lay, "bundle_id": Bundle}), mode="view"
)
router.add_decorator(validation_errors_as_422, mode="operation")


def _lay(lay: Lay) -> dict[str, Any]:
    return {
        "id": lay.pk,
        "number": lay.number,
        "colour": lay.colour,
        "plies": lay.plies,
        "shade": lay.shade,
        "status": lay.status,
        "marker": selectors.marker_text(lay),
        "pieces": selectors.lay_pieces(lay),
        "ratios": [{"size": r.size, "ratio": r.ratio} for r in lay.ratios.all()],
        "cut_at": lay.cut_at,
        "bundle_count": (lay.bundle_count if hasattr(lay, "bundle_count") else lay.bundles.count()),
        "first_bundle": getattr(lay, "first_bundle", None),
        "last_bundle": getattr(lay, "last_bundle", None),
    }


def _cell(cell: selectors.Cell, size_id: int | None) -> dict[str, Any]:
    return {
        "size_id": size_id,
        "ordered": cell.ordered,
        "planned": cell.planned,
        "cut": cell.cut,
        "balance": cell.balance,
    }


def _detail(plan_id: int) -> dict[str, Any]:
    plan = selectors.cut_plan_list().get(pk=plan_id)
    matrix = selectors.plan_matrix(plan)
    return {
        "id": plan.pk,
        "order": plan.order,
        "style": plan.style,
        "bundle_size": plan.bundle_size,
        "note": plan.note,
        "ordered": plan.ordered,  # type: ignore[attr-defined]
        "cut": plan.cut,  # type: ignore[attr-defined]
        "created_at": plan.created_at,
        "lays": [_lay(lay) for lay in selectors.lay_list(plan=plan)],
        "matrix": {
            "sizes": matrix.sizes,
            "rows": [
                {
                    "colour": row.colour,
                    "cells": [
                        _cell(cell, size.pk)
                        for size, cell in zip(matrix.sizes, row.cells, strict=True)
                    ],
                    "total": _cell(row.total, None),
                }
                for row in matrix.rows
            ],
        },
    }


def _renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """A service's error with its field names as the API spells them (colour -> colour_id)."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


def _marker(plan: CutPlan, ratios: dict[str, int]) -> dict[Size, int]:
    """Read the keys of `ratios` as sizes of the plan's grid: a size code or a size id."""
    grid = selectors.GridSizes(plan.style.size_grid_id)
    marker: dict[Size, int] = {}
    errors: list[str] = []
    for key, ratio in ratios.items():
        named, numbered = grid.by_code.get(key.strip().casefold()), grid.by_id.get(key.strip())
        if named is not None and numbered is not None and named != numbered:
            errors.append(
                _("%(key)s is both a size code and the id of another size; use the other one.")
                % {"key": key}
            )
            continue
        size = named or numbered
        if size is None:
            errors.append(_("Size %(size)s is not in this style's size grid.") % {"size": key})
            continue
        marker[size] = ratio
    if errors:
        raise ValidationError({"ratios": errors})
    return marker


@router.get("/plans", response=list[CutPlanOut], url_name="cutting_plan_list")
@paginate(LimitOffsetPagination, max_limit=200)
def plan_list(request: HttpRequest, filters: Query[CutPlanFilters]) -> Any:
    """Cut plans, newest first, with the pieces ordered and cut."""
    api_require(request, Perm.CUTTING_VIEW)
    return selectors.cut_plan_list(order_id=filters.order_id)


@router.post("/plans", response={201: CutPlanDetailOut}, url_name="cutting_plan_create")
def plan_create(request: HttpRequest, payload: CutPlanIn) -> Any:
    """A cut plan for one style of a confirmed order (or one in production)."""
    api_require(request, Perm.CUTTING_EDIT)
    try:
        plan = services.cut_plan_create(
            order=get_object_or_404(Order, pk=payload.order_id),
            style=get_object_or_404(Style, pk=payload.style_id),
            bundle_size=payload.bundle_size,
            note=payload.note,
            by=request.user,
        )
    except ValidationError as exc:
        raise _renamed(exc, {"order": "order_id", "style": "style_id"}) from exc
    return Status(201, _detail(plan.pk))


@router.get("/plans/{plan_id}", response=CutPlanDetailOut, url_name="cutting_plan_get")
def plan_get(request: HttpRequest, plan_id: int) -> Any:
    """One plan with its lays (markers, plies, bundles) and its colour x size matrix."""
    api_require(request, Perm.CUTTING_VIEW)
    return _detail(plan_id)


@router.post("/plans/{plan_id}/lays", response={201: LayOut}, url_name="cutting_lay_add")
def lay_add(request: HttpRequest, plan_id: int, payload: LayIn) -> Any:
    """A planned lay: colour, plies, shade and the marker as size -> ratio."""
    api_require(request, Perm.CUTTING_EDIT)
    plan = selectors.cut_plan_get(plan_id=plan_id)
    colour = Colour.objects.filter(pk=payload.colour_id).first()
    if colour is None:
        raise ValidationError({"colour_id": _("There is no such colour.")})
    try:
        lay = services.lay_add(
            cut_plan=plan,
            colour=colour,
            plies=payload.plies,
            shade=payload.shade,
            ratios=_marker(plan, payload.ratios),
            by=request.user,
        )
    except ValidationError as exc:
        raise _renamed(exc, {"colour": "colour_id"}) from exc
    return Status(201, _lay(selectors.lay_get(lay_id=lay.pk)))


@router.post("/lays/{lay_id}/cut", response=LayCutOut, url_name="cutting_lay_cut")
def lay_cut(request: HttpRequest, lay_id: int) -> Any:
    """Cut a planned lay into numbered bundles; the answer lists them."""
    api_require(request, Perm.CUTTING_EDIT)
    lay = selectors.lay_get(lay_id=lay_id)
    bundles = services.lay_cut(lay=lay, by=request.user)
    lay = selectors.lay_list(plan=lay.cut_plan).get(pk=lay.pk)
    return {
        "lay": _lay(lay),
        "bundles": selectors.bundle_list(lay_id=lay.pk).filter(pk__in=[b.pk for b in bundles]),
    }


@router.get("/bundles", response=list[BundleOut], url_name="cutting_bundle_list")
@paginate(LimitOffsetPagination, max_limit=500)
def bundle_list(request: HttpRequest, filters: Query[BundleFilters]) -> Any:
    """Bundles by number; filter by order, lay or bundle number."""
    api_require(request, Perm.CUTTING_VIEW)
    return selectors.bundle_list(**filters.dict())


@router.get("/bundles/{bundle_id}", response=BundleOut, url_name="cutting_bundle_get")
def bundle_get(request: HttpRequest, bundle_id: int) -> Any:
    api_require(request, Perm.CUTTING_VIEW)
    return selectors.bundle_get(bundle_id=bundle_id)
