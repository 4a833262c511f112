"""AQL sampling: ISO 2859-1 single sampling plans for normal inspection.

ISO 2859-1 Table 1 / Table 2-A (the same numbers as ANSI/ASQ Z1.4 and MIL-STD-105E) are
carried as package data in ``data/`` and read with :mod:`importlib.resources`.

* :func:`code_letter` - lot size and inspection level (``I``, ``II``, ``III``,
  ``S-1``..``S-4``) to the sample size code letter.
* :func:`sampling_plan` - adds the AQL: the plan of Table 2-A, following the printed
  arrows (``DOWN`` = first plan below, ``UP`` = first plan above; the sample size changes
  with the plan). When the plan's sample is as large as the lot or larger, every unit is
  inspected (``inspect_all``, ``sample_size`` = lot size) and the plan's Ac/Re are applied
  to the defects found in the whole lot.
* :func:`inspection_plan` - plans for critical, major and minor defects; a critical AQL
  of ``None`` or ``0`` means zero tolerance (Ac 0 / Re 1: any critical defect rejects).
* :func:`verdict` / :func:`combined_verdict` - accept when defects <= Ac, reject when
  defects >= Re; the lot is accepted only when every class is.

AQLs are given as ``"2.5"``, ``Decimal("2.5")``, ``2.5`` or ``10`` and must be one of the
26 standard values; bad inputs raise ``ValueError`` with a readable message. Switching
rules (tightened/reduced inspection) are not covered.
"""

from seamline.engines.aql.inputs import AqlInput
from seamline.engines.aql.plans import (
    FollowedArrow,
    InspectionPlan,
    InspectionVerdict,
    SamplingPlan,
    TablePlan,
    Verdict,
    code_letter,
    combined_verdict,
    inspection_plan,
    sampling_plan,
    table_plan,
    verdict,
    zero_tolerance_plan,
)
from seamline.engines.aql.tables import AQL_LABELS, CODE_LETTERS, LEVELS

__all__ = [
    "AQL_LABELS",
    "CODE_LETTERS",
    "LEVELS",
    "AqlInput",
    "FollowedArrow",
    "InspectionPlan",
    "InspectionVerdict",
    "SamplingPlan",
    "TablePlan",
    "Verdict",
    "code_letter",
    "combined_verdict",
    "inspection_plan",
    "sampling_plan",
    "table_plan",
    "verdict",
    "zero_tolerance_plan",
]
