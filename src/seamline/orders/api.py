"""Orders over JSON: /api/v1/orders/ (list, get with matrix and history, create, change)."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.catalog.models import Customer, Style
from seamline.orders import selectors, services
from seamline.orders.choices import OrderSource
from seamline.orders.models import Order
from seamline.orders.schemas import (
    OrderDetailOut,
    OrderFilters,
    OrderIn,
    OrderOut,
    OrderPatch,
    StyleMatrixIn,
    TransitionIn,
)
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first, validation_errors_as_422
from seamline.tenancy.permissions import Perm

router = Router(tags=["orders"])
router.add_decorator(rows_first({"pk": Order, "style_id": Style}), mode="view")
router.add_decorator(validation_errors_as_422, mode="operation")


def _detail(pk: int) -> dict[str, Any]:
    order = selectors.order_list().get(pk=pk)
    matrix = selectors.order_matrix(order)
    return {
        **{f: getattr(order, f) for f in OrderOut.model_fields if f != "customer"},
        "customer": order.customer,
        "notes": order.notes,
        "source": order.source,
        "styles": [
            {
                "style": sm.style,
                "unit_price": sm.unit_price,
                "sizes": sm.sizes,
                "rows": [
                    {"colour": row.colour, "quantities": row.quantities, "total": row.total}
                    for row in sm.rows
                ],
                "column_totals": sm.column_totals,
                "total": sm.total,
                "value": sm.value,
                "cells": [
                    {"colour_id": c, "size_id": s, "quantity": q}
                    for (c, s), q in sorted(sm.cells.items())
                ],
            }
            for sm in matrix.styles
        ],
        "history": [
            {
                "from_status": event.from_status,
                "to_status": event.to_status,
                "by": event.by.username if event.by else None,
                "at": event.at,
                "note": event.note,
            }
            for event in selectors.order_history(order)
        ],
        "next_statuses": [status for status, _label in selectors.order_next_statuses(order)],
    }


def _style_part(part: StyleMatrixIn) -> services.StyleQuantities:
    return services.StyleQuantities(
        style=get_object_or_404(Style, pk=part.style_id),
        quantities={(c.colour_id, c.size_id): c.quantity for c in part.cells},
        unit_price=part.unit_price,
    )


@router.get("/", response=list[OrderOut], url_name="order_list")
@paginate(LimitOffsetPagination, max_limit=200)
def order_list(request: HttpRequest, filters: Query[OrderFilters]) -> Any:
    """Orders, newest first, with their pieces and value; filter and search as on the page."""
    api_require(request, Perm.ORDERS_VIEW)
    return selectors.order_list(**filters.dict())


@router.post("/", response={201: OrderDetailOut}, url_name="order_create")
def order_create(request: HttpRequest, payload: OrderIn) -> Any:
    """A draft order with its lines in one body: `styles` holds each style's matrix."""
    api_require(request, Perm.ORDERS_EDIT)
    order = services.order_create(
        number=payload.number,
        customer=get_object_or_404(Customer, pk=payload.customer_id),
        delivery_date=payload.delivery_date,
        customer_po=payload.customer_po,
        currency=payload.currency,
        notes=payload.notes,
        source=OrderSource.API,
        styles=[_style_part(part) for part in payload.styles],
        by=request.user,
    )
    return Status(201, _detail(order.pk))


@router.get("/{pk}", response=OrderDetailOut, url_name="order_get")
def order_get(request: HttpRequest, pk: int) -> Any:
    """One order with its size x colour matrix per style and its status history."""
    api_require(request, Perm.ORDERS_VIEW)
    return _detail(pk)


@router.patch("/{pk}", response=OrderDetailOut, url_name="order_update")
def order_update(request: HttpRequest, pk: int, payload: OrderPatch) -> Any:
    """Change header fields while the order is a draft or confirmed."""
    api_require(request, Perm.ORDERS_EDIT)
    order = get_object_or_404(Order, pk=pk)
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    if "customer_id" in changes:
        changes["customer"] = get_object_or_404(Customer, pk=changes.pop("customer_id"))
    services.order_update(order=order, by=request.user, **changes)
    return _detail(pk)


@router.put("/{pk}/matrix", response=OrderDetailOut, url_name="order_set_matrix")
def order_set_matrix(request: HttpRequest, pk: int, payload: StyleMatrixIn) -> Any:
    """Replace one style's quantities; cells with quantity 0 (or left out) are removed."""
    api_require(request, Perm.ORDERS_EDIT)
    order = get_object_or_404(Order, pk=pk)
    part = _style_part(payload)
    services.order_set_matrix(
        order=order,
        style=part.style,
        quantities=part.quantities,
        unit_price=part.unit_price,
        by=request.user,
    )
    return _detail(pk)


@router.delete("/{pk}/styles/{style_id}", response=OrderDetailOut, url_name="order_remove_style")
def order_remove_style(request: HttpRequest, pk: int, style_id: int) -> Any:
    """Take every line of one style off the order."""
    api_require(request, Perm.ORDERS_EDIT)
    order = get_object_or_404(Order, pk=pk)
    services.order_remove_style(
        order=order, style=get_object_or_404(Style, pk=style_id), by=request.user
    )
    return _detail(pk)


@router.post("/{pk}/transition", response=OrderDetailOut, url_name="order_transition")
def order_transition(request: HttpRequest, pk: int, payload: TransitionIn) -> Any:
    """Move the order along draft -> confirmed -> in production -> shipped -> closed."""
    api_require(request, Perm.ORDERS_ADVANCE)
    order = get_object_or_404(Order, pk=pk)
    services.order_transition(order=order, to=payload.to, by=request.user, note=payload.note)
    return _detail(pk)
