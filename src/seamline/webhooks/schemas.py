"""What the webhooks API answers (the signing secret is never part of it)."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Schema


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    customer_id: int | None
    is_active: bool
    created_at: dt.datetime


class DeliveryOut(Schema):
    id: int
    endpoint_id: int
    event_id: uuid.UUID
    event: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime | None
    last_status_code: int | None
    last_error: str
    created_at: dt.datetime
    delivered_at: dt.datetime | None
