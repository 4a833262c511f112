"""Cartons: pack by ratio or solid, what is packed against ordered and passed."""

from ninja import Router

router = Router(tags=["shipping"])
