"""Assembly line balancing: SALBP-1 (fewest stations for a cycle time) and SALBP-2
(shortest cycle time for a number of stations), exact with a time limit.

Tasks are numbered 1..n as in the classic data sets; precedences are (before, after)
pairs. Both entry points return a :class:`LineBalance` with ``stations``,
``n_stations``, ``cycle_time``, ``lower_bound`` and ``proven_optimal``.
"""

from seamline.engines.balancing.data import LineData
from seamline.engines.balancing.read import parse_in2, read_in2
from seamline.engines.balancing.result import LineBalance, Problem, Status
from seamline.engines.balancing.salbp1 import balance_for_cycle_time, solve_salbp1
from seamline.engines.balancing.salbp2 import balance_for_stations, solve_salbp2

__all__ = [
    "LineBalance",
    "LineData",
    "Problem",
    "Status",
    "balance_for_cycle_time",
    "balance_for_stations",
    "parse_in2",
    "read_in2",
    "solve_salbp1",
    "solve_salbp2",
]
