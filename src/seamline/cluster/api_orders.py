"""Cluster API: orders."""

from ninja import Router

router = Router(tags=["cluster"])
