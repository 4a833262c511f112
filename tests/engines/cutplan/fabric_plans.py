"""Checks shared by the fabric cut-plan tests."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pytest

from seamline.engines.cutplan import FabricPlan


def assert_valid_fabric_plan(plan: FabricPlan, args: Mapping[str, Any]) -> None:
    """Every size of every colour cut at least as ordered, limits respected, lengths and
    costs consistent with the lays, known markers at their nested length."""
    quantities: Mapping[str, Mapping[str, int]] = args["quantities"]
    areas: Mapping[str, float] = args["garment_area"]
    known = {tuple(sorted(k)): v for k, v in (args.get("known_markers") or {}).items()}
    end = args.get("end_allowance", 0.0)
    per_mm = args["fabric_width"] * args.get("efficiency", 0.80)

    assert [c.colour for c in plan.colours] == list(quantities)
    for colour_plan in plan.colours:
        ordered = quantities[colour_plan.colour]
        assert colour_plan.ordered == dict(ordered)
        cut = {s: 0 for s in ordered}
        for lay in colour_plan.lays:
            assert lay.ratio
            assert all(isinstance(g, int) and g > 0 for g in lay.ratio.values())
            assert 1 <= lay.plies <= args["max_plies"]
            key = tuple(sorted(lay.ratio.items()))
            if key in known:
                assert lay.marker_length == known[key]
                assert not lay.estimated
            else:
                estimate = sum(g * areas[s] for s, g in lay.ratio.items()) / per_mm
                assert lay.marker_length == pytest.approx(estimate)
                assert lay.estimated
            assert lay.marker_length <= args["max_marker_length"] + 1e-6
            assert lay.fabric_length == pytest.approx(lay.plies * (lay.marker_length + end))
            for size, g in lay.ratio.items():
                cut[size] = cut.get(size, 0) + g * lay.plies
        assert colour_plan.cut == cut
        for size, q in ordered.items():
            assert cut[size] >= q, f"{colour_plan.colour} {size}: cut {cut[size]} < {q}"
        total = sum(ordered.values())
        over = sum(cut.values()) - total
        assert colour_plan.overcut == over
        assert colour_plan.overcut_pct == (pytest.approx(100 * over / total) if total else 0)
        allowed = math.floor(total * args["overcut_pct"] / 100 + 1e-9)
        assert colour_plan.within_allowance == (over <= allowed)
        assert colour_plan.fabric_length == pytest.approx(
            sum(lay.fabric_length for lay in colour_plan.lays)
        )
    assert plan.within_allowance == all(c.within_allowance for c in plan.colours)
    assert plan.n_lays == sum(len(c.lays) for c in plan.colours)
    assert plan.n_lays >= plan.lower_bound_lays
    assert plan.fabric_length == pytest.approx(sum(c.fabric_length for c in plan.colours))
    fabric_cost = plan.fabric_length / 1000 * args["fabric_cost_per_m"]
    lay_cost = plan.n_lays * args["cost_per_lay"]
    assert plan.cost == pytest.approx(fabric_cost + lay_cost)
    area = sum(q * areas[s] for row in quantities.values() for s, q in row.items())
    assert plan.lower_bound_length == pytest.approx(area / per_mm)
    used = {tuple(sorted(lay.ratio.items())) for c in plan.colours for lay in c.lays}
    assert set(plan.markers) == used
    assert len(plan.markers) == len(used)
    assert plan.status in {"optimal", "feasible"}
