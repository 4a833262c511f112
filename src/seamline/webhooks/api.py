"""Webhook endpoints and their deliveries, read-only over JSON (WEBHOOKS_MANAGE).
Endpoints are registered on the webhooks page, where the secret is shown once."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import rows_first
from seamline.tenancy.permissions import Perm
from seamline.webhooks.models import Delivery, Endpoint
from seamline.webhooks.schemas import DeliveryOut, EndpointOut

router = Router(tags=["webhooks"])
router.add_decorator(rows_first({"endpoint_id": Endpoint}), mode="view")


@router.get("/endpoints", response=list[EndpointOut], url_name="webhook_endpoint_list")
def endpoint_list(request: HttpRequest) -> Any:
    """The organization's webhook endpoints."""
    api_require(request, Perm.WEBHOOKS_MANAGE)
    return Endpoint.objects.order_by("pk")


@router.get(
    "/endpoints/{endpoint_id}/deliveries",
    response=list[DeliveryOut],
    url_name="webhook_delivery_list",
)
@paginate(LimitOffsetPagination, max_limit=200)
def delivery_list(request: HttpRequest, endpoint_id: int) -> Any:
    """An endpoint's deliveries, latest first."""
    api_require(request, Perm.WEBHOOKS_MANAGE)
    return Delivery.objects.filter(endpoint_id=endpoint_id).order_by("-created_at", "-pk")
