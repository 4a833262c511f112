"""Shop-floor master data pages: sewing lines and the workers on them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seamline.shopfloor import selectors, services
from seamline.shopfloor.forms import LineForm, WorkerFilterForm, WorkerForm
from seamline.shopfloor.models import Line, Worker
from seamline.tenancy.access import require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors

PAGE_SIZE = 50


@require_perm(Perm.PEOPLE_VIEW)
def worker_list(request: HttpRequest) -> HttpResponse:
    form = WorkerFilterForm(request.GET)
    filters = form.filters() if form.is_valid() else {}
    page = Paginator(selectors.worker_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "shopfloor/worker_list.html",
        {"form": form, "page": page, "workers": page.object_list},
    )


@require_perm(Perm.PEOPLE_EDIT)
def worker_create(request: HttpRequest) -> HttpResponse:
    form = WorkerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            worker = services.worker_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Worker %(worker)s was added.") % {"worker": worker})
            return redirect("shopfloor:worker_list")
    return render(request, "shopfloor/worker_form.html", {"form": form, "worker": None})


@require_perm(Perm.PEOPLE_EDIT)
def worker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_object_or_404(Worker.objects.select_related("line"), pk=pk)
    initial = {
        name: getattr(worker, name)
        for name in ("code", "name", "line", "skill_grade", "pay_type", "hourly_rate", "phone")
    }
    initial["hired_on"] = worker.hired_on
    form = WorkerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_update(worker=worker, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Worker %(worker)s was saved.") % {"worker": worker})
            return redirect("shopfloor:worker_list")
    return render(request, "shopfloor/worker_form.html", {"form": form, "worker": worker})


@require_POST
@require_perm(Perm.PEOPLE_EDIT)
def worker_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_object_or_404(Worker, pk=pk)
    services.worker_deactivate(worker=worker, by=request.user)
    messages.success(request, _("Worker %(worker)s is off the roster.") % {"worker": worker})
    return redirect("shopfloor:worker_list")


@require_POST
@require_perm(Perm.PEOPLE_EDIT)
def worker_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_object_or_404(Worker, pk=pk)
    services.worker_reactivate(worker=worker, by=request.user)
    messages.success(request, _("Worker %(worker)s is back on the roster.") % {"worker": worker})
    return redirect("shopfloor:worker_edit", pk=worker.pk)


@require_perm(Perm.PEOPLE_VIEW)
def line_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")
    return render(
        request,
        "shopfloor/line_list.html",
        {"lines": selectors.line_list(search=search), "q": search},
    )


@require_perm(Perm.PEOPLE_EDIT)
def line_create(request: HttpRequest) -> HttpResponse:
    form = LineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.line_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Line %(line)s was added.") % {"line": line.code})
            return redirect("shopfloor:line_list")
    return render(request, "shopfloor/line_form.html", {"form": form, "line": None})


@require_perm(Perm.PEOPLE_EDIT)
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(Line, pk=pk)
    initial = {
        name: getattr(line, name)
        for name in ("code", "name", "target_per_hour", "working_minutes_per_day", "is_active")
    }
    form = LineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.line_update(line=line, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Line %(line)s was saved.") % {"line": line.code})
            return redirect("shopfloor:line_list")
    return render(request, "shopfloor/line_form.html", {"form": form, "line": line})
