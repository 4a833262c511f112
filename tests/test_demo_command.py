"""The `load_demo` command, on an empty database (what it prints when it loads the demo is
tested in demo/test_loader.py, on the load the demo tests share; this test stays out of
tests/demo, where that load may already be in the database)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seamline.tenancy.models import Organization, User


def test_command_refuses_cleanly_when_a_demo_username_is_taken(db: None) -> None:
    User.objects.create_user(username="hongmian-planner", password="x-Real-password-9")

    with pytest.raises(CommandError, match="cannot load the demo data"):
        call_command("load_demo", stdout=StringIO())

    assert Organization.objects.count() == 0
    assert User.objects.count() == 1
