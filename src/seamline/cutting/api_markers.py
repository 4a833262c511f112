"""Markers over JSON, under /api/v1/cutting/."""

from ninja import Router

router = Router(tags=["markers"])
