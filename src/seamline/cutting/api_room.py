"""Cut order planning against fabric over JSON, under /api/v1/cutting/."""

from ninja import Router

router = Router(tags=["cutting room"])
