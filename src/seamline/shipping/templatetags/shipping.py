"""`{% load shipping %}{% shipped_of order %}`: packed and shipped pieces of an order and the
shipments that carry it, for the order page (orders does not import shipping; its template
includes shipping/shipment_order.html only when the shipping pages exist)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q, Sum

from seamline.orders.models import Order
from seamline.shipping.models import CartonLine, Shipment
from seamline.shipping.shipments import SHIPPED_STATUSES, ordered_pieces
from seamline.tenancy.access import has_perm
from seamline.tenancy.permissions import Perm

register = template.Library()


@register.inclusion_tag("shipping/shipment_order_progress.html", takes_context=True)
def shipped_of(context: dict[str, Any], order: Order) -> dict[str, Any]:
    pieces = CartonLine.objects.filter(carton__order=order).aggregate(
        packed=Sum("quantity"),
        shipped=Sum("quantity", filter=Q(carton__shipment__status__in=SHIPPED_STATUSES)),
    )
    matrix = context.get("matrix")  # the order page's size x colour matrix knows the total
    ordered = matrix.total if matrix is not None else ordered_pieces(order)
    shipments = (
        Shipment.objects.filter(cartons__order=order)
        .annotate(pieces=Sum("cartons__lines__quantity"))
        .order_by("ship_date", "pk")
    )
    request = context.get("request")
    return {
        "progress": {
            "ordered": ordered,
            "packed": int(pieces["packed"] or 0),
            "shipped": int(pieces["shipped"] or 0),
            "shipments": list(shipments),
            "can_view": request is not None and has_perm(request, Perm.SHIPPING_VIEW),
        }
    }
