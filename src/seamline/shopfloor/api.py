"""Lines and workers over JSON: /api/v1/shopfloor/."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.shopfloor import selectors, services
from seamline.shopfloor.models import Line, Worker
from seamline.shopfloor.schemas import (
    LineFilters,
    LineIn,
    LineOut,
    LinePatch,
    WorkerFilters,
    WorkerIn,
    WorkerOut,
    WorkerPatch,
)
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["shopfloor"])
router.add_decorator(rows_first({"line_id": Line, "worker_id": Worker}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _line(pk: int) -> Line:
    return selectors.line_list(active=None).get(pk=pk)


@router.get("/lines", response=list[LineOut], url_name="line_list")
def line_list(request: HttpRequest, filters: Query[LineFilters]) -> Any:
    """Sewing lines with their head count (active workers)."""
    api_require(request, Perm.PEOPLE_VIEW)
    return selectors.line_list(**filters.dict())


@router.post("/lines", response={201: LineOut}, url_name="line_create")
def line_create(request: HttpRequest, payload: LineIn) -> Any:
    api_require(request, Perm.PEOPLE_EDIT)
    line = services.line_create(by=request.user, **payload.dict())
    return Status(201, _line(line.pk))


@router.get("/lines/{line_id}", response=LineOut, url_name="line_get")
def line_get(request: HttpRequest, line_id: int) -> Any:
    api_require(request, Perm.PEOPLE_VIEW)
    return _line(line_id)


@router.patch("/lines/{line_id}", response=LineOut, url_name="line_update")
def line_update(request: HttpRequest, line_id: int, payload: LinePatch) -> Any:
    api_require(request, Perm.PEOPLE_EDIT)
    line = get_object_or_404(Line, pk=line_id)
    services.line_update(
        line=line, by=request.user, **payload.dict(exclude_unset=True, exclude_none=True)
    )
    return _line(line_id)


@router.get("/workers", response=list[WorkerOut], url_name="worker_list")
@paginate(LimitOffsetPagination, max_limit=500)
def worker_list(request: HttpRequest, filters: Query[WorkerFilters]) -> Any:
    """Workers with their line; active ones unless `active` says otherwise."""
    api_require(request, Perm.PEOPLE_VIEW)
    return selectors.worker_list(**filters.selector_filters())


@router.post("/workers", response={201: WorkerOut}, url_name="worker_create")
def worker_create(request: HttpRequest, payload: WorkerIn) -> Any:
    api_require(request, Perm.PEOPLE_EDIT)
    data = payload.dict()
    line_id = data.pop("line_id")
    line = get_object_or_404(Line, pk=line_id) if line_id else None
    worker = services.worker_create(by=request.user, line=line, **data)
    return Status(201, selectors.worker_list(active=None).get(pk=worker.pk))


@router.get("/workers/{worker_id}", response=WorkerOut, url_name="worker_get")
def worker_get(request: HttpRequest, worker_id: int) -> Any:
    api_require(request, Perm.PEOPLE_VIEW)
    return selectors.worker_list(active=None).get(pk=worker_id)


@router.patch("/workers/{worker_id}", response=WorkerOut, url_name="worker_update")
def worker_update(request: HttpRequest, worker_id: int, payload: WorkerPatch) -> Any:
    """Change a worker; `is_active: false` takes them off the roster, `true` puts them back."""
    api_require(request, Perm.PEOPLE_EDIT)
    worker = get_object_or_404(Worker, pk=worker_id)
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    if "line_id" in changes:
        line_id = changes.pop("line_id")
        changes["line"] = get_object_or_404(Line, pk=line_id) if line_id else None
    active = changes.pop("is_active", None)
    services.worker_update(worker=worker, by=request.user, **changes)
    if active is False:
        services.worker_deactivate(worker=worker, by=request.user)
    elif active is True:
        services.worker_reactivate(worker=worker, by=request.user)
    return selectors.worker_list(active=None).get(pk=worker_id)
