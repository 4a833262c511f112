"""The payroll documents in the tenant-isolation walk: the rows come from isolation_cases."""

from __future__ import annotations

from tests.isolation import Cases

CASES = Cases(
    build=lambda world, marker: {},
    urls={
        "payroll:slip_pdf": lambda world: {"pk": world["pay_slip"].pk},
        "payroll:period_slips_pdf": lambda world: {"pk": world["pay_draft"].pk},
        "payroll:register_xlsx": lambda world: {"pk": world["pay_period"].pk},
    },
)
