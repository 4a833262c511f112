"""Cut-order planning for one colour: lays (marker ratio x plies) that cut every size
within a tolerance of the order, fewest lays first, then least over-cut.

:func:`plan_lays` is the cutting master's form (no fabric data); it returns a
:class:`CutPlan` with ``lays`` (each a :class:`Lay` with ``ratio`` and ``plies``),
``cut``, ``overcut_pct``, ``n_lays`` and ``lay_count_proven_minimal``. These names are
used by other tools: keep them stable.

:func:`plan_cut_order` plans every colour of a cut order against the fabric (garment
areas, width, table length, fabric and lay costs, nested marker lengths where known); it
returns a :class:`FabricPlan` of :class:`ColourPlan` of :class:`FabricLay`.
"""

from seamline.engines.cutplan.data import CutOrder
from seamline.engines.cutplan.fabric import plan_cut_order, solve_fabric
from seamline.engines.cutplan.fabric_data import FabricOrder
from seamline.engines.cutplan.fabric_result import ColourPlan, FabricLay, FabricPlan
from seamline.engines.cutplan.heuristics import greedy_lays, per_size_lays, targets
from seamline.engines.cutplan.result import CutPlan, Lay, Status
from seamline.engines.cutplan.solve import plan_lays, solve

__all__ = [
    "ColourPlan",
    "CutOrder",
    "CutPlan",
    "FabricLay",
    "FabricOrder",
    "FabricPlan",
    "Lay",
    "Status",
    "greedy_lays",
    "per_size_lays",
    "plan_cut_order",
    "plan_lays",
    "solve",
    "solve_fabric",
    "targets",
]
