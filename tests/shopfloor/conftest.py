"""Fixtures of the shop-floor tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone

from tests.shopfloor.day import SHANGHAI


@pytest.fixture
def shanghai() -> Iterator[None]:
    """The factory's day, Asia/Shanghai, as the active time zone."""
    with timezone.override(SHANGHAI):
        yield
