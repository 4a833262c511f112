"""Cut-order planning for one colour: lays (marker ratio x plies) that cut every size
within a tolerance of the order, fewest lays first, then least over-cut.

:func:`plan_lays` is the cutting master's form (no fabric data); it returns a
:class:`CutPlan` with ``lays`` (each a :class:`Lay` with ``ratio`` and ``plies``),
``cut``, ``overcut_pct``, ``n_lays`` and ``lay_count_proven_minimal``. These names are
used by other tools: keep them stable.
"""

from seamline.engines.cutplan.data import CutOrder
from seamline.engines.cutplan.heuristics import greedy_lays, per_size_lays, targets
from seamline.engines.cutplan.result import CutPlan, Lay, Status
from seamline.engines.cutplan.solve import plan_lays, solve

__all__ = [
    "CutOrder",
    "CutPlan",
    "Lay",
    "Status",
    "greedy_lays",
    "per_size_lays",
    "plan_lays",
    "solve",
    "targets",
]
