"""Catalog pages: parse, check the permission once, call a service or selector, render."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from seamline.catalog import selectors, services
from seamline.catalog.forms import (
    BomLineForm,
    ColourForm,
    CustomerForm,
    MaterialForm,
    MoveForm,
    OperationForm,
    SizeGridForm,
    StyleFilterForm,
    StyleForm,
)
from seamline.catalog.models import Style
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors

PAGE_SIZE = 25


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


# --- styles --------------------------------------------------------------------------------


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def style_list(request: HttpRequest) -> HttpResponse:
    filters = StyleFilterForm(request.GET or None)
    styles = selectors.style_list(**filters.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/style_list.html",
        {
            "filters": filters,
            "page": _page(request, styles),
            "query": query.urlencode(),
            "can_edit": has_perm(request, Perm.CATALOG_EDIT),
        },
    )


@require_perm(Perm.CATALOG_EDIT)
def style_create(request: HttpRequest) -> HttpResponse:
    form = StyleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            style = services.style_create(
                code=data["code"],
                name=data["name"],
                customer=data["customer"],
                category=data["category"],
                season=data["season"],
                size_grid=data["size_grid"],
                description=data["description"],
                is_active=data["is_active"],
                picture=data["picture"],
                colours=data["colours"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Style %(code)s was created.") % {"code": style.code})
            return redirect("catalog:style_detail", pk=style.pk)
    return render(request, "catalog/style_form.html", {"form": form, "style": None})


@require_perm(Perm.CATALOG_EDIT)
def style_edit(request: HttpRequest, pk: int) -> HttpResponse:
    style = selectors.style_get(style_id=pk)
    initial = StyleForm.initial_for(style, selectors.style_colours(style))
    form = StyleForm(request.POST or None, request.FILES or None, initial=initial, style=style)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.style_update(
                style=style,
                by=request.user,
                colours=data["colours"],
                picture=data["picture"],
                clear_picture=data.get("clear_picture", False),
                **{name: data[name] for name in services.STYLE_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Style %(code)s was saved.") % {"code": style.code})
            return redirect("catalog:style_detail", pk=style.pk)
    return render(request, "catalog/style_form.html", {"form": form, "style": style})


@require_perm(Perm.CATALOG_EDIT)
def style_delete(request: HttpRequest, pk: int) -> HttpResponse:
    style = selectors.style_get(style_id=pk)
    if request.method == "POST":
        try:
            services.style_delete(style=style, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("catalog:style_detail", pk=style.pk)
        messages.success(request, _("Style %(code)s was deleted.") % {"code": style.code})
        return redirect("catalog:style_list")
    return render(
        request,
        "catalog/confirm_delete.html",
        {
            "object": style,
            "title": _("Delete style %(style)s?") % {"style": style},
            "cancel_url": reverse("catalog:style_detail", kwargs={"pk": style.pk}),
        },
    )


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def style_detail(request: HttpRequest, pk: int) -> HttpResponse:
    style = selectors.style_get(style_id=pk)
    context = selectors.style_detail(style)
    context["can_edit"] = has_perm(request, Perm.CATALOG_EDIT)
    return render(request, "catalog/style_detail.html", context)


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def style_picture(request: HttpRequest, pk: int) -> HttpResponse:
    """The style's picture, served only to members of the style's organization."""
    style = selectors.style_get(style_id=pk)
    if not style.picture:
        raise Http404
    try:
        with style.picture.open("rb") as handle:
            data = handle.read()  # pictures are small (the form caps them at 5 MB)
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(style.picture.name)[0] or "application/octet-stream"
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- operation bulletin --------------------------------------------------------------------


def _bulletin_response(request: HttpRequest, style: Style) -> HttpResponse:
    """htmx gets the refreshed bulletin; a plain browser goes back to the style page."""
    if getattr(request, "htmx", False):
        context = selectors.style_detail(style)
        context["can_edit"] = True
        return render(request, "catalog/_bulletin.html", context)
    return redirect(reverse("catalog:style_detail", kwargs={"pk": style.pk}) + "#bulletin")


@require_perm(Perm.CATALOG_EDIT)
def operation_create(request: HttpRequest, pk: int) -> HttpResponse:
    style = selectors.style_get(style_id=pk)
    form = OperationForm(request.POST or None, style=style)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            operation = services.operation_create(
                style=style,
                by=request.user,
                predecessors=data["predecessors"],
                position=data["position"],
                **{name: data[name] for name in services.OPERATION_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Operation %(op)s was added.") % {"op": operation})
            if "another" in request.POST:
                return redirect("catalog:operation_create", pk=style.pk)
            return redirect(reverse("catalog:style_detail", kwargs={"pk": style.pk}) + "#bulletin")
    return render(
        request, "catalog/operation_form.html", {"form": form, "style": style, "operation": None}
    )


@require_perm(Perm.CATALOG_EDIT)
def operation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    operation = selectors.operation_get(operation_id=pk)
    style = operation.style
    form = OperationForm(
        request.POST or None,
        style=style,
        operation=operation,
        initial=OperationForm.initial_for(operation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.operation_update(
                operation=operation,
                by=request.user,
                predecessors=data["predecessors"],
                **{name: data[name] for name in services.OPERATION_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Operation %(op)s was saved.") % {"op": operation})
            return redirect(reverse("catalog:style_detail", kwargs={"pk": style.pk}) + "#bulletin")
    return render(
        request,
        "catalog/operation_form.html",
        {"form": form, "style": style, "operation": operation},
    )


@require_perm(Perm.CATALOG_EDIT)
def operation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    operation = selectors.operation_get(operation_id=pk)
    style = operation.style
    if request.method == "POST":
        try:
            services.operation_delete(operation=operation, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return _bulletin_response(request, style)
    return render(
        request,
        "catalog/confirm_delete.html",
        {
            "object": operation,
            "title": _("Delete operation %(op)s of style %(style)s?")
            % {"op": operation, "style": style.code},
            "cancel_url": reverse("catalog:style_detail", kwargs={"pk": style.pk}),
        },
    )


@require_perm(Perm.CATALOG_EDIT)
@require_POST
def operation_move(request: HttpRequest, pk: int) -> HttpResponse:
    operation = selectors.operation_get(operation_id=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.operation_move(
                operation=operation, position=form.cleaned_data["position"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Give the new position as a number."))
    return _bulletin_response(request, operation.style)


# --- bill of materials ---------------------------------------------------------------------


@require_perm(Perm.CATALOG_EDIT)
def bom_line_create(request: HttpRequest, pk: int) -> HttpResponse:
    style = selectors.style_get(style_id=pk)
    form = BomLineForm(request.POST or None, sizes=selectors.style_sizes(style))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.bom_line_create(
                style=style,
                material=data["material"],
                consumption=data["consumption"],
                wastage_pct=data["wastage_pct"],
                placement=data["placement"],
                size_consumptions=form.size_consumptions(),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(material)s was added to the bill of materials.")
                % {"material": data["material"]},
            )
            return redirect(reverse("catalog:style_detail", kwargs={"pk": style.pk}) + "#bom")
    return render(
        request, "catalog/bom_line_form.html", {"form": form, "style": style, "line": None}
    )


@require_perm(Perm.CATALOG_EDIT)
def bom_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.bom_line_get(bom_line_id=pk)
    style = line.style
    form = BomLineForm(
        request.POST or None,
        sizes=selectors.style_sizes(style),
        initial=BomLineForm.initial_for(line),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.bom_line_update(
                bom_line=line,
                by=request.user,
                size_consumptions=form.size_consumptions(),
                **{name: data[name] for name in services.BOM_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The bill of materials line was saved."))
            return redirect(reverse("catalog:style_detail", kwargs={"pk": style.pk}) + "#bom")
    return render(
        request, "catalog/bom_line_form.html", {"form": form, "style": style, "line": line}
    )


@require_perm(Perm.CATALOG_EDIT)
def bom_line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.bom_line_get(bom_line_id=pk)
    style = line.style
    back = reverse("catalog:style_detail", kwargs={"pk": style.pk}) + "#bom"
    if request.method == "POST":
        services.bom_line_delete(bom_line=line, by=request.user)
        messages.success(
            request,
            _("%(material)s was removed from the bill of materials.") % {"material": line.material},
        )
        return redirect(back)
    return render(
        request,
        "catalog/confirm_delete.html",
        {
            "object": line,
            "title": _("Remove %(material)s from the bill of materials of %(style)s?")
            % {"material": line.material, "style": style.code},
            "cancel_url": back,
        },
    )


# --- master data: materials, customers, size grids, colours --------------------------------


def _master_form(
    request: HttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    title: Any,
    back: str,
    done: Any,
) -> HttpResponse:
    """One create-or-edit page for the small master-data objects."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done % {"obj": obj})
            return redirect(back)
    return render(request, "catalog/master_form.html", {"form": form, "title": title, "back": back})


def _master_list(
    request: HttpRequest, template: str, items: Any, tab: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "page": _page(request, items),
            "tab": tab,
            "q": request.GET.get("q", ""),
            "can_edit": has_perm(request, Perm.CATALOG_EDIT),
            **extra,
        },
    )


SAVED = gettext_lazy("%(obj)s was saved.")


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def material_list(request: HttpRequest) -> HttpResponse:
    items = selectors.material_list(search=request.GET.get("q", "").strip())
    return _master_list(request, "catalog/material_list.html", items, "materials")


@require_perm(Perm.CATALOG_EDIT)
def material_create(request: HttpRequest) -> HttpResponse:
    return _master_form(
        request,
        form=MaterialForm(request.POST or None),
        save=lambda data: services.material_create(by=request.user, **data),
        title=_("New material"),
        back=reverse("catalog:material_list"),
        done=SAVED,
    )


@require_perm(Perm.CATALOG_EDIT)
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_get(material_id=pk)
    initial = {name: getattr(material, name) for name in services.MATERIAL_FIELDS}
    return _master_form(
        request,
        form=MaterialForm(request.POST or None, initial=initial),
        save=lambda data: services.material_update(material=material, by=request.user, **data),
        title=_("Material %(obj)s") % {"obj": material},
        back=reverse("catalog:material_list"),
        done=SAVED,
    )


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    items = selectors.customer_list(search=request.GET.get("q", "").strip())
    return _master_list(request, "catalog/customer_list.html", items, "customers")


@require_perm(Perm.CATALOG_EDIT)
def customer_create(request: HttpRequest) -> HttpResponse:
    return _master_form(
        request,
        form=CustomerForm(request.POST or None),
        save=lambda data: services.customer_create(by=request.user, **data),
        title=_("New customer"),
        back=reverse("catalog:customer_list"),
        done=SAVED,
    )


@require_perm(Perm.CATALOG_EDIT)
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_get(customer_id=pk)
    initial = {name: getattr(customer, name) for name in services.CUSTOMER_FIELDS}
    return _master_form(
        request,
        form=CustomerForm(request.POST or None, initial=initial),
        save=lambda data: services.customer_update(customer=customer, by=request.user, **data),
        title=_("Customer %(obj)s") % {"obj": customer},
        back=reverse("catalog:customer_list"),
        done=SAVED,
    )


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def colour_list(request: HttpRequest) -> HttpResponse:
    items = selectors.colour_list(search=request.GET.get("q", "").strip())
    return _master_list(request, "catalog/colour_list.html", items, "colours")


@require_perm(Perm.CATALOG_EDIT)
def colour_create(request: HttpRequest) -> HttpResponse:
    return _master_form(
        request,
        form=ColourForm(request.POST or None),
        save=lambda data: services.colour_create(by=request.user, **data),
        title=_("New colour"),
        back=reverse("catalog:colour_list"),
        done=SAVED,
    )


@require_perm(Perm.CATALOG_EDIT)
def colour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    colour = selectors.colour_get(colour_id=pk)
    initial = {name: getattr(colour, name) for name in services.COLOUR_FIELDS}
    return _master_form(
        request,
        form=ColourForm(request.POST or None, initial=initial),
        save=lambda data: services.colour_update(colour=colour, by=request.user, **data),
        title=_("Colour %(obj)s") % {"obj": colour},
        back=reverse("catalog:colour_list"),
        done=SAVED,
    )


@require_perm(Perm.CATALOG_VIEW)
@require_GET
def size_grid_list(request: HttpRequest) -> HttpResponse:
    return _master_list(
        request, "catalog/size_grid_list.html", selectors.size_grid_list(), "size_grids"
    )


@require_perm(Perm.CATALOG_EDIT)
def size_grid_create(request: HttpRequest) -> HttpResponse:
    return _master_form(
        request,
        form=SizeGridForm(request.POST or None),
        save=lambda data: services.size_grid_create(by=request.user, **data),
        title=_("New size grid"),
        back=reverse("catalog:size_grid_list"),
        done=SAVED,
    )


@require_perm(Perm.CATALOG_EDIT)
def size_grid_edit(request: HttpRequest, pk: int) -> HttpResponse:
    grid = selectors.size_grid_get(grid_id=pk)
    initial = {
        "code": grid.code,
        "name": grid.name,
        "sizes": " ".join(size.code for size in grid.sizes.all()),
    }
    return _master_form(
        request,
        form=SizeGridForm(request.POST or None, initial=initial),
        save=lambda data: services.size_grid_update(grid=grid, by=request.user, **data),
        title=_("Size grid %(obj)s") % {"obj": grid},
        back=reverse("catalog:size_grid_list"),
        done=SAVED,
    )
