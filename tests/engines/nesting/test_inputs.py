"""Refused input names the piece and the problem; instances are read as sparrow reads them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from seamline.engines.nesting import Direction, NestingProblem, Piece, nest, read_instance
from tests.engines.nesting.conftest import FRONT

SQUARE = ((0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0))
LEAF = [[0, 0], [5, 0], [4, 2], [1, 3]]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outline": ((0, 0), (10, 0))}, "piece p: the outline needs at least 3 points"),
        ({"outline": ((0, 0), (10, 0), (20, 0))}, "piece p: the outline is degenerate"),
        ({"outline": ((0, 0), (10, 10), (10, 0), (0, 10))}, "piece p: the outline crosses itself"),
        ({"outline": ((0, 0), (1, float("nan")), (0, 1))}, "not a finite number"),
        ({"outline": "square"}, "piece p: the outline must be a list of"),
        ({"quantity": 0}, "piece p: the quantity must be an integer >= 1, got 0"),
        ({"quantity": 3, "mirrored": True}, "piece p: a mirrored pair needs an even quantity"),
        ({"grain_angle": "up"}, "piece p: the grain angle must be a number"),
        ({"orientations": (0.0, "left")}, "piece p: orientations must be angles"),
    ],
)
def test_a_bad_piece_is_refused_with_its_id(kwargs: dict[str, Any], message: str) -> None:
    fields: dict[str, Any] = {"id": "p", "outline": SQUARE, **kwargs}
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        Piece(**fields)


def test_a_closing_point_repeating_the_first_is_dropped() -> None:
    piece = Piece(id="p", outline=(*SQUARE, SQUARE[0]))
    assert piece.outline == SQUARE
    assert piece.area == 10000.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"width": 0}, "the fabric width must be a positive number, got 0"),
        ({"width": -1500.0}, "the fabric width must be a positive number"),
        ({"spacing": -1}, "the spacing must be a number >= 0, got -1"),
        ({"spacing": 800}, "a spacing of 800 mm leaves no room on a fabric 1500 mm wide"),
        ({"direction": "sideways"}, "unknown fabric direction 'sideways'"),
        ({"pieces": ()}, "there are no pieces to nest"),
        (
            {"pieces": (Piece(id="a", outline=SQUARE), Piece(id="a", outline=FRONT))},
            "piece ids must be unique: a appear",
        ),
    ],
)
def test_a_bad_problem_is_refused(kwargs: dict[str, Any], message: str) -> None:
    fields: dict[str, Any] = {"pieces": (Piece(id="p", outline=SQUARE),), "width": 1500, **kwargs}
    with pytest.raises(ValueError, match=message):
        NestingProblem(**fields)


def test_a_piece_wider_than_the_fabric_every_allowed_way_is_refused() -> None:
    tall = Piece(id="yoke", outline=((0, 0), (100, 0), (100, 300), (0, 300)))

    with pytest.raises(ValueError, match=r"piece yoke: 300\.0 mm across .* wider than the 250\.0"):
        NestingProblem(pieces=(tall,), width=250, direction=Direction.TWO_WAY)
    # Spacing is kept from both selvedges too: 2 x 80 mm leaves 90 mm.
    with pytest.raises(ValueError, match=r"piece yoke: 100\.0 mm .* the 90\.0 mm"):
        NestingProblem(pieces=(tall,), width=250, direction=Direction.FREE, spacing=80)
    assert NestingProblem(pieces=(tall,), width=250, direction=Direction.FREE).width == 250


def test_problem_area_and_lower_bound_count_every_copy() -> None:
    problem = NestingProblem(
        pieces=(Piece(id="a", outline=SQUARE, quantity=3), Piece(id="b", outline=SQUARE)),
        width=200,
    )
    assert problem.area == 40000.0
    assert problem.lower_bound_length == 200.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time_limit_s": 0}, "the time limit must be positive"),
        ({"time_limit_s": 1, "seed": -2}, "the seed must be an integer >= 0"),
        ({"time_limit_s": 1, "workers": 0}, "workers must be an integer >= 1"),
    ],
)
def test_bad_solver_options_are_refused(kwargs: dict[str, Any], message: str) -> None:
    problem = NestingProblem(pieces=(Piece(id="p", outline=SQUARE),), width=500)
    with pytest.raises(ValueError, match=message):
        nest(problem, **kwargs)


INSTANCE = {
    "name": "tiny",
    "strip_height": 10.0,
    "items": [
        {
            "id": 0,
            "demand": 2,
            "allowed_orientations": [0.0, 180.0],
            "shape": {"type": "simple_polygon", "data": [[0, 0], [4, 0], [4, 3], [0, 3], [0, 0]]},
        },
        {"id": 1, "demand": 1, "shape": {"type": "simple_polygon", "data": LEAF}},
        {
            "id": 2,
            "demand": 1,
            "allowed_orientations": [],
            "shape": {"type": "simple_polygon", "data": [[0, 0], [2, 0], [1, 2]]},
        },
    ],
}


def test_read_instance_from_a_mapping_a_json_text_or_a_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(INSTANCE))

    problems = [read_instance(INSTANCE), read_instance(json.dumps(INSTANCE)), read_instance(path)]

    assert problems[0] == problems[1] == problems[2]
    problem = problems[0]
    assert problem.width == 10.0
    assert [(p.id, p.quantity) for p in problem.pieces] == [("0", 2), ("1", 1), ("2", 1)]
    assert problem.pieces[0].outline == ((0, 0), (4, 0), (4, 3), (0, 3))
    assert problem.pieces[0].allowed(problem.direction) == (0.0, 180.0)
    assert problem.pieces[1].allowed(problem.direction) is None  # any angle
    assert problem.pieces[2].allowed(problem.direction) == (0.0,)
    assert problem.area == 2 * 12 + 10 + 2


def test_read_instance_names_the_bad_item() -> None:
    bad = {"strip_height": 10, "items": [{"id": 0, "demand": 1, "shape": {"type": "circle"}}]}
    with pytest.raises(ValueError, match="item 0: shape type 'circle' is not supported"):
        read_instance(bad)
    with pytest.raises(ValueError, match="the instance has no items"):
        read_instance({"strip_height": 10, "items": []})


def test_read_the_shirts_benchmark(shared_nesting_dir: Path) -> None:
    problem = read_instance(shared_nesting_dir / "shirts.json")

    assert problem.width == 40.0
    assert problem.copies == 99
    assert problem.area == pytest.approx(2160.0)
    assert problem.lower_bound_length == pytest.approx(54.0)
