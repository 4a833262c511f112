"""A handful of the Scholl (1993) instances against their known optima."""

from __future__ import annotations

from pathlib import Path

import pytest

from seamline.engines.balancing import balance_for_cycle_time, balance_for_stations, read_in2
from tests.engines.balancing.plans import assert_valid_plan


@pytest.mark.parametrize(
    ("graph", "cycle_time", "optimum"),
    [
        ("BOWMAN8", 20, 5),
        ("JACKSON", 7, 8),
        ("HAHN", 2004, 8),
        ("MITCHELL", 14, 8),
        ("ROSZIEG", 14, 10),
        ("KILBRID", 62, 9),
    ],
)
def test_salbp1_reaches_literature_optimum(
    scholl_dir: Path, graph: str, cycle_time: int, optimum: int
) -> None:
    data = read_in2(scholl_dir / f"{graph}.IN2")

    plan = balance_for_cycle_time(data, cycle_time, time_limit=10)

    assert plan.n_stations == optimum
    assert plan.proven_optimal
    assert_valid_plan(plan, data.task_times, data.precedences, cycle_time)


@pytest.mark.parametrize(
    ("m", "optimum"), [(7, 47), (8, 41), (9, 37), (10, 34), (11, 32), (12, 28), (13, 27), (14, 25)]
)
def test_salbp2_buxey_reaches_known_optimum(scholl_dir: Path, m: int, optimum: int) -> None:
    data = read_in2(scholl_dir / "BUXEY.IN2")

    plan = balance_for_stations(data, m, time_limit=10)

    assert plan.cycle_time == optimum
    assert plan.proven_optimal
    assert_valid_plan(plan, data.task_times, data.precedences, optimum)
