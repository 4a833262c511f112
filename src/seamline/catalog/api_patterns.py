"""Patterns over JSON, under /api/v1/catalog/."""

from ninja import Router

router = Router(tags=["patterns"])
