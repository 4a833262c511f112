"""The server starts one marker runner beside gunicorn and stops it when gunicorn exits."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from seamline.config import server


def test_serve_runs_the_marker_runner_while_gunicorn_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEAMLINE_MARKER_RUNNER", raising=False)
    started: list[subprocess.Popen[bytes] | None] = []
    alive: list[bool] = []
    real_start = server.start_marker_runner

    def start() -> subprocess.Popen[bytes] | None:
        started.append(real_start())
        return started[-1]

    def gunicorn(self: Any) -> None:
        runner = started[0]
        assert runner is not None
        alive.append(runner.poll() is None)
        assert runner.args[1:] == ["-m", "seamline.cli", "manage", "run_markers", "--loop", "2"]

    monkeypatch.setattr(server, "start_marker_runner", start)
    monkeypatch.setattr(server._Server, "run", gunicorn)

    server.serve(host="127.0.0.1", port=8999, workers=1)

    assert alive == [True]
    runner = started[0]
    assert runner is not None
    assert runner.returncode is not None


def test_the_marker_runner_can_be_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAMLINE_MARKER_RUNNER", "0")
    ran: list[bool] = []
    monkeypatch.setattr(server._Server, "run", lambda self: ran.append(True))

    assert server.start_marker_runner() is None
    server.serve(host="127.0.0.1", port=8999, workers=1)
    assert ran == [True]
