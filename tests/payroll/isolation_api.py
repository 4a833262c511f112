"""The payroll API and the worker's own pay page in the tenant-isolation walk.

Rows come from `tests/payroll/isolation_cases.py` (built before this module's empty build):
an approved period with the owner's own slip, a draft with an adjustment, a dated rate.
"""

from __future__ import annotations

from typing import Any

from tests.isolation import Cases, World


def _period(world: World) -> dict[str, Any]:
    return {"period_id": world["pay_period"].pk}


def _draft(world: World) -> dict[str, Any]:
    return {"period_id": world["pay_draft"].pk}


CASES = Cases(
    build=lambda world, marker: {},
    urls={
        "api:payroll_period_get": _period,
        "api:payroll_period_recompute": _draft,
        "api:payroll_period_review": _draft,
        "api:payroll_period_reopen": _draft,
        "api:payroll_period_approve": _draft,
        "api:payroll_period_paid": _period,
        "api:payroll_slip_list": _period,
        "api:payroll_slip_get": lambda w: {"slip_id": w["pay_slip"].pk},
        "api:payroll_adjustment_list": _draft,
        "api:payroll_adjustment_create": _draft,
        "api:payroll_adjustment_delete": lambda w: {"adjustment_id": w["pay_adjustment"].pk},
        "api:payroll_rate_delete": lambda w: {"rate_id": w["pay_rate"].pk},
        "api:payroll_my_slip_get": lambda w: {"slip_id": w["pay_slip"].pk},
    },
)
