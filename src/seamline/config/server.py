"""Serve the WSGI app with gunicorn (a production server), started from Python."""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
import threading
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
RUNNER_CHECK_S = 5.0  # how often the server looks whether its marker runner still runs

log = logging.getLogger(__name__)


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


class RunnerKeeper:
    """Keeps one marker runner alive while the server runs: a runner that died (killed,
    out of memory) is started again, so queued markers never wait for a restart."""

    def __init__(self, check_every_s: float = RUNNER_CHECK_S) -> None:
        self.check_every_s = check_every_s
        self.process = start_marker_runner()
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name="marker-runner-keeper")
        self._thread.daemon = True
        if self.process is not None:
            self._thread.start()

    def _watch(self) -> None:
        while not self._stopping.wait(self.check_every_s):
            with self._lock:
                if self._stopping.is_set() or self.process is None:
                    return
                if self.process.poll() is not None:
                    log.warning(
                        "the marker runner ended (exit code %s): starting another",
                        self.process.returncode,
                    )
                    self.process = start_marker_runner()
                    self.restarts += 1

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            stop_marker_runner(self.process)


def warm_up() -> None:
    """Load what Django otherwise loads on a worker's first request: the URLconf (every
    app's views and the engines they import) and both languages' translations. Done once
    before gunicorn forks, the workers share it, and no scan waits seconds for an import."""
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # activating a language loads its catalog
            pass


def serve(*, host: str, port: int, workers: int) -> None:
    warm_up()
    # `demo` and `serve` touch the database before gunicorn forks its workers; a connection
    # inherited across fork would be shared by every worker, so each must open its own.
    from django.db import connections

    connections.close_all()
    # What is loaded by now lives as long as the server. Frozen, a worker's full garbage
    # collection no longer walks it (~200,000 objects, ~100 ms, which every request that
    # arrived meanwhile waited for), nor writes to its pages shared since the fork.
    gc.freeze()
    print(f"Seamline is serving on http://{host}:{port}/  (Ctrl+C stops it)")  # noqa: T201
    runner = RunnerKeeper()
    try:
        _run_gunicorn(host=host, port=port, workers=workers)
    finally:
        runner.stop()


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
