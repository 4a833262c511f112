"""Where Seamline keeps what is not in the repository: the database, the secret key, uploads."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    """`SEAMLINE_DATA_DIR`, else the XDG data home (~/.local/share/seamline)."""
    explicit = os.environ.get("SEAMLINE_DATA_DIR")
    if explicit:
        path = Path(explicit)
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(xdg) / "seamline"
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key() -> str:
    """`SEAMLINE_SECRET_KEY`, else a key generated once and kept in the data dir (mode 600)."""
    explicit = os.environ.get("SEAMLINE_SECRET_KEY")
    if explicit:
        return explicit
    key_file = data_dir() / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()
