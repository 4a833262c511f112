"""Cluster API: members."""

from ninja import Router

router = Router(tags=["cluster"])
