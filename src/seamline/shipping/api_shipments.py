"""Shipments and their advance shipping notice (ASN)."""

from ninja import Router

router = Router(tags=["shipping"])
