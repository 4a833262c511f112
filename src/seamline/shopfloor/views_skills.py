"""Worker skills pages: each worker's measured pace per machine type and operation.

The paces are those the line balancing uses (`seamline.shopfloor.skills`), learned from
credited scans: standard minutes earned against minutes worked.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from seamline.shopfloor import skills
from seamline.shopfloor.models import Line, Worker
from seamline.tenancy.access import require_perm
from seamline.tenancy.permissions import Perm

PAGE_SIZE = 50
PERIODS = (7, 14, 28, 56, 91)
DEFAULT_DAYS = 28


def _days(request: HttpRequest) -> int:
    text = request.GET.get("days", "")
    return int(text) if text.isdigit() and int(text) in PERIODS else DEFAULT_DAYS


def _line(request: HttpRequest) -> Line | None:
    """The line to filter by: `?line=<id>`; an unknown id (or another factory's) is no filter."""
    text = request.GET.get("line", "")
    if not text.isdigit():
        return None
    return Line.objects.filter(pk=int(text)).first()


@require_perm(Perm.FLOOR_VIEW)
def worker_skills(request: HttpRequest) -> HttpResponse:
    """Active workers (of one line, if chosen) with their measured paces."""
    days, line = _days(request), _line(request)
    workers = Worker.objects.filter(is_active=True).select_related("line").order_by("code")
    if line is not None:
        workers = workers.filter(line=line)
    page = Paginator(workers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": skills.worker_skills(page.object_list, days=days),
        "lines": list(Line.objects.order_by("code").only("pk", "code", "name")),
        "line": line,
        "days": days,
        "periods": PERIODS,
        "rules": _rules(),
    }
    return render(request, "shopfloor/skills.html", context)


@require_perm(Perm.FLOOR_VIEW)
def worker_skill(request: HttpRequest, pk: int) -> HttpResponse:
    """One worker's paces on every operation and machine type measured."""
    worker = get_object_or_404(Worker.objects.select_related("line"), pk=pk)
    days = _days(request)
    (row,) = skills.worker_skills([worker], days=days)
    context = {
        "worker": worker,
        "row": row,
        "days": days,
        "periods": PERIODS,
        "rules": _rules(),
    }
    return render(request, "shopfloor/skill_detail.html", context)


def _rules() -> dict[str, object]:
    return {
        "gap": int(skills.GAP_LIMIT.total_seconds() // 60),
        "cap": skills.GAP_CAP,
        "scans": skills.MIN_SCANS,
        "minutes": skills.MIN_MINUTES,
    }
