"""``seamline bench nesting``: any instance file in, a checked solution file out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely import union_all
from shapely.geometry import Polygon

from seamline.cli import main
from tests.engines.nesting.conftest import same_points, turned

TINY = {
    "name": "tiny",
    "strip_height": 10.0,
    "items": [
        {
            "id": 0,
            "demand": 3,
            "allowed_orientations": [0.0, 180.0],
            "shape": {"type": "simple_polygon", "data": [[0, 0], [4, 0], [4, 3], [0, 3], [0, 0]]},
        },
        {
            "id": 1,
            "demand": 2,
            "allowed_orientations": [0.0, 90.0, 180.0, 270.0],
            "shape": {"type": "simple_polygon", "data": [[0, 0], [6, 0], [3, 5], [0, 0]]},
        },
    ],
}


def test_bench_nesting_writes_placements_and_prints_length_and_density_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    instance = tmp_path / "tiny.json"
    instance.write_text(json.dumps(TINY))
    out = tmp_path / "solution.json"

    code = main(
        ["bench", "nesting", str(instance), "--time-limit", "1", "--out", str(out)]
        + ["--seed", "2", "--workers", "1"]
    )

    assert code == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    solution = json.loads(out.read_text())
    assert last == f"length {solution['length']:.4f} density {solution['density']:.4f}"
    assert solution["valid"] is True
    assert solution["density"] == pytest.approx((3 * 12 + 2 * 15) / (solution["length"] * 10.0))
    placements = solution["placements"]
    assert sorted(p["item_id"] for p in placements) == [0, 0, 0, 1, 1]
    shapes = {item["id"]: item["shape"]["data"][:3] for item in TINY["items"]}
    polygons = []
    for p in placements:
        x, y = p["translation"]
        expected = turned([tuple(v) for v in shapes[p["item_id"]]], p["rotation"], x, y)
        assert same_points([tuple(v) for v in p["polygon"][:3]], expected)
        polygons.append(Polygon(p["polygon"]))
        assert polygons[-1].bounds[3] <= 10.0 + 1e-6
        assert polygons[-1].bounds[2] <= solution["length"] + 1e-6
    # No overlap: the pieces together cover as much as each on its own.
    assert union_all(polygons).area == pytest.approx(sum(p.area for p in polygons))


def test_bench_nesting_reports_an_unreadable_instance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    instance = tmp_path / "bad.json"
    instance.write_text(json.dumps({"strip_height": 10, "items": []}))

    code = main(["bench", "nesting", str(instance), "--out", str(tmp_path / "out.json")])

    assert code == 1
    assert "the instance has no items" in capsys.readouterr().out
    assert not (tmp_path / "out.json").exists()
