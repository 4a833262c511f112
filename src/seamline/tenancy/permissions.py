"""What each role may do, in one table. Views and endpoints ask for a permission, never a role."""

from __future__ import annotations

import enum

from seamline.tenancy.choices import Role


class Perm(enum.StrEnum):
    CATALOG_VIEW = "catalog.view"
    CATALOG_EDIT = "catalog.edit"
    ORDERS_VIEW = "orders.view"
    ORDERS_EDIT = "orders.edit"
    ORDERS_ADVANCE = "orders.advance"
    PEOPLE_VIEW = "people.view"
    PEOPLE_EDIT = "people.edit"
    MEMBERS_MANAGE = "members.manage"
    DATA_IMPORT = "data.import"
    DATA_EXPORT = "data.export"
    API_TOKENS = "api.tokens"
    CUTTING_VIEW = "cutting.view"
    CUTTING_EDIT = "cutting.edit"
    FLOOR_VIEW = "floor.view"  # WIP, output, efficiency, progress, traceability
    SCAN_OWN = "scan.own"  # record one's own work in the phone app
    SCAN_RECORD = "scan.record"  # record work for any worker (supervisor, line station)
    SCAN_CORRECT = "scan.correct"  # reverse scans, settle conflicting claims
    ATTENDANCE_EDIT = "attendance.edit"
    PAYROLL_VIEW = "payroll.view"  # every worker's pay: periods, slips, register
    PAYROLL_PREPARE = "payroll.prepare"  # open and recompute periods, adjustments, review
    PAYROLL_APPROVE = "payroll.approve"  # approve (lock) and mark paid, payroll settings
    PAYROLL_RATES = "payroll.rates"  # dated piece rates
    PAYROLL_COSTS = "payroll.costs"  # labour cost per style and order from actual pay
    PAY_OWN = "pay.own"  # one's own pay slips and earnings
    QUALITY_VIEW = "quality.view"  # inspections, DHU, defect Pareto
    QUALITY_INSPECT = "quality.inspect"  # record inspections, send bundles to rework
    QUALITY_SETUP = "quality.setup"  # the defect catalogue
    PACKING_EDIT = "packing.edit"  # pack cartons, print carton labels
    SHIPPING_VIEW = "shipping.view"  # cartons, shipments, packing lists
    SHIPPING_EDIT = "shipping.edit"  # plan, dispatch and deliver shipments, documents
    WEBHOOKS_MANAGE = "webhooks.manage"  # endpoints that receive events
    BALANCE_EDIT = "balance.edit"  # propose, adjust, save and assign line layouts
    CLUSTER_VIEW = "cluster.view"  # clusters, cluster orders, progress, statements
    # What the organization's part allows: run a cluster (operator), publish and allocate
    # orders (brand), keep the capacity profile, bid and accept allocations (factory).
    CLUSTER_MANAGE = "cluster.manage"


_EVERYTHING = frozenset(Perm)
_PLANNING = frozenset(
    {
        Perm.CATALOG_VIEW,
        Perm.CATALOG_EDIT,
        Perm.ORDERS_VIEW,
        Perm.ORDERS_EDIT,
        Perm.ORDERS_ADVANCE,
        Perm.PEOPLE_VIEW,
        Perm.DATA_IMPORT,
        Perm.DATA_EXPORT,
        Perm.CUTTING_VIEW,
        Perm.CUTTING_EDIT,
        Perm.FLOOR_VIEW,
        Perm.BALANCE_EDIT,
        Perm.PAYROLL_RATES,
        Perm.PAYROLL_COSTS,
        Perm.QUALITY_VIEW,
        Perm.QUALITY_SETUP,
        Perm.PACKING_EDIT,
        Perm.SHIPPING_VIEW,
        Perm.SHIPPING_EDIT,
        Perm.CLUSTER_VIEW,
        Perm.CLUSTER_MANAGE,
    }
)

ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.OWNER: _EVERYTHING,
    Role.MANAGER: _EVERYTHING,
    Role.PLANNER: _PLANNING,
    Role.SUPERVISOR: frozenset(
        {
            Perm.CATALOG_VIEW,
            Perm.ORDERS_VIEW,
            Perm.PEOPLE_VIEW,
            Perm.PEOPLE_EDIT,
            Perm.DATA_EXPORT,
            Perm.CUTTING_VIEW,
            Perm.FLOOR_VIEW,
            Perm.BALANCE_EDIT,
            Perm.SCAN_OWN,
            Perm.SCAN_RECORD,
            Perm.SCAN_CORRECT,
            Perm.ATTENDANCE_EDIT,
            Perm.PAYROLL_VIEW,
            Perm.PAYROLL_PREPARE,
            Perm.PAY_OWN,
            Perm.QUALITY_VIEW,
            Perm.QUALITY_INSPECT,
            Perm.PACKING_EDIT,
            Perm.SHIPPING_VIEW,
        }
    ),
    Role.INSPECTOR: frozenset(
        {
            Perm.CATALOG_VIEW,
            Perm.ORDERS_VIEW,
            Perm.CUTTING_VIEW,
            Perm.FLOOR_VIEW,
            Perm.QUALITY_VIEW,
            Perm.QUALITY_INSPECT,
            Perm.SHIPPING_VIEW,
        }
    ),
    Role.WORKER: frozenset({Perm.SCAN_OWN, Perm.PAY_OWN}),
    Role.BRAND_BUYER: frozenset(
        {Perm.CATALOG_VIEW, Perm.ORDERS_VIEW, Perm.CLUSTER_VIEW, Perm.CLUSTER_MANAGE}
    ),
    Role.CLUSTER_OPERATOR: frozenset(
        {
            Perm.CATALOG_VIEW,
            Perm.ORDERS_VIEW,
            Perm.DATA_EXPORT,
            Perm.CLUSTER_VIEW,
            Perm.CLUSTER_MANAGE,
        }
    ),
}


def role_has(role: str | None, perm: Perm) -> bool:
    if role is None:
        return False
    return perm in ROLE_PERMS.get(Role(role), frozenset())
