"""Shipments and their advance shipping notice (ASN) over JSON: /api/v1/shipping/.

Reading needs SHIPPING_VIEW, changing SHIPPING_EDIT. Refusals are a 422 naming the field.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.catalog.models import Customer
from seamline.shipping import shipments as services
from seamline.shipping.asn import asn_payload
from seamline.shipping.models import Carton, Shipment
from seamline.shipping.schemas_shipments import (
    CartonsIn,
    DeliverIn,
    DispatchIn,
    ShipmentDetailOut,
    ShipmentFilters,
    ShipmentIn,
    ShipmentOut,
)
from seamline.shipping.selectors import final_lots
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["shipping"])
router.add_decorator(rows_first({"shipment_id": Shipment}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _detail(shipment_id: int) -> Shipment:
    """The shipment with its counts, lots and documents, read fresh."""
    shipment = services.shipment_rows().get(pk=shipment_id)
    shipment.lots = [  # type: ignore[attr-defined]
        {
            "order_id": lot.order.pk,
            "order_number": lot.order.number,
            "lot_size": lot.lot_size,
            "cartons": lot.cartons,
            "inspection_id": lot.inspection.pk if lot.inspection else None,
            "inspected_lot_size": lot.inspection.lot_size if lot.inspection else None,
            "outcome": lot.inspection.outcome if lot.inspection else None,
            "accepted": lot.accepted,
        }
        for lot in final_lots(shipment)
    ]
    shipment.attachments = [  # type: ignore[attr-defined]
        {"id": d.pk, "kind": d.kind, "name": d.name, "uploaded_at": d.uploaded_at}
        for d in shipment.documents.all()
    ]
    return shipment


@router.get("/shipments", response=list[ShipmentOut], url_name="shipment_list")
@paginate(LimitOffsetPagination, max_limit=200)
def shipment_list(request: HttpRequest, filters: Query[ShipmentFilters]) -> Any:
    """Shipments, planned first, then by ship date (latest first)."""
    api_require(request, Perm.SHIPPING_VIEW)
    rows = services.shipment_rows()
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.customer_id:
        rows = rows.filter(customer_id=filters.customer_id)
    return rows


@router.post("/shipments", response={201: ShipmentDetailOut}, url_name="shipment_create")
def shipment_create(request: HttpRequest, payload: ShipmentIn) -> Any:
    """Plan a shipment for a customer (its number is generated when blank)."""
    api_require(request, Perm.SHIPPING_EDIT)
    customer = get_object_or_404(Customer.objects, pk=payload.customer_id)
    shipment = services.shipment_create(
        customer=customer,
        ship_date=payload.ship_date,
        number=payload.number,
        carrier=payload.carrier,
        tracking_number=payload.tracking_number,
        destination=payload.destination,
        note=payload.note,
        by=request.user,
    )
    return Status(201, _detail(shipment.pk))


@router.get("/shipments/{shipment_id}", response=ShipmentDetailOut, url_name="shipment_get")
def shipment_get(request: HttpRequest, shipment_id: int) -> Any:
    """One shipment with its lots (final inspection state) and documents."""
    api_require(request, Perm.SHIPPING_VIEW)
    return _detail(shipment_id)


@router.get("/shipments/{shipment_id}/asn", response=dict[str, Any], url_name="shipment_asn")
def shipment_asn(request: HttpRequest, shipment_id: int) -> Any:
    """The advance shipping notice (see shipping.asn for its fields)."""
    api_require(request, Perm.SHIPPING_VIEW)
    return asn_payload(Shipment.objects.select_related("customer").get(pk=shipment_id))


@router.post(
    "/shipments/{shipment_id}/cartons", response=ShipmentDetailOut, url_name="shipment_cartons"
)
def shipment_cartons(request: HttpRequest, shipment_id: int, payload: CartonsIn) -> Any:
    """Load cartons onto a planned shipment and/or take cartons off it."""
    api_require(request, Perm.SHIPPING_EDIT)
    shipment = Shipment.objects.get(pk=shipment_id)
    for carton in Carton.objects.select_related("order").filter(pk__in=payload.remove):
        services.shipment_remove_carton(shipment, carton, by=request.user)
    if payload.add:
        cartons = list(Carton.objects.filter(pk__in=payload.add))
        if len(cartons) != len(set(payload.add)):
            missing = sorted(set(payload.add) - {c.pk for c in cartons})
            raise ValidationError(
                {"add": _("No such cartons: %(ids)s.") % {"ids": ", ".join(map(str, missing))}}
            )
        services.shipment_add_cartons(shipment, cartons, by=request.user)
    return _detail(shipment_id)


@router.post(
    "/shipments/{shipment_id}/dispatch", response=ShipmentDetailOut, url_name="shipment_dispatch"
)
def shipment_dispatch(
    request: HttpRequest, shipment_id: int, payload: DispatchIn | None = None
) -> Any:
    """Dispatch: every lot needs a current, passed final inspection; publishes the ASN."""
    api_require(request, Perm.SHIPPING_EDIT)
    services.shipment_dispatch(
        Shipment.objects.get(pk=shipment_id),
        by=request.user,
        tracking_number=payload.tracking_number if payload else None,
        last_for_orders=payload.last_for_orders if payload else (),
    )
    return _detail(shipment_id)


@router.post(
    "/shipments/{shipment_id}/deliver", response=ShipmentDetailOut, url_name="shipment_deliver"
)
def shipment_deliver(
    request: HttpRequest, shipment_id: int, payload: DeliverIn | None = None
) -> Any:
    """Record the delivery of a dispatched shipment (now, or at `at`)."""
    api_require(request, Perm.SHIPPING_EDIT)
    services.shipment_deliver(
        Shipment.objects.get(pk=shipment_id),
        by=request.user,
        at=payload.at if payload else None,
    )
    return _detail(shipment_id)
