"""Line balancing over JSON: /api/v1/shopfloor/balance/...

Layouts of a line for a style: list and read them (FLOOR_VIEW); propose one, adjust its
shares by hand, place a worker, make it the line's layout (BALANCE_EDIT). Refusals are a
422 naming the field; another tenant's layout is a 404.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from seamline.catalog.models import Style
from seamline.shopfloor import balancing as services
from seamline.shopfloor import skills
from seamline.shopfloor.attendance import factory_today
from seamline.shopfloor.models import Line, LineLayout, Worker
from seamline.shopfloor.schemas_balance import (
    AdjustIn,
    AssignIn,
    LayoutDetailOut,
    LayoutFilters,
    LayoutOut,
    ProposeIn,
)
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["line balancing"])
router.add_decorator(rows_first({"layout_id": LineLayout}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _detail(layout_id: int) -> dict[str, Any]:
    layout = services.layout_rows().get(pk=layout_id)
    out = {name: getattr(layout, name) for name in LayoutOut.model_fields if name != "id"}
    out["id"] = layout.pk
    out["positions"] = [
        {
            "slot": p.slot,
            "worker_id": p.worker.pk if p.worker else None,
            "worker_code": p.worker.code if p.worker else None,
            "minutes": p.minutes,
            "load": p.load,
            "is_bottleneck": p.is_bottleneck,
            "shares": [
                {
                    "operation_id": s.operation_id,
                    "sequence": s.operation.sequence,
                    "name": s.operation.name,
                    "machine_type": s.operation.machine_type,
                    "share": s.share,
                    "minutes": s.minutes,
                }
                for s in p.shares
            ],
        }
        for p in services.layout_positions(layout)
    ]
    return out


@router.get("/balance/layouts", response=list[LayoutOut], url_name="balance_layout_list")
def layout_list(request: HttpRequest, filters: Query[LayoutFilters]) -> Any:
    """Layouts, by line code, the line's layout first, then newest first."""
    api_require(request, Perm.FLOOR_VIEW)
    rows = services.layout_rows().order_by("line__code", "-is_active", "-created_at", "-pk")
    if filters.line_id is not None:
        rows = rows.filter(line_id=filters.line_id)
    if filters.style_id is not None:
        rows = rows.filter(style_id=filters.style_id)
    if filters.active is not None:
        rows = rows.filter(is_active=filters.active)
    return rows


@router.get("/balance/layouts/{layout_id}", response=LayoutDetailOut, url_name="balance_layout_get")
def layout_get(request: HttpRequest, layout_id: int) -> Any:
    """One layout with its figures and positions (worker, shares, minutes, load)."""
    api_require(request, Perm.FLOOR_VIEW)
    return _detail(layout_id)


@router.post("/balance/layouts", response={201: LayoutDetailOut}, url_name="balance_layout_propose")
def layout_propose(request: HttpRequest, payload: ProposeIn) -> Any:
    """Propose a balance of a line for a style: a target per hour or a head count; generic
    operators, the given workers, or today's present workers (at their measured paces)."""
    api_require(request, Perm.BALANCE_EDIT)
    line = get_object_or_404(Line.objects, pk=payload.line_id)
    style = get_object_or_404(Style.objects, pk=payload.style_id)
    workers: list[Worker] | None = None
    if payload.present_today:
        workers = skills.present_workers(line, factory_today())
    elif payload.worker_ids is not None:
        workers = list(Worker.objects.filter(pk__in=payload.worker_ids).order_by("code"))
        missing = sorted(set(payload.worker_ids) - {w.pk for w in workers})
        if missing:
            raise ValidationError(
                {
                    "worker_ids": _("No such workers: %(ids)s.")
                    % {"ids": ", ".join(map(str, missing))}
                }
            )
    layout = services.layout_propose(
        line=line,
        style=style,
        target_per_hour=payload.target_per_hour,
        head_count=payload.head_count,
        workers=workers,
        by=request.user,
    )
    return Status(201, _detail(layout.pk))


@router.post(
    "/balance/layouts/{layout_id}/adjust",
    response=LayoutDetailOut,
    url_name="balance_layout_adjust",
)
def layout_adjust(request: HttpRequest, layout_id: int, payload: AdjustIn) -> Any:
    """Hand changes (move a share between positions, or set one); every figure recomputed.
    Each operation's shares must still sum to 1."""
    api_require(request, Perm.BALANCE_EDIT)
    moves = [
        services.ShareEdit(
            operation_id=m.operation_id, to_slot=m.to_slot, share=m.share, from_slot=m.from_slot
        )
        for m in payload.moves
    ]
    services.layout_adjust(
        layout=LineLayout.objects.get(pk=layout_id), moves=moves, by=request.user
    )
    return _detail(layout_id)


@router.post(
    "/balance/layouts/{layout_id}/assign",
    response=LayoutDetailOut,
    url_name="balance_layout_assign",
)
def layout_assign(request: HttpRequest, layout_id: int, payload: AssignIn) -> Any:
    """Place a worker on a position (worker_id null: leave it to fill)."""
    api_require(request, Perm.BALANCE_EDIT)
    worker = get_object_or_404(Worker.objects, pk=payload.worker_id) if payload.worker_id else None
    services.layout_assign(
        layout=LineLayout.objects.get(pk=layout_id),
        slot=payload.slot,
        worker=worker,
        by=request.user,
    )
    return _detail(layout_id)


@router.post(
    "/balance/layouts/{layout_id}/activate",
    response=LayoutDetailOut,
    url_name="balance_layout_activate",
)
def layout_activate(request: HttpRequest, layout_id: int) -> Any:
    """Make this the line's layout (its previous one is no longer)."""
    api_require(request, Perm.BALANCE_EDIT)
    services.layout_activate(layout=LineLayout.objects.get(pk=layout_id), by=request.user)
    return _detail(layout_id)
