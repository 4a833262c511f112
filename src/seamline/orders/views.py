"""Order pages: thin — parse, check the permission once, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seamline.catalog.models import Style
from seamline.orders import selectors, services
from seamline.orders.choices import EDITABLE_STATUSES
from seamline.orders.forms import (
    MatrixForm,
    OrderFilterForm,
    OrderForm,
    TransitionForm,
)
from seamline.orders.models import Order
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors

PAGE_SIZE = 25


@require_perm(Perm.ORDERS_VIEW)
def order_list(request: HttpRequest) -> HttpResponse:
    form = OrderFilterForm(request.GET)
    filters = form.filters() if form.is_valid() else {}
    page = Paginator(selectors.order_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/order_list.html",
        {"form": form, "page": page, "orders": page.object_list},
    )


@require_perm(Perm.ORDERS_EDIT)
def order_create(request: HttpRequest) -> HttpResponse:
    form = OrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Order %(number)s was created. Now add the quantities of a style.")
                % {"number": order.number},
            )
            return redirect("orders:order_detail", pk=order.pk)
    return render(request, "orders/order_form.html", {"form": form, "order": None})


@require_perm(Perm.ORDERS_EDIT)
def order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order.objects.select_related("customer"), pk=pk)
    initial = {
        "number": order.number,
        "customer": order.customer,
        "customer_po": order.customer_po,
        "delivery_date": order.delivery_date,
        "currency": order.currency,
        "notes": order.notes,
    }
    form = OrderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        changes["currency"] = changes["currency"] or order.currency
        try:
            services.order_update(order=order, by=request.user, **changes)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Order %(number)s was saved.") % {"number": order.number})
            return redirect("orders:order_detail", pk=order.pk)
    return render(request, "orders/order_form.html", {"form": form, "order": order})


@require_perm(Perm.ORDERS_VIEW)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order.objects.select_related("customer", "created_by"), pk=pk)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "matrix": selectors.order_matrix(order),
            "history": selectors.order_history(order),
            "next_statuses": (
                selectors.order_next_statuses(order)
                if has_perm(request, Perm.ORDERS_ADVANCE)
                else []
            ),
            "can_edit": order.status in EDITABLE_STATUSES and has_perm(request, Perm.ORDERS_EDIT),
        },
    )


@require_perm(Perm.ORDERS_EDIT)
def order_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a style, then enter its quantities as a colour x size grid."""
    order = get_object_or_404(Order.objects.select_related("customer"), pk=pk)
    if order.status not in EDITABLE_STATUSES:
        messages.error(
            request,
            _("Order %(number)s is %(status)s; its quantities can no longer be changed.")
            % {"number": order.number, "status": order.get_status_display()},
        )
        return redirect("orders:order_detail", pk=order.pk)
    style_id = request.POST.get("style") or request.GET.get("style")
    style = (
        get_object_or_404(Style.objects.select_related("size_grid"), pk=style_id)
        if style_id and style_id.isdigit()
        else None
    )
    context: dict[str, object] = {
        "order": order,
        "style": style,
        "styles": selectors.order_styles_to_enter(),
    }
    if style is None:
        return render(request, "orders/order_matrix.html", context)

    colours, sizes = selectors.style_matrix_axes(style)
    cells, price = selectors.order_style_cells(order=order, style=style)
    initial: dict[str, object] = {f"qty_{c}_{s}": q for (c, s), q in cells.items()}
    initial["unit_price"] = price
    form = MatrixForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        colours=colours,
        sizes=sizes,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.order_set_matrix(
                order=order,
                style=style,
                quantities=form.quantities(),
                unit_price=form.cleaned_data["unit_price"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Quantities of style %(style)s were saved.") % {"style": style.code},
            )
            return redirect("orders:order_detail", pk=order.pk)
    context.update({"form": form, "colours": colours, "sizes": sizes, "rows": form.rows()})
    return render(request, "orders/order_matrix.html", context)


@require_POST
@require_perm(Perm.ORDERS_EDIT)
def order_remove_style(request: HttpRequest, pk: int, style_id: int) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk)
    style = get_object_or_404(Style, pk=style_id)
    try:
        services.order_remove_style(order=order, style=style, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Style %(style)s was taken off the order.") % {"style": style.code}
        )
    return redirect("orders:order_detail", pk=order.pk)


@require_POST
@require_perm(Perm.ORDERS_ADVANCE)
def order_transition(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status to move the order to."))
        return redirect("orders:order_detail", pk=order.pk)
    try:
        services.order_transition(
            order=order, to=form.cleaned_data["to"], by=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Order %(number)s is now %(status)s.")
            % {"number": order.number, "status": order.get_status_display()},
        )
    return redirect("orders:order_detail", pk=order.pk)
