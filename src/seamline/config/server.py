"""Serve the WSGI app with gunicorn (a production server), started from Python."""

from __future__ import annotations

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


def serve(*, host: str, port: int, workers: int) -> None:
    # `demo` and `serve` touch the database before gunicorn forks its workers; a connection
    # inherited across fork would be shared by every worker, so each must open its own.
    from django.db import connections

    connections.close_all()
    print(f"Seamline is serving on http://{host}:{port}/  (Ctrl+C stops it)")  # noqa: T201
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
