"""The server starts one marker runner beside gunicorn and stops it when gunicorn exits."""

from __future__ import annotations

import subprocess
import time
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


def test_a_runner_that_died_is_started_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEAMLINE_MARKER_RUNNER", raising=False)
    keeper = server.RunnerKeeper(check_every_s=0.2)
    try:
        first = keeper.process
        assert first is not None
        first.kill()
        first.wait()
        deadline = time.monotonic() + 10
        while keeper.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert keeper.restarts == 1
        assert keeper.process is not first
        assert keeper.process is not None
        assert keeper.process.poll() is None
    finally:
        keeper.stop()
    assert keeper.process is not None
    assert keeper.process.returncode is not None


def test_the_marker_runner_can_be_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEAMLINE_MARKER_RUNNER", "0")
    ran: list[bool] = []
    monkeypatch.setattr(server._Server, "run", lambda self: ran.append(True))

    assert server.start_marker_runner() is None
    server.serve(host="127.0.0.1", port=8999, workers=1)
    assert ran == [True]
