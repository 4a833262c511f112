"""The `seamline` command, called in-process."""

from __future__ import annotations

import gc

import pytest

from seamline.cli import build_parser, main
from seamline.tenancy.choices import OrganizationKind, Role
from seamline.tenancy.models import Membership, Organization, User

COMMANDS = ["demo", "serve", "migrate", "bootstrap", "import", "export"]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])

    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert out.startswith("usage: seamline")
    for command in COMMANDS:
        assert f"    {command} " in out, command


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "required: command" in capsys.readouterr().err


def test_import_and_export_need_an_organization() -> None:
    args = build_parser().parse_args(["export", "styles", "out.xlsx", "--org", "factory-a"])
    assert (args.kind, args.file, args.org) == ("styles", "out.xlsx", "factory-a")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["import", "styles", "in.xlsx"])


def test_import_and_export_offer_every_kind_of_data() -> None:
    from seamline.dataio.specs import KINDS

    parser = build_parser()
    for kind in KINDS:
        args = parser.parse_args(["export", kind, "out.xlsx", "--org", "factory-a"])
        assert args.kind == kind


@pytest.mark.django_db
def test_bootstrap_creates_the_organization_and_its_owner(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SEAMLINE_PASSWORD", "linen-Loom-2049")

    code = main(
        [
            "bootstrap",
            "--org",
            "Hangzhou Knit",
            "--kind",
            "factory",
            "--username",
            "boss",
            "--email",
            "boss@example.com",
        ]
    )

    assert code == 0
    org = Organization.objects.get()
    user = User.objects.get()
    assert (org.name, org.slug, org.kind) == ("Hangzhou Knit", "hangzhou-knit", "factory")
    assert (user.username, user.email) == ("boss", "boss@example.com")
    assert user.check_password("linen-Loom-2049")
    membership = Membership.unscoped.get()
    assert (membership.tenant, membership.user, membership.role) == (org, user, Role.OWNER)
    assert "Created Hangzhou Knit (hangzhou-knit) with owner boss." in capsys.readouterr().out


@pytest.mark.django_db
def test_bootstrap_refuses_a_weak_password_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SEAMLINE_PASSWORD", "123")

    code = main(
        ["bootstrap", "--org", "Brand X", "--kind", OrganizationKind.BRAND, "--username", "x"]
    )

    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("seamline bootstrap: This password is too short.")
    assert "Traceback" not in err
    assert Organization.objects.count() == 0
    assert User.objects.count() == 0


def test_serve_collects_static_files_and_starts_gunicorn(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from seamline import cli
    from seamline.config import server

    calls: list[str] = []
    started: list[dict[str, object]] = []
    monkeypatch.setattr(cli, "_call", lambda name, *args, **options: calls.append(name))
    monkeypatch.setattr(server._Server, "run", lambda self: started.append(self.options))

    code = main(["serve", "--host", "127.0.0.2", "--port", "8123", "--workers", "2"])

    assert code == 0
    assert calls == ["collectstatic"]
    assert len(started) == 1
    assert (started[0]["bind"], started[0]["workers"]) == ("127.0.0.2:8123", 2)
    assert "http://127.0.0.2:8123/" in capsys.readouterr().out


def test_serve_loads_the_urlconf_and_freezes_it_before_the_workers_fork(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.urls import get_resolver

    from seamline import cli
    from seamline.config import server

    monkeypatch.setattr(cli, "_call", lambda name, *args, **options: None)
    monkeypatch.setattr(server._Server, "run", lambda self: None)
    resolver = get_resolver()
    resolver.__dict__.pop("url_patterns", None)  # as in a server that has not served yet
    resolver.__dict__.pop("urlconf_module", None)

    gc.unfreeze()
    try:
        assert main(["serve", "--port", "8123"]) == 0
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()

    # Loaded in the process that forks: no worker imports every view on its first scan,
    # and the workers' garbage collections leave all of it alone.
    assert "url_patterns" in resolver.__dict__
    assert frozen > 100_000
