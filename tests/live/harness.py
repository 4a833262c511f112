"""The real server, as a subprocess: `seamline serve` (gunicorn) on its own database.

`LiveDatabase.create()` makes a fresh database: an SQLite file in a new data dir, or, when a
PostgreSQL server URL is given, a new database `seamline_live_<hex>` on that server (dropped
by `drop()`). `LiveServer` migrates and seeds it through subprocesses with the server's
environment, starts gunicorn in its own process group, and can kill that whole group with
SIGKILL (master and workers at once) and start it again on the same database.

Used by the tests in this package and by `python -m benchmarks scans`.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_server_url_from_settings() -> str | None:
    """The PostgreSQL server the test session runs on (any database on it), else None."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "postgresql" not in str(db["ENGINE"]):
        return None
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def _with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


@dataclass
class LiveDatabase:
    """A scratch database: `url` for SEAMLINE_DATABASE_URL (None: SQLite in `data_dir`)."""

    data_dir: Path
    url: str | None = None
    server_url: str | None = None
    name: str = ""

    @classmethod
    def create(cls, data_dir: Path, postgres_server_url: str | None = None) -> LiveDatabase:
        data_dir.mkdir(parents=True, exist_ok=True)
        if postgres_server_url is None:
            return cls(data_dir=data_dir)
        name = f"seamline_live_{secrets.token_hex(6)}"
        with psycopg.connect(_with_dbname(postgres_server_url, "postgres"), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')  # a fixed prefix and hex digits only
        return cls(
            data_dir=data_dir,
            url=_with_dbname(postgres_server_url, name),
            server_url=postgres_server_url,
            name=name,
        )

    @property
    def is_postgres(self) -> bool:
        return self.url is not None

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "seamline.sqlite3"

    def drop(self) -> None:
        if self.server_url is None:
            return
        with psycopg.connect(_with_dbname(self.server_url, "postgres"), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run `sql` (placeholders `%s`) on the database directly, outside the server."""
        if self.url is not None:
            with psycopg.connect(self.url, autocommit=True) as pg:
                return list(pg.execute(sql, list(params)).fetchall())
        lite = sqlite3.connect(self.sqlite_path, timeout=30)
        try:
            return list(lite.execute(sql.replace("%s", "?"), list(params)).fetchall())
        finally:
            lite.close()

    def wait_for_scan_transaction(self, timeout: float = 15.0) -> bool:
        """Wait until some connection is inside a transaction that writes scans (uncommitted).

        PostgreSQL: a backend with a transaction id whose statement touches the scans table.
        SQLite: the write lock, held (seen three times in a row, not a short update).
        """
        deadline = time.monotonic() + timeout
        if self.url is not None:
            with psycopg.connect(self.url, autocommit=True) as pg:
                while time.monotonic() < deadline:
                    (busy,) = pg.execute(
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
                        " AND query ILIKE '%%shopfloor_scan%%'"
                    ).fetchone() or (0,)
                    if busy:
                        return True
                    time.sleep(0.002)
            return False
        seen = 0
        while time.monotonic() < deadline:
            conn = sqlite3.connect(self.sqlite_path, timeout=0, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                seen = 0
            except sqlite3.OperationalError:  # "database is locked": a writer is at work
                seen += 1
                if seen >= 3:
                    return True
            finally:
                conn.close()
            time.sleep(0.003)
        return False

    def scan_counts(self, client_ids: Iterable[str]) -> dict[str, int]:
        """How many Scan rows hold each of `client_ids` (ids without rows are left out)."""
        ids = list(client_ids)
        counts: dict[str, int] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join(["%s"] * len(chunk))
            for client_id, n in self.query(
                f"SELECT client_id, COUNT(*) FROM shopfloor_scan "  # noqa: S608 - placeholders only
                f"WHERE client_id IN ({marks}) GROUP BY client_id",
                chunk,
            ):
                counts[client_id] = int(n)
        return counts


def _alive_in_group(pgid: int) -> list[int]:
    """Processes of group `pgid` that still run (zombies do not count)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...: comm may hold spaces, so split after its ")".
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


@dataclass
class LiveServer:
    """gunicorn serving Seamline on `database`; `command` defaults to `seamline serve`."""

    database: LiveDatabase
    port: int = field(default_factory=free_port)
    workers: int | None = None  # None: the project's default (`seamline serve`)
    command: list[str] | None = None  # instead of `seamline serve`: e.g. gunicorn with options
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.database.data_dir / "server.log"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_CORE"))}
        env.pop("SEAMLINE_DATABASE_URL", None)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "seamline.config.settings",
                "SEAMLINE_DATA_DIR": str(self.database.data_dir),
                "SEAMLINE_SECRET_KEY": "live-" + "k" * 50,
                "SEAMLINE_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "PYTHONPATH": os.pathsep.join(
                    p for p in (str(REPO), env.get("PYTHONPATH", "")) if p
                ),
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.database.url is not None:
            env["SEAMLINE_DATABASE_URL"] = self.database.url
        env.update(self.extra_env)
        return env

    def run_python(self, *args: str, timeout: float = 300) -> str:
        """`python <args>` with the server's environment; its stdout (raises on failure)."""
        done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, *args],
            env=self.env(),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"python {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def migrate(self) -> None:
        self.run_python("-m", "seamline.cli", "migrate", "--verbosity", "0")

    def seed(self, *options: str) -> dict[str, Any]:
        out = self.run_python("-m", "tests.live.seed", *options)
        result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
        return result

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError("the server is already running")
        if self.command is not None:
            command = self.command
        else:
            command = [sys.executable, "-m", "seamline.cli", "serve", "--port", str(self.port)]
            if self.workers is not None:
                command += ["--workers", str(self.workers)]
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [part.replace("{port}", str(self.port)) for part in command],
                env=self.env(),
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: killpg reaches every worker
            )
        finally:
            log.close()
        self.starts += 1
        self.wait_ready()

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"the server stopped:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/api/v1/me")
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL the whole process group (master and workers) and wait until it is gone."""
        if self.process is None:
            return
        pgid = self.process.pid  # the session leader: its pid is the group id
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _alive_in_group(pgid) and time.monotonic() < deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            time.sleep(0.02)
        left = _alive_in_group(pgid)
        self.process = None
        if left:
            raise RuntimeError(f"server processes survived SIGKILL: {left}")

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        """Stop for good (at the end): the same as kill, and quiet if already gone."""
        self.kill()


def request_json(
    base_url: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str = "",
    timeout: float = 60,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    """One request on a new connection: (status, headers, decoded JSON body or text)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    try:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=sent)
        response = conn.getresponse()
        raw = response.read()
        text = raw.decode(errors="replace")
        try:
            decoded: Any = json.loads(text)
        except ValueError:
            decoded = text
        return response.status, dict(response.getheaders()), decoded
    finally:
        conn.close()
