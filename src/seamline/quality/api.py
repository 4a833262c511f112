"""Inspections (inline, end of line), defect catalogue and rework, for scanners and systems."""

from ninja import Router

router = Router(tags=["quality"])
