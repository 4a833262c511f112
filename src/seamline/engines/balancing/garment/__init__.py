"""Balancing a garment sewing line: operations with SMV, machine, grade and precedence;
operators with measured paces; a target output or a head count.

:func:`balance_line` returns a :class:`LinePlan`. These names are used by the shop floor's
balancing screen: keep them stable.
"""

from seamline.engines.balancing.garment.data import BalanceProblem, Operation, Operator
from seamline.engines.balancing.garment.result import LinePlan, OperatorLoad, Share, Status
from seamline.engines.balancing.garment.solve import balance_line

__all__ = [
    "BalanceProblem",
    "LinePlan",
    "Operation",
    "Operator",
    "OperatorLoad",
    "Share",
    "Status",
    "balance_line",
]
