"""Webhooks in the tenant-isolation walk, per tenant: an endpoint with a failed delivery."""

from __future__ import annotations

from seamline.webhooks.choices import DeliveryStatus, Event
from seamline.webhooks.models import Delivery, Endpoint
from tests.isolation import Cases, World


def build(world: World, marker: str) -> World:
    endpoint = Endpoint.objects.create(
        url=f"http://127.0.0.1:9/{marker}",
        description=f"Receiver {marker}",
        events=[Event.SHIPMENT_DISPATCHED],
        secret=f"whsec_{marker}",
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event=Event.SHIPMENT_DISPATCHED,
        payload={"data": {"shipment_number": f"SH-{marker}"}},
        status=DeliveryStatus.FAILED,
        attempts=8,
        last_status_code=500,
    )
    return {"endpoint": endpoint, "delivery": delivery}


def _endpoint(world: World) -> dict[str, int]:
    return {"pk": world["endpoint"].pk}


CASES = Cases(
    build=build,
    urls={
        "webhooks:endpoint_rotate": _endpoint,
        "webhooks:endpoint_active": _endpoint,
        "webhooks:endpoint_ping": _endpoint,
        "webhooks:delivery_resend": lambda world: {"pk": world["delivery"].pk},
        "api:webhook_delivery_list": lambda world: {"endpoint_id": world["endpoint"].pk},
    },
)
