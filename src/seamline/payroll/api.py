"""Payroll over JSON: /api/v1/payroll/ (periods, slips, adjustments, rates, one's own pay)."""

from ninja import Router

router = Router(tags=["payroll"])
