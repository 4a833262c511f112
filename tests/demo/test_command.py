"""The `load_demo` command, on an empty database (the loader's own tests share one load)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from seamline.demo.data.orgs import DEMO_PASSWORD
from seamline.tenancy.models import Organization, User


def test_command_prints_the_logins_and_says_already_loaded_the_second_time(db: None) -> None:
    first, second = StringIO(), StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    assert "Demo data loaded." in first.getvalue()
    assert "already loaded" in second.getvalue()
    for out in (first.getvalue(), second.getvalue()):
        assert "hongmian-supervisor" in out
        assert DEMO_PASSWORD in out
        assert "Pearl River Apparel Cluster" in out
    assert Organization.objects.count() == 5


def test_command_refuses_cleanly_when_a_demo_username_is_taken(db: None) -> None:
    User.objects.create_user(username="hongmian-planner", password="x-Real-password-9")

    with pytest.raises(CommandError, match="cannot load the demo data"):
        call_command("load_demo", stdout=StringIO())

    assert Organization.objects.count() == 0
    assert User.objects.count() == 1
