"""Cluster allocation: split order lines among factories within their free capacity and
capabilities, respecting minimum batches and due dates, at least cost plus a
lateness-risk penalty (or spread fairly), with a proven lower bound and the reasons.

:func:`allocate` takes an :class:`AllocationProblem` and returns an
:class:`AllocationResult`. These names are used by the cluster app: keep them stable.
"""

from seamline.engines.allocation.data import AllocationProblem, Bid, Factory, Mode, OrderLine
from seamline.engines.allocation.result import (
    AllocationResult,
    Assignment,
    Explanation,
    Reason,
    Status,
)
from seamline.engines.allocation.solve import allocate

__all__ = [
    "AllocationProblem",
    "AllocationResult",
    "Assignment",
    "Bid",
    "Explanation",
    "Factory",
    "Mode",
    "OrderLine",
    "Reason",
    "Status",
    "allocate",
]
