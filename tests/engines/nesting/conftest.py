"""Pieces of a small shirt and geometry checks written independently of the engine."""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from shapely.geometry import Polygon

from seamline.engines.nesting import Marker, Piece

REPO = Path(__file__).resolve().parents[3]
Points = Sequence[tuple[float, float]]

FRONT = ((0.0, 0.0), (300.0, 0.0), (300.0, 350.0), (200.0, 420.0), (60.0, 420.0), (0.0, 380.0))
# Not symmetric about any axis: its mirror image is a different shape.
SLEEVE = ((0.0, 0.0), (260.0, 0.0), (220.0, 180.0), (120.0, 230.0), (30.0, 160.0))
# Drawn upright with its grain line along its length (90° from the x axis).
COLLAR = ((0.0, 0.0), (40.0, 0.0), (40.0, 400.0), (0.0, 400.0))


def shirt_pieces() -> tuple[Piece, ...]:
    return (
        Piece(id="front", outline=FRONT, quantity=2, label="M Front"),
        Piece(id="sleeve", outline=SLEEVE, quantity=4, mirrored=True, label="M Sleeve"),
        Piece(id="collar", outline=COLLAR, quantity=2, grain_angle=90.0, label="M Collar"),
    )


def nesting_dir() -> Path:
    env = os.environ.get("SEAMLINE_BENCHMARKS_DIR")
    base = Path(env) if env else REPO.parent / "shared" / "benchmarks"
    return base / "nesting"


@pytest.fixture
def shared_nesting_dir() -> Path:
    folder = nesting_dir()
    if not (folder / "shirts.json").is_file():
        pytest.skip(f"the nesting instances are not in {folder}")
    return folder


def turned(
    points: Points, degrees: float, dx: float = 0.0, dy: float = 0.0
) -> list[tuple[float, float]]:
    rad = math.radians(degrees)
    c, s = math.cos(rad), math.sin(rad)
    return [(c * x - s * y + dx, s * x + c * y + dy) for x, y in points]


def same_points(a: Points, b: Points, tol: float = 1e-6) -> bool:
    return len(a) == len(b) and all(math.dist(p, q) <= tol for p, q in zip(a, b, strict=True))


def shoelace(points: Points) -> float:
    n = len(points)
    return (
        sum(
            points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1]
            for i in range(n)
        )
        / 2
    )


def assert_geometrically_valid(marker: Marker, *, spacing: float = 0.0) -> None:
    """Inside the strip and apart from each other, measured with shapely."""
    polygons = [Polygon(p.polygon) for p in marker.placements]
    for p, poly in zip(marker.placements, polygons, strict=True):
        x0, y0, x1, y1 = poly.bounds
        assert x0 >= -1e-6, p
        assert y0 >= -1e-6, p
        assert x1 <= marker.length + 1e-6, p
        assert y1 <= marker.width + 1e-6, p
    for a, b in itertools.combinations(polygons, 2):
        assert a.intersection(b).area <= 1e-6
        if spacing:
            assert a.distance(b) >= spacing * 0.99


def child_processes() -> list[int]:
    """Processes this one spawned that are still there (zombies included). Python's
    resource tracker, one per process and shared by all of multiprocessing, is not one."""
    if not Path("/proc/self/stat").exists():
        return [p.pid or 0 for p in multiprocessing.active_children()]
    me = os.getpid()
    children = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            command = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == me and b"resource_tracker" not in command:
            children.append(int(proc.name))
    return children
