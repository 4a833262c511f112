from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from seamline.demo.loader import DemoSummary, demo_summary

# The demo's history lies before this day (the command loads it for the real today).
TODAY = timezone.localdate()


@dataclass(frozen=True)
class LoadedDemo:
    summary: DemoSummary
    output: str  # what the `load_demo` command printed


@pytest.fixture(scope="package")
def _demo_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[LoadedDemo]:
    """The demo is big: loaded once for the demo tests (one process runs them all, see
    tests/conftest.py), by the `load_demo` command, rolled back after them."""
    # The tests' fast hasher, so demo logins verify under the per-test settings too.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        output = StringIO()
        call_command("load_demo", stdout=output)
        yield LoadedDemo(demo_summary(created=True), output.getvalue())
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_once: LoadedDemo, db: None) -> DemoSummary:
    """The demo, loaded for `TODAY` (each test's changes are rolled back)."""
    return _demo_once.summary


@pytest.fixture
def demo_output(_demo_once: LoadedDemo, db: None) -> str:
    """What `load_demo` printed when it loaded the demo."""
    return _demo_once.output
