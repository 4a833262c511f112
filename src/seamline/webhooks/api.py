"""Webhook endpoints and their deliveries."""

from ninja import Router

router = Router(tags=["webhooks"])
