"""Cartons over JSON, /api/v1/shipping/: an order's packing status, its cartons, pack solid or
by ratio, unpack. Packing more than passed (or than ordered plus the allowance) is a 422
naming the cell."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from seamline.catalog.models import Colour, Size, Style
from seamline.orders.models import Order
from seamline.shipping import packing
from seamline.shipping.labels import carton_code
from seamline.shipping.models import Carton
from seamline.shipping.schemas_packing import CartonOut, CartonsIn, PackingOut
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

M = TypeVar("M", bound=models.Model)

router = Router(tags=["shipping"])
router.add_decorator(rows_first({"order_id": Order, "carton_id": Carton}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _ref(obj: Style | Size) -> dict[str, Any]:
    return {"id": obj.pk, "code": obj.code}


def _colour(colour: Colour) -> dict[str, Any]:
    return {"id": colour.pk, "code": colour.code, "name": colour.name}


def _carton(carton: Carton, order: Order) -> dict[str, Any]:
    lines = list(carton.lines.all())
    return {
        "id": carton.pk,
        "order_id": carton.order_id,
        "number": carton.number,
        "code": carton_code(carton, order),
        "pack_type": carton.pack_type,
        "pieces": sum(line.quantity for line in lines),
        "lines": [
            {
                "style": _ref(line.style),
                "colour": _colour(line.colour),
                "size": _ref(line.size),
                "quantity": line.quantity,
            }
            for line in lines
        ],
        "net_kg": carton.net_kg,
        "gross_kg": carton.gross_kg,
        "length_cm": carton.length_cm,
        "width_cm": carton.width_cm,
        "height_cm": carton.height_cm,
        "shipment_id": carton.shipment_id,
        "shipment_number": carton.shipment.number if carton.shipment else None,
        "packed_at": carton.packed_at,
    }


@router.get("/orders/{order_id}/packing", response=PackingOut, url_name="shipping_order_packing")
def order_packing(request: HttpRequest, order_id: int) -> dict[str, Any]:
    api_require(request, Perm.SHIPPING_VIEW)
    order = get_object_or_404(Order.objects, pk=order_id)
    rows = packing.packing_status(order)
    totals = packing.packing_totals(rows)
    return {
        "order_id": order.pk,
        "order_number": order.number,
        "over_ship_allowance": packing.OVER_SHIP_ALLOWANCE,
        "rows": [
            {
                "style": _ref(r.style),
                "colour": _colour(r.colour),
                "size": _ref(r.size),
                "ordered": r.ordered,
                "cut": r.cut,
                "passed": r.passed,
                "packed": r.packed,
                "packable": r.packable,
                "on_shipment": r.on_shipment,
                "shipped": r.shipped,
            }
            for r in rows
        ],
        "totals": totals.__dict__,
    }


@router.get("/orders/{order_id}/cartons", response=list[CartonOut], url_name="shipping_carton_list")
def carton_list(request: HttpRequest, order_id: int) -> list[dict[str, Any]]:
    api_require(request, Perm.SHIPPING_VIEW)
    order = get_object_or_404(Order.objects, pk=order_id)
    return [_carton(carton, order) for carton in packing.carton_list(order)]


def _row(model: type[M], pk: int | None, field: str) -> M:
    found = model._default_manager.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise ValidationError(
            {field: ValidationError(_("No such row: %(id)s.") % {"id": pk}, code="not_found")}
        )
    return found


@router.post(
    "/orders/{order_id}/cartons", response={201: list[CartonOut]}, url_name="shipping_carton_pack"
)
def carton_pack(request: HttpRequest, order_id: int, payload: CartonsIn) -> Any:
    api_require(request, Perm.PACKING_EDIT)
    order = get_object_or_404(Order.objects.select_related("customer"), pk=order_id)
    style = _row(Style, payload.style_id, "style_id")
    colour = _row(Colour, payload.colour_id, "colour_id")
    spec: dict[str, Any] = {
        "cartons": payload.cartons,
        "net_kg": payload.net_kg,
        "gross_kg": payload.gross_kg,
        "length_cm": payload.length_cm,
        "width_cm": payload.width_cm,
        "height_cm": payload.height_cm,
    }
    if payload.pack_type == "solid":
        if payload.pieces_per_carton is None:
            raise ValidationError(
                {"pieces_per_carton": ValidationError(_("Give the pieces per carton."), "required")}
            )
        made = packing.pack_solid(
            order=order,
            style=style,
            colour=colour,
            size=_row(Size, payload.size_id, "size_id"),
            pieces_per_carton=payload.pieces_per_carton,
            by=request.user,
            **spec,
        )
    else:
        ratio = {_row(Size, item.size_id, "ratio"): item.pieces for item in payload.ratio or []}
        made = packing.pack_ratio(
            order=order, style=style, colour=colour, ratio=ratio, by=request.user, **spec
        )
    cartons = packing.carton_list(order).filter(pk__in=[carton.pk for carton in made])
    return Status(201, [_carton(carton, order) for carton in cartons])


@router.delete("/cartons/{carton_id}", response={204: None}, url_name="shipping_carton_delete")
def carton_delete(request: HttpRequest, carton_id: int) -> Any:
    api_require(request, Perm.PACKING_EDIT)
    carton = get_object_or_404(Carton.objects, pk=carton_id)
    packing.carton_delete(carton, by=request.user)
    return Status(204, None)
