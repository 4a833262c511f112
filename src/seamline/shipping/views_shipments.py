"""Shipment pages: list, plan, load cartons, final-inspection state, documents, dispatch,
delivery and the ASN preview. Thin: parse, check the permission once, call a service or
selector, render. SHIPPING_VIEW sees them; SHIPPING_EDIT changes them.
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.orders.models import Order
from seamline.shipping import shipments as services
from seamline.shipping.asn import asn_payload
from seamline.shipping.choices import ShipmentStatus
from seamline.shipping.forms_shipments import (
    DeliverForm,
    DispatchForm,
    DocumentForm,
    ShipmentFilterForm,
    ShipmentForm,
)
from seamline.shipping.models import Carton, Shipment, ShipmentDocument
from seamline.shipping.selectors import final_lots
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, errors_text, refused

PAGE_SIZE = 30


def _to(shipment: Shipment) -> HttpResponse:
    return redirect("shipping:shipment_detail", pk=shipment.pk)


def _shipment(pk: int) -> Shipment:
    return get_object_or_404(Shipment.objects.select_related("customer"), pk=pk)


# --- list and new --------------------------------------------------------------------------


@require_GET
@require_perm(Perm.SHIPPING_VIEW)
def shipment_list(request: HttpRequest) -> HttpResponse:
    filters = ShipmentFilterForm(request.GET or None)
    rows = services.shipment_rows()
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data["customer"]:
            rows = rows.filter(customer=data["customer"])
        if data["q"]:
            q = data["q"].strip()
            rows = rows.filter(
                Q(number__icontains=q)
                | Q(tracking_number__icontains=q)
                | Q(carrier__icontains=q)
                | Q(destination__icontains=q)
            )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "shipping/shipment_list.html",
        {
            "tab": "shipments",
            "filters": filters,
            "page": page,
            "shipments": page.object_list,
            "can_edit": has_perm(request, Perm.SHIPPING_EDIT),
            "query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(Perm.SHIPPING_EDIT)
def shipment_new(request: HttpRequest) -> HttpResponse:
    form = ShipmentForm(request.POST or None, initial={"ship_date": services.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shipment = services.shipment_create(
                customer=data["customer"],
                ship_date=data["ship_date"],
                carrier=data["carrier"],
                tracking_number=data["tracking_number"],
                destination=data["destination"],
                note=data["note"],
                number=data["number"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Shipment %(number)s is planned; now load its cartons.")
                % {"number": shipment.number},
            )
            return _to(shipment)
    return render(request, "shipping/shipment_form.html", {"tab": "shipments", "form": form})


# --- detail --------------------------------------------------------------------------------


@dataclass
class OrderCartons:
    order: Order
    cartons: list[Carton] = field(default_factory=list)

    @property
    def pieces(self) -> int:
        return sum(getattr(c, "pieces", 0) or 0 for c in self.cartons)


def _grouped(cartons: QuerySet[Carton]) -> list[OrderCartons]:
    groups: dict[int, OrderCartons] = {}
    for carton in cartons:
        groups.setdefault(carton.order_id, OrderCartons(carton.order)).cartons.append(carton)
    return list(groups.values())


def _cartons() -> QuerySet[Carton]:
    return (
        Carton.objects.select_related("order")
        .annotate(pieces=Sum("lines__quantity"))
        .order_by("order__number", "number")
    )


@dataclass
class OrderProgress:
    order: Order
    ordered: int
    shipped: int
    here: int


def _detail(
    request: HttpRequest,
    shipment: Shipment,
    *,
    form: ShipmentForm | None = None,
    document_form: DocumentForm | None = None,
) -> HttpResponse:
    loaded = _grouped(_cartons().filter(shipment=shipment))
    planned = shipment.status == ShipmentStatus.PLANNED
    free = (
        _grouped(_cartons().filter(shipment__isnull=True, order__customer=shipment.customer))
        if planned
        else []
    )
    lots = final_lots(shipment)
    progress = [
        OrderProgress(
            group.order,
            services.ordered_pieces(group.order),
            services.shipped_pieces(group.order),
            group.pieces,
        )
        for group in loaded
    ]
    return render(
        request,
        "shipping/shipment_detail.html",
        {
            "tab": "shipments",
            "shipment": shipment,
            "planned": planned,
            "can_edit": has_perm(request, Perm.SHIPPING_EDIT),
            "loaded": loaded,
            "carton_total": sum(len(g.cartons) for g in loaded),
            "piece_total": sum(g.pieces for g in loaded),
            "free": free,
            "lots": lots,
            "ready": bool(lots) and all(lot.accepted for lot in lots),
            "progress": progress,
            "documents": list(shipment.documents.select_related("uploaded_by")),
            "form": form or ShipmentForm(shipment=shipment),
            "document_form": document_form or DocumentForm(),
            "dispatch_form": DispatchForm(initial={"tracking_number": shipment.tracking_number}),
            "deliver_form": DeliverForm(),
            "asn": json.dumps(asn_payload(shipment), indent=2, ensure_ascii=False),
        },
    )


@require_GET
@require_perm(Perm.SHIPPING_VIEW)
def shipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _shipment(pk))


@require_POST
@require_perm(Perm.SHIPPING_EDIT)
def shipment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(pk)
    form = ShipmentForm(request.POST, shipment=shipment)
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        try:
            services.shipment_update(shipment=shipment, by=request.user, **changes)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Shipment %(number)s saved.") % {"number": shipment.number})
            return _to(shipment)
    messages.error(request, errors_text(form))
    return _to(shipment)


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


@require_POST
@require_perm(Perm.SHIPPING_EDIT)
def shipment_cartons(request: HttpRequest, pk: int) -> HttpResponse:
    """Load the ticked cartons ("add"), all free cartons of one order ("add_order"), or
    take one carton off ("remove")."""
    shipment = _shipment(pk)
    action = request.POST.get("action", "add")
    try:
        if action == "remove":
            carton_id = (_ids([request.POST.get("carton", "")]) or [0])[0]
            carton = get_object_or_404(Carton.objects.select_related("order"), pk=carton_id)
            services.shipment_remove_carton(shipment, carton, by=request.user)
            messages.success(request, _("The carton was taken off this shipment."))
            return _to(shipment)
        if action == "add_order":
            order_id = _ids([request.POST.get("order", "")])
            chosen = Carton.objects.filter(
                order_id__in=order_id, shipment__isnull=True, order__customer=shipment.customer
            )
        else:
            chosen = Carton.objects.filter(pk__in=_ids(request.POST.getlist("carton")))
        added = services.shipment_add_cartons(shipment, list(chosen), by=request.user)
    except ValidationError as exc:
        refused(request, exc)
        return _to(shipment)
    if added:
        messages.success(request, _("%(count)s cartons were loaded.") % {"count": added})
    else:
        messages.info(request, _("Tick the cartons to load first."))
    return _to(shipment)


@require_POST
@require_perm(Perm.SHIPPING_EDIT)
def shipment_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(pk)
    form = DispatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _to(shipment)
    try:
        services.shipment_dispatch(
            shipment,
            by=request.user,
            tracking_number=form.cleaned_data["tracking_number"] or None,
            last_for_orders=_ids(request.POST.getlist("last")),
        )
    except ValidationError as exc:
        refused(request, exc)
        return _to(shipment)
    messages.success(
        request,
        _("Shipment %(number)s was dispatched; the advance shipping notice is on its way.")
        % {"number": shipment.number},
    )
    return _to(shipment)


@require_POST
@require_perm(Perm.SHIPPING_EDIT)
def shipment_deliver(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(pk)
    form = DeliverForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return _to(shipment)
    try:
        services.shipment_deliver(shipment, by=request.user, at=form.cleaned_data["at"])
    except ValidationError as exc:
        refused(request, exc)
        return _to(shipment)
    messages.success(request, _("Shipment %(number)s was delivered.") % {"number": shipment.number})
    return _to(shipment)


@require_POST
@require_perm(Perm.SHIPPING_EDIT)
def shipment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(pk)
    try:
        services.shipment_cancel(shipment, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
        return _to(shipment)
    messages.success(
        request,
        _("Shipment %(number)s was cancelled; its cartons are free again.")
        % {"number": shipment.number},
    )
    return _to(shipment)


# --- documents -----------------------------------------------------------------------------


@require_POST
@require_perm(Perm.SHIPPING_EDIT)
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = _shipment(pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.document_add(
                shipment,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was attached.") % {"name": document.name})
            return _to(shipment)
    return _detail(request, shipment, document_form=form)


@require_GET
@require_perm(Perm.SHIPPING_VIEW)
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, only to members of the shipment's own factory (never a public URL)."""
    document = get_object_or_404(ShipmentDocument.objects.all(), pk=pk)
    try:
        with document.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(document.name)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        content_disposition_header(True, document.name) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@require_perm(Perm.SHIPPING_EDIT)
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(ShipmentDocument.objects.select_related("shipment"), pk=pk)
    shipment = document.shipment
    services.document_delete(document, by=request.user)
    messages.success(request, _("%(name)s was removed.") % {"name": document.name})
    return _to(shipment)
