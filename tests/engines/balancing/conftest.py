"""Shared helpers for the line-balancing engine tests (no database)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def salbp_dir() -> Path:
    env = os.environ.get("SEAMLINE_BENCHMARKS_DIR")
    base = Path(env) if env else REPO.parent / "shared" / "benchmarks"
    return base / "salbp"


@pytest.fixture
def scholl_dir() -> Path:
    folder = salbp_dir() / "scholl"
    if not folder.is_dir():
        pytest.skip(f"the Scholl data sets are not in {folder}")
    return folder
