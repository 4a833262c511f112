"""Final inspection by AQL: the sampling plan for a lot and the recorded verdict."""

from ninja import Router

router = Router(tags=["quality"])
