"""Cut order planning against fabric over JSON, under /api/v1/cutting/."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from seamline.catalog.models import Colour, Size
from seamline.cutting import room, selectors
from seamline.cutting.models import CutPlan
from seamline.cutting.schemas_room import (
    FabricOut,
    ProposeParams,
    RoomApplyIn,
    RoomApplyOut,
    RoomPlanOut,
    RoomSettingsIn,
    RoomSettingsOut,
)
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["cutting room"])
router.add_decorator(rows_first({"plan_id": CutPlan}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _settings(plan: CutPlan) -> dict[str, Any]:
    pattern = room.room_pattern(plan)
    return {
        "plan_id": plan.pk,
        "pattern": pattern,
        **{name: getattr(plan, name) for name in room.SETTINGS_FIELDS},
    }


def _ratios(ratio: dict[Size, int]) -> list[dict[str, Any]]:
    return [{"size": size, "ratio": n} for size, n in room.sorted_ratio(ratio).items()]


def _plan_out(plan: room.RoomPlan) -> dict[str, Any]:
    return {
        "plan_id": plan.cut_plan.pk,
        "colours": [
            {
                "colour": c.colour,
                "lays": [
                    {
                        "colour": lay.colour,
                        "marker": lay.marker_text,
                        "ratios": _ratios(lay.ratio),
                        "plies": lay.plies,
                        "marker_length_mm": lay.marker_length_mm,
                        "estimated": lay.estimated,
                        "marker_id": lay.marker.pk if lay.marker is not None else None,
                        "fabric_m": lay.fabric_m,
                    }
                    for lay in c.lays
                ],
                "sizes": c.sizes,
                "overcut_pct": c.overcut_pct,
                "fabric_m": c.fabric_m,
                "fabric_cost": c.fabric_cost,
            }
            for c in plan.colours
        ],
        "n_lays": plan.n_lays,
        "fabric_m": plan.fabric_m,
        "fabric_cost": plan.fabric_cost,
        "lay_cost": plan.lay_cost,
        "cost": plan.cost,
        "lower_bound_m": plan.lower_bound_m,
        "bound_ratio": plan.bound_ratio,
        "overcut_pct": plan.overcut_pct,
        "within_allowance": plan.within_allowance,
        "efficiency": plan.efficiency,
        "markers_missing": len(plan.missing),
        "status": plan.status,
        "runtime_s": plan.runtime,
    }


def _fabric(plan: CutPlan) -> dict[str, Any]:
    needed = room.fabric_requirement(plan)
    total = sum(needed.values(), Decimal("0"))
    return {
        "plan_id": plan.pk,
        "colours": [{"colour": code, "metres": m} for code, m in needed.items()],
        "total_m": total,
        "cost": room.money(total * plan.fabric_price),
        "lays_without_length": room.lays_without_length(plan),
    }


def _lays(plan: CutPlan, payload: RoomApplyIn) -> list[room.LayPlan]:
    """The body's lays as the room's: colours by id, sizes by code or id; each error names
    its lay (1, 2, ... in the body's order)."""
    grid = selectors.GridSizes(plan.style.size_grid_id)
    colours = {c.pk: c for c in Colour.objects.filter(pk__in={x.colour_id for x in payload.lays})}
    errors: list[str] = []
    lays: list[room.LayPlan] = []
    for n, item in enumerate(payload.lays, start=1):
        colour = colours.get(item.colour_id)
        if colour is None:
            errors.append(_("Lay %(lay)s: there is no such colour.") % {"lay": n})
        ratio: dict[Size, int] = {}
        for key, count in item.ratios.items():
            size = grid.find(key)
            if size is None:
                errors.append(
                    _("Lay %(lay)s: size %(size)s is not in this style's size grid.")
                    % {"lay": n, "size": key}
                )
            elif count:
                ratio[size] = count
        if colour is not None:
            lays.append(
                room.LayPlan(
                    colour=colour,
                    ratio=ratio,
                    plies=item.plies,
                    marker_length_mm=item.marker_length_mm,
                )
            )
    if errors:
        raise ValidationError({"lays": errors})
    return lays


@router.get("/plans/{plan_id}/room", response=RoomSettingsOut, url_name="cutting_room_get")
def room_get(request: HttpRequest, plan_id: int) -> Any:
    """The cutting room's settings of a cut plan, and the style's pattern."""
    api_require(request, Perm.CUTTING_VIEW)
    return _settings(selectors.cut_plan_get(plan_id=plan_id))


@router.put("/plans/{plan_id}/room", response=RoomSettingsOut, url_name="cutting_room_update")
def room_update(request: HttpRequest, plan_id: int, payload: RoomSettingsIn) -> Any:
    """Set the fabric width, highest lay, table length, over-cut allowed and costs."""
    api_require(request, Perm.CUTTING_EDIT)
    plan = room.room_settings_update(
        cut_plan=selectors.cut_plan_get(plan_id=plan_id), by=request.user, **payload.dict()
    )
    return _settings(plan)


@router.post("/plans/{plan_id}/propose", response=RoomPlanOut, url_name="cutting_room_propose")
def room_propose(request: HttpRequest, plan_id: int, params: Query[ProposeParams]) -> Any:
    """Plan the lays of every colour still to cut against fabric; nothing is written."""
    api_require(request, Perm.CUTTING_EDIT)
    plan = selectors.cut_plan_get(plan_id=plan_id)
    return _plan_out(room.room_plan(plan, time_limit_s=params.time_limit_s))


@router.post("/plans/{plan_id}/apply", response={201: RoomApplyOut}, url_name="cutting_room_apply")
def room_apply(request: HttpRequest, plan_id: int, payload: RoomApplyIn) -> Any:
    """Write these lays over the plan's planned (uncut) lays, all or none. They must be of
    the order's colours and the style's sizes and cut every piece still to cut."""
    api_require(request, Perm.CUTTING_EDIT)
    plan = selectors.cut_plan_get(plan_id=plan_id)
    written = room.room_apply(cut_plan=plan, plan=_lays(plan, payload), by=request.user)
    lays = selectors.lay_list(plan=plan).filter(pk__in=[lay.pk for lay in written])
    return Status(
        201,
        {
            "lays": [
                {
                    "id": lay.pk,
                    "number": lay.number,
                    "colour": lay.colour,
                    "plies": lay.plies,
                    "status": lay.status,
                    "marker": selectors.marker_text(lay),
                    "marker_id": lay.marker_id,
                    "marker_length_mm": lay.marker_length_mm,
                }
                for lay in lays
            ],
            "fabric": _fabric(plan),
        },
    )


@router.get("/plans/{plan_id}/fabric", response=FabricOut, url_name="cutting_room_fabric")
def room_fabric(request: HttpRequest, plan_id: int) -> Any:
    """Metres of fabric per colour for the plan's lays: plies x (marker + end allowance)."""
    api_require(request, Perm.CUTTING_VIEW)
    return _fabric(selectors.cut_plan_get(plan_id=plan_id))
