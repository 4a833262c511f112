"""Packing pages: the orders to pack, an order's packing grid and cartons, carton labels, and
a shipment's packing list. SHIPPING_VIEW sees them; PACKING_EDIT packs, unpacks and prints
labels. Thin: parse, check the permission once, call a service or selector, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from seamline.catalog.models import Colour, Customer, Style
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.payroll.documents import safe_name
from seamline.shipping import packing
from seamline.shipping.forms_packing import PackRatioForm, PackSolidForm
from seamline.shipping.labels import carton_labels as make_labels
from seamline.shipping.labels import render_labels
from seamline.shipping.models import Carton, Shipment
from seamline.shipping.packing_list import packing_list, render_pdf, render_xlsx
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors

PAGE_SIZE = 25
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(
    content: bytes, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name(filename)}"'
    return response


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
@require_perm(Perm.SHIPPING_VIEW)
def packing_page(request: HttpRequest) -> HttpResponse:
    customer_id = _int(request.GET.get("customer"))
    status = request.GET.get("status", "")
    if status not in packing.LISTED_STATUSES:
        status = ""
    orders = packing.packing_orders(customer_id=customer_id, status=status)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "shipping/packing.html",
        {
            "tab": "packing",
            "page": page,
            "rows": packing.orders_packing(list(page.object_list)),
            "customers": Customer.objects.order_by("name"),
            "customer_id": customer_id,
            "statuses": [(s, OrderStatus(s).label) for s in packing.LISTED_STATUSES],
            "status": status,
        },
    )


def _order(pk: int) -> Order:
    return get_object_or_404(Order.objects.select_related("customer"), pk=pk)


def _ratio_line(
    request: HttpRequest, rows: list[packing.PackingRow]
) -> tuple[Style, Colour] | None:
    """The style x colour the ratio form proposes: ?line=style-colour, else the first."""
    lines = {(r.style.pk, r.colour.pk): (r.style, r.colour) for r in rows if r.ordered}
    wanted = request.GET.get("line", "")
    style_id, _sep, colour_id = wanted.partition("-")
    if style_id.isdigit() and colour_id.isdigit():
        found = lines.get((int(style_id), int(colour_id)))
        if found is not None:
            return found
    return next(iter(lines.values()), None)


def _order_page(
    request: HttpRequest,
    order: Order,
    *,
    solid: PackSolidForm | None = None,
    ratio: PackRatioForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = packing.packing_status(order)
    line = _ratio_line(request, rows)
    proposed = packing.order_ratio(rows, *line) if line else {}
    possible = packing.cartons_possible(rows, *line, proposed) if line else 0
    if ratio is None:
        initial = {"cartons": possible} if possible else {}
        ratio = PackRatioForm(rows=rows, line=line, ratio=proposed, initial=initial)
    cartons = list(packing.carton_list(order))
    return render(
        request,
        "shipping/order_packing.html",
        {
            "tab": "packing",
            "order": order,
            "rows": rows,
            "totals": packing.packing_totals(rows),
            "allowance": int(packing.OVER_SHIP_ALLOWANCE * 100),
            "solid_form": solid or PackSolidForm(rows=rows),
            "ratio_form": ratio,
            "ratio_line": line,
            "proposed": proposed,
            "proposed_cartons": possible,
            "cartons": [(carton, packing.carton_pieces(carton)) for carton in cartons],
            "can_pack": has_perm(request, Perm.PACKING_EDIT),
            "shipped_statuses": packing.SHIPPED_STATUSES,
        },
        status=status,
    )


@require_GET
@require_perm(Perm.SHIPPING_VIEW)
def order_packing(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_page(request, _order(pk))


def _packed(request: HttpRequest, order: Order, made: list[Carton]) -> HttpResponse:
    numbers = [carton.number for carton in made]
    messages.success(
        request,
        ngettext(
            "%(count)d carton packed: no. %(first)d.",
            "%(count)d cartons packed: nos. %(first)d to %(last)d.",
            len(made),
        )
        % {"count": len(made), "first": min(numbers), "last": max(numbers)},
    )
    return redirect("shipping:order_packing", pk=order.pk)


@require_POST
@require_perm(Perm.PACKING_EDIT)
def pack_solid(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(pk)
    rows = packing.packing_status(order)
    form = PackSolidForm(request.POST, rows=rows)
    if form.is_valid():
        row = form.row()
        try:
            made = packing.pack_solid(
                order=order,
                style=row.style,
                colour=row.colour,
                size=row.size,
                pieces_per_carton=form.cleaned_data["pieces_per_carton"],
                by=request.user,
                **form.spec(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _packed(request, order, made)
    return _order_page(request, order, solid=form, status=422)


@require_POST
@require_perm(Perm.PACKING_EDIT)
def pack_ratio(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(pk)
    rows = packing.packing_status(order)
    form = PackRatioForm(request.POST, rows=rows, line=None, ratio={})
    if form.is_valid():
        style, colour = form.style_colour()
        try:
            made = packing.pack_ratio(
                order=order,
                style=style,
                colour=colour,
                ratio=form.ratio(),
                by=request.user,
                **form.spec(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _packed(request, order, made)
    return _order_page(request, order, ratio=form, status=422)


@require_POST
@require_perm(Perm.PACKING_EDIT)
def carton_delete(request: HttpRequest, pk: int) -> HttpResponse:
    carton = get_object_or_404(Carton.objects.select_related("order"), pk=pk)
    try:
        packing.carton_delete(carton, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Carton %(number)d was unpacked.") % {"number": carton.number})
    return redirect("shipping:order_packing", pk=carton.order_id)


@require_GET
@require_perm(Perm.PACKING_EDIT)
def carton_labels(request: HttpRequest, pk: int) -> HttpResponse:
    """The order's carton labels as PDF; ?cartons=1-10,14 picks cartons, ?sheet=a4 puts four
    labels on an A4 page."""
    order = _order(pk)
    cartons = list(packing.carton_list(order))
    wanted = request.GET.get("cartons", "").strip()
    if wanted:
        numbers = packing.carton_numbers(wanted)
        if numbers is None:
            messages.error(
                request,
                _("Cartons: give numbers and ranges such as 1-10,14 (not %(text)s).")
                % {"text": wanted[:40]},
            )
            return redirect("shipping:order_packing", pk=order.pk)
        chosen = [carton for carton in cartons if carton.number in numbers]
    else:
        chosen = cartons
    labels = make_labels(order, chosen, total=len(cartons))
    pdf = render_labels(labels, sheet=request.GET.get("sheet") == "a4")
    return _download(pdf, PDF, f"carton-labels-{order.number}.pdf", inline=True)


def _shipment(pk: int) -> Shipment:
    return get_object_or_404(Shipment.objects.select_related("customer"), pk=pk)


@require_GET
@require_perm(Perm.SHIPPING_VIEW)
def packing_list_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(pk)
    content = render_xlsx(packing_list(shipment))
    return _download(content, XLSX, f"packing-list-{shipment.number}.xlsx")


@require_GET
@require_perm(Perm.SHIPPING_VIEW)
def packing_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(pk)
    content = render_pdf(packing_list(shipment))
    return _download(content, PDF, f"packing-list-{shipment.number}.pdf")
