"""Quality measures: DHU, defect rate, first-pass yield and the defect Pareto."""

from ninja import Router

router = Router(tags=["quality"])
