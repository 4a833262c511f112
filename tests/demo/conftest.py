from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from seamline.demo.loader import DemoSummary, load_demo

# The demo's history lies before this day, so it must not be later than the real today.
TODAY = timezone.localdate()


@pytest.fixture(scope="module")
def _demo_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoSummary]:
    """The demo is big: loaded once per module, rolled back after it."""
    # The tests' fast hasher, so demo logins verify under the per-test settings too.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        yield load_demo(today=TODAY)
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_once: DemoSummary, db: None) -> DemoSummary:
    """The demo, loaded for `TODAY` (each test's changes are rolled back)."""
    return _demo_once
