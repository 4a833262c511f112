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
    }
)

ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.OWNER: _EVERYTHING,
    Role.MANAGER: _EVERYTHING,
    Role.PLANNER: _PLANNING,
    Role.SUPERVISOR: frozenset(
        {Perm.CATALOG_VIEW, Perm.ORDERS_VIEW, Perm.PEOPLE_VIEW, Perm.PEOPLE_EDIT, Perm.DATA_EXPORT}
    ),
    Role.WORKER: frozenset(),
    Role.BRAND_BUYER: frozenset({Perm.CATALOG_VIEW, Perm.ORDERS_VIEW}),
    Role.CLUSTER_OPERATOR: frozenset({Perm.CATALOG_VIEW, Perm.ORDERS_VIEW, Perm.DATA_EXPORT}),
}


def role_has(role: str | None, perm: Perm) -> bool:
    if role is None:
        return False
    return perm in ROLE_PERMS.get(Role(role), frozenset())
