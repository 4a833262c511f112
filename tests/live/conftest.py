"""The `live` fixture: the real server (gunicorn) on its own, freshly seeded database.

On the SQLite run the server gets an SQLite file in its own data dir; on the PostgreSQL run
(the session's database is PostgreSQL) a scratch database on the same server, dropped at the
end. Select these tests with `-m live`, leave them out with `-m "not live"`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.live.harness import (
    LiveDatabase,
    LiveServer,
    postgres_server_url_from_settings,
)

WORKERS_PER_LINE = 60  # enough distinct workers for 50 concurrent claims of one coupon


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "live: runs the real server (gunicorn) as a subprocess")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.live)


@dataclass
class Live:
    """What a live test works with."""

    server: LiveServer
    database: LiveDatabase
    seed: dict[str, Any]

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def token(self) -> str:
        return str(self.seed["token"])

    def restart(self) -> None:
        """SIGKILL the server's whole process group and start it again on the same database."""
        self.server.restart()

    def kill(self) -> None:
        self.server.kill()

    def start(self) -> None:
        self.server.start()

    def scan_counts(self, client_ids: list[str]) -> dict[str, int]:
        return self.database.scan_counts(client_ids)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self.database.query(sql, params)


@pytest.fixture(scope="session")
def live() -> Iterator[Live]:
    data_dir = Path(tempfile.mkdtemp(prefix="seamline-live-"))
    database = LiveDatabase.create(data_dir, postgres_server_url_from_settings())
    server = LiveServer(database)
    try:
        server.migrate()
        seed = server.seed("--orders", "2", "--workers", str(WORKERS_PER_LINE))
        server.start()
        yield Live(server=server, database=database, seed=seed)
    finally:
        try:
            server.stop()  # no server process outlives the session
        finally:
            database.drop()
            shutil.rmtree(data_dir, ignore_errors=True)
