"""Shared helpers for the AQL engine tests (no database)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def reference_dir() -> Path:
    env = os.environ.get("SEAMLINE_BENCHMARKS_DIR")
    base = Path(env) if env else REPO.parent / "shared" / "benchmarks"
    return base / "aql"


def read_reference(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.is_file():
        pytest.skip(f"the AQL reference table {name} is not in {folder}")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def aql_reference() -> Path:
    folder = reference_dir()
    if not folder.is_dir():
        pytest.skip(f"the AQL reference tables are not in {folder}")
    return folder
