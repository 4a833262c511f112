from __future__ import annotations

from collections.abc import Callable

import pytest

from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User


@pytest.fixture
def owner_user(tenant_a: Organization, member: Callable[..., User]) -> User:
    return member(tenant_a, Role.OWNER)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: pytest.FixtureRequest, tmp_path: object) -> None:
    """Uploaded pictures go to a throw-away folder, not the data directory."""
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
