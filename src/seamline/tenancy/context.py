"""The tenant of the current request or task, held in a context variable.

The middleware sets it for each request; scripts and tests use `tenant_context`. Every
tenant-owned manager reads it, so no view ever filters by tenant by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seamline.tenancy.models import Organization

_current_tenant: ContextVar[Organization | None] = ContextVar("seamline_tenant", default=None)


class TenantNotSetError(RuntimeError):
    """A tenant-owned table was queried with no tenant active: a bug, never a silent leak."""


def current_tenant() -> Organization | None:
    return _current_tenant.get()


def require_tenant() -> Organization:
    tenant = _current_tenant.get()
    if tenant is None:
        raise TenantNotSetError(
            "No tenant is active. Wrap the code in tenancy.context.tenant_context(org)."
        )
    return tenant


@contextmanager
def tenant_context(tenant: Organization | None) -> Iterator[Organization | None]:
    token = _current_tenant.set(tenant)
    try:
        yield tenant
    finally:
        _current_tenant.reset(token)


def activate(tenant: Organization | None) -> object:
    """Set the tenant and return a token for `deactivate` (for middleware)."""
    return _current_tenant.set(tenant)


def deactivate(token: object) -> None:
    _current_tenant.reset(token)  # type: ignore[arg-type]
