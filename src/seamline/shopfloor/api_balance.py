"""Line balancing over JSON: /api/v1/shopfloor/balance/..."""

from ninja import Router

router = Router(tags=["line balancing"])
