"""Reads of lines and workers, always through the tenant-scoped managers."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from seamline.shopfloor.models import Line, Worker


def line_list(*, search: str = "", active: bool | None = None) -> QuerySet[Line]:
    """Lines with `head_count`, the number of active workers on each."""
    lines = Line.objects.annotate(head_count=Count("workers", filter=Q(workers__is_active=True)))
    search = search.strip()
    if search:
        lines = lines.filter(Q(code__icontains=search) | Q(name__icontains=search))
    if active is not None:
        lines = lines.filter(is_active=active)
    return lines.order_by("code")


def worker_list(
    *, search: str = "", line_id: int | None = None, active: bool | None = True
) -> QuerySet[Worker]:
    """Workers with their line; `active=None` lists everyone."""
    workers = Worker.objects.select_related("line")
    search = search.strip()
    if search:
        workers = workers.filter(
            Q(code__icontains=search) | Q(name__icontains=search) | Q(phone__icontains=search)
        )
    if line_id:
        workers = workers.filter(line_id=line_id)
    if active is not None:
        workers = workers.filter(is_active=active)
    return workers.order_by("code")
