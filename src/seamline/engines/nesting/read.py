"""Reader for the strip-packing instance format of jagua-rs / sparrow (JSON).

``{"name", "strip_height", "items": [{"id", "demand", "allowed_orientations"?,
"shape": {"type": "simple_polygon", "data": [[x, y], ...]}}]}``; a missing
``allowed_orientations`` lets the item turn to any angle, an empty list means 0° only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from seamline.engines.nesting.data import Direction, NestingProblem, Piece


def _load(source: str | Path | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    if isinstance(source, str) and source.lstrip().startswith("{"):
        text = source
    else:
        text = Path(source).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, Mapping):
        raise ValueError("a nesting instance is a JSON object")
    return data


def _outline(index: int, shape: Any) -> Any:
    if not isinstance(shape, Mapping):
        raise ValueError(f"item {index}: the shape is missing")
    kind = shape.get("type", "simple_polygon")
    data = shape.get("data")
    if kind == "polygon" and isinstance(data, Mapping):
        return data.get("outer")  # holes cannot take other pieces; only the outer ring matters
    if kind != "simple_polygon":
        raise ValueError(f"item {index}: shape type {kind!r} is not supported")
    return data


def read_instance(source: str | Path | Mapping[str, Any]) -> NestingProblem:
    """A :class:`NestingProblem` from an instance file path, its JSON text or the parsed
    object. Item ids become piece ids (as text); each item keeps its own orientations."""
    data = _load(source)
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise ValueError("the instance has no items")
    if "strip_height" not in data:
        raise ValueError("the instance has no strip_height")
    pieces = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ValueError(f"item {index}: not an object")
        item_id = str(item.get("id", index))
        orientations = item.get("allowed_orientations")
        demand = item.get("demand", 1)
        pieces.append(
            Piece(
                id=item_id,
                outline=_outline(index, item.get("shape")),
                quantity=demand,
                label=item_id,
                orientations=() if orientations is None else (tuple(orientations) or (0.0,)),
            )
        )
    try:
        width = float(data["strip_height"])
    except (TypeError, ValueError) as exc:
        raise ValueError(f"strip_height must be a number, got {data['strip_height']!r}") from exc
    return NestingProblem(pieces=tuple(pieces), width=width, direction=Direction.FREE)
