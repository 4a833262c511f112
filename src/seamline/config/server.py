"""Serve the WSGI app with gunicorn (a production server), started from Python."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from gunicorn.app.base import BaseApplication

from seamline.config.wsgi import application


class _Server(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # e.g. control_socket exists from gunicorn 24 on
                self.cfg.set(key, value)

    def load(self) -> Any:
        return application


MARKER_RUNNER_POLL_S = "2"


def start_marker_runner() -> subprocess.Popen[bytes] | None:
    """One process beside gunicorn that nests the queued markers (never a web request).
    `SEAMLINE_MARKER_RUNNER=0` leaves it out (another host runs `run_markers`)."""
    if os.environ.get("SEAMLINE_MARKER_RUNNER", "1").strip() == "0":
        return None
    command = [sys.executable, "-m", "seamline.cli", "manage", "run_markers"]
    return subprocess.Popen([*command, "--loop", MARKER_RUNNER_POLL_S])  # noqa: S603


def stop_marker_runner(runner: subprocess.Popen[bytes] | None, timeout: float = 20) -> None:
    """Ask the runner to end (its marker goes back to the queue), then make sure it did."""
    if runner is None or runner.poll() is not None:
        return
    runner.terminate()
    try:
        runner.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        runner.kill()
        runner.wait()


def serve(*, host: str, port: int, workers: int) -> None:
    # `demo` and `serve` touch the database before gunicorn forks its workers; a connection
    # inherited across fork would be shared by every worker, so each must open its own.
    from django.db import connections

    connections.close_all()
    print(f"Seamline is serving on http://{host}:{port}/  (Ctrl+C stops it)")  # noqa: T201
    runner = start_marker_runner()
    try:
        _run_gunicorn(host=host, port=port, workers=workers)
    finally:
        stop_marker_runner(runner)


def _run_gunicorn(*, host: str, port: int, workers: int) -> None:
    _Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": 4,
            "timeout": 60,
            "accesslog": "-",
            "graceful_timeout": 10,
            # gunicorn's default is one socket per user account: two servers would share it.
            "control_socket": str(settings.DATA_DIR / "gunicorn.ctl"),
        }
    ).run()
