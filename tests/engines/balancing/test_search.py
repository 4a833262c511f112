"""The station search on a tight line: BARTHOL2 at c = 85 fits in 50 stations (the
literature optimum, 16 minutes of idle time in all), and a search stopped by its
deadline goes on where it stopped instead of starting over."""

from __future__ import annotations

import time
from pathlib import Path

from seamline.engines.balancing import read_in2
from seamline.engines.balancing.feasibility import CycleTimeCheck
from seamline.engines.balancing.search import SearchTimeout, StationSearch


def barthol2_search(scholl_dir: Path) -> StationSearch:
    data = read_in2(scholl_dir / "BARTHOL2.IN2")
    return CycleTimeCheck(data, 85).sides[0].search


def assert_fits(search: StationSearch, loads: list[list[int]] | None, m: int) -> None:
    assert loads is not None
    assert len(loads) == m
    tasks = sorted(j for load in loads for j in load)
    assert tasks == list(range(search.graph.n))
    assert max(sum(search.times[j] for j in load) for load in loads) <= search.c
    done = 0
    for load in loads:
        done |= sum(1 << j for j in load)
        for j in load:
            assert search.graph.pred_all[j] & ~done == 0, f"task {j} before a predecessor"


def test_tight_line_fits_in_its_lower_bound_of_stations(scholl_dir: Path) -> None:
    search = barthol2_search(scholl_dir)

    loads = search.run(50, time.monotonic() + 60)

    assert_fits(search, loads, 50)


def test_search_stopped_at_its_deadline_goes_on_where_it_stopped(scholl_dir: Path) -> None:
    straight = barthol2_search(scholl_dir)
    expected = straight.run(50, time.monotonic() + 60)

    stepped = barthol2_search(scholl_dir)
    pauses = 0
    give_up = time.monotonic() + 60
    while True:
        try:
            loads = stepped.run(50, time.monotonic() + 0.01)
        except SearchTimeout:
            pauses += 1
            assert time.monotonic() < give_up, "each call started over"
            continue
        break

    assert pauses > 3
    assert loads == expected
    assert stepped.counter == straight.counter  # no load enumerated twice
    assert_fits(stepped, loads, 50)
