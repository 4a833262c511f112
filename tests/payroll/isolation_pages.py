"""Payroll pages in the tenant-isolation walk; the rows come from tests/payroll/isolation_cases.py
(an approved September with a slip and a dated rate, a draft October with an adjustment)."""

from __future__ import annotations

from tests.isolation import Cases

CASES = Cases(
    build=lambda world, marker: {},
    urls={
        "payroll:period_detail": lambda w: {"pk": w["pay_period"].pk},
        "payroll:period_recompute": lambda w: {"pk": w["pay_draft"].pk},
        "payroll:period_review": lambda w: {"pk": w["pay_draft"].pk},
        "payroll:period_reopen": lambda w: {"pk": w["pay_draft"].pk},
        "payroll:period_approve": lambda w: {"pk": w["pay_draft"].pk},
        "payroll:period_paid": lambda w: {"pk": w["pay_period"].pk},
        "payroll:adjustment_add": lambda w: {"pk": w["pay_draft"].pk},
        "payroll:adjustment_delete": lambda w: {"pk": w["pay_adjustment"].pk},
        "payroll:slip_detail": lambda w: {"pk": w["pay_slip"].pk},
        "payroll:rate_delete": lambda w: {"pk": w["pay_rate"].pk},
    },
)
