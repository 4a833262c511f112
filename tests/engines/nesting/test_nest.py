"""Nesting real pieces with sparrow: placements checked with shapely, not the engine."""

from __future__ import annotations

import math

import pytest

from seamline.engines.nesting import (
    Direction,
    NestingProblem,
    NestResult,
    Piece,
    check_marker,
    nest,
)
from tests.engines.nesting.conftest import (
    COLLAR,
    SLEEVE,
    assert_geometrically_valid,
    child_processes,
    same_points,
    shirt_pieces,
    shoelace,
    turned,
)

SPACING = 3.0
Shirt = tuple[NestingProblem, NestResult, list[tuple[float, str]]]


@pytest.fixture(scope="module")
def shirt() -> Shirt:
    problem = NestingProblem(
        pieces=shirt_pieces(), width=600.0, direction=Direction.TWO_WAY, spacing=SPACING
    )
    seen: list[tuple[float, str]] = []
    result = nest(
        problem,
        time_limit_s=1,
        seed=7,
        workers=1,
        on_progress=lambda marker, phase: seen.append((marker.length, phase)),
    )
    return problem, result, seen


def test_every_copy_is_placed_inside_the_fabric_without_overlap(shirt: Shirt) -> None:
    problem, result, _ = shirt
    marker = result.marker

    assert sorted((p.piece_id, p.copy) for p in marker.placements) == sorted(
        [("front", 0), ("front", 1), ("collar", 0), ("collar", 1)]
        + [("sleeve", c) for c in range(4)]
    )
    assert_geometrically_valid(marker, spacing=SPACING)
    assert check_marker(problem, marker) == []
    assert marker.width == 600.0
    assert problem.lower_bound_length < marker.length
    assert marker.efficiency == pytest.approx(problem.area / (marker.length * 600.0))
    assert result.lower_bound_length == pytest.approx(problem.area / 600.0)
    assert not result.stopped
    assert result.runtime < 3.0  # a 1 s limit: sparrow's second plus starting the process


def test_progress_reports_shorter_and_shorter_markers(shirt: Shirt) -> None:
    _, result, seen = shirt
    lengths = [length for length, _ in seen]

    assert seen
    assert lengths == sorted(lengths, reverse=True)
    assert len(set(lengths)) == len(lengths)
    assert lengths[-1] == result.marker.length
    assert {phase for _, phase in seen} <= {"exploring", "compressing", "final"}


def test_two_way_pieces_lie_at_0_or_180_degrees(shirt: Shirt) -> None:
    _, result, _ = shirt
    assert {p.rotation for p in result.marker.placements} <= {0.0, 180.0}


def test_collar_with_grain_at_90_degrees_is_turned_to_lie_along_the_fabric(shirt: Shirt) -> None:
    _, result, _ = shirt
    collars = [p for p in result.marker.placements if p.piece_id == "collar"]

    for p in collars:
        xs = [x for x, _ in p.polygon]
        ys = [y for _, y in p.polygon]
        # Drawn 40 x 400 upright; on the fabric its 400 mm grain runs along the length.
        assert max(xs) - min(xs) == pytest.approx(400.0)
        assert max(ys) - min(ys) == pytest.approx(40.0)
        grain_aligned = turned(COLLAR, -90.0)
        assert same_points(p.polygon, turned(grain_aligned, p.rotation, p.x, p.y))


def test_half_of_a_mirrored_pair_is_the_mirror_image(shirt: Shirt) -> None:
    _, result, _ = shirt
    sleeves = [p for p in result.marker.placements if p.piece_id == "sleeve"]

    assert sorted((p.copy, p.mirrored) for p in sleeves) == [
        (0, False),
        (1, False),
        (2, True),
        (3, True),
    ]
    flipped = [(x, -y) for x, y in SLEEVE]
    for p in sleeves:
        own = flipped if p.mirrored else list(SLEEVE)
        assert same_points(p.polygon, turned(own, p.rotation, p.x, p.y))
        # A reflection reverses the turning sense of the outline; a rotation does not.
        assert math.copysign(1, shoelace(p.polygon)) == (-1 if p.mirrored else 1)


def test_one_way_fabric_keeps_every_piece_at_0_degrees() -> None:
    problem = NestingProblem(pieces=shirt_pieces(), width=600.0, direction=Direction.ONE_WAY)

    marker = nest(problem, time_limit_s=1, seed=3, workers=1).marker

    assert {p.rotation for p in marker.placements} == {0.0}
    assert_geometrically_valid(marker)
    assert check_marker(problem, marker) == []


def test_free_direction_turns_a_piece_a_quarter_to_fit_the_width() -> None:
    # 300 mm tall as drawn: only lying across (90° or 270°) does it fit 250 mm of fabric.
    # Drawn far from its origin, as pieces cut out of a big pattern file are.
    drawn = [(x + 50_000.0, y + 80_000.0) for x, y in ((0, 0), (100, 0), (100, 300), (0, 300))]
    tall = Piece(id="yoke", outline=tuple(drawn), quantity=3)
    problem = NestingProblem(pieces=(tall,), width=250.0, direction=Direction.FREE)

    marker = nest(problem, time_limit_s=1, seed=5, workers=1).marker

    assert {p.rotation for p in marker.placements} <= {90.0, 270.0}
    for p in marker.placements:
        ys = [y for _, y in p.polygon]
        assert max(ys) - min(ys) == pytest.approx(100.0)
        assert same_points(p.polygon, turned(drawn, p.rotation, p.x, p.y), tol=1e-6)
    assert_geometrically_valid(marker)
    assert check_marker(problem, marker) == []


def test_stop_after_the_first_marker_returns_it_and_leaves_no_process() -> None:
    problem = NestingProblem(pieces=shirt_pieces(), width=600.0)
    seen: list[float] = []
    before = set(child_processes())  # e.g. a live server this test process started earlier

    result = nest(
        problem,
        time_limit_s=30,
        workers=1,
        on_progress=lambda marker, phase: seen.append(marker.length),
        should_stop=lambda: bool(seen),
    )

    assert result.stopped
    assert result.runtime < 15
    assert result.marker.length == min(seen)
    assert check_marker(problem, result.marker) == []
    assert set(child_processes()) <= before


def test_an_error_in_the_progress_callback_ends_the_solver_too() -> None:
    problem = NestingProblem(pieces=shirt_pieces(), width=600.0)

    def fail(marker: object, phase: str) -> None:
        raise RuntimeError("the database went away")

    before = set(child_processes())
    with pytest.raises(RuntimeError, match="the database went away"):
        nest(problem, time_limit_s=30, workers=1, on_progress=fail)
    assert set(child_processes()) <= before
