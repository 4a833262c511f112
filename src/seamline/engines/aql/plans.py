"""Single sampling plans for normal inspection and their verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from seamline.engines.aql.inputs import (
    AqlInput,
    check_aql,
    check_defects,
    check_level,
    check_lot_size,
    is_zero_tolerance,
)
from seamline.engines.aql.tables import code_letter_table, resolve_arrow, table_2a

Verdict = Literal["accept", "reject"]
FollowedArrow = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class TablePlan:
    """A cell of Table 2-A and the plan it leads to after following its arrow."""

    code_letter: str  # row of the printed cell
    aql: str  # column label as printed, e.g. "2.5"
    table_cell: str  # "Ac/Re", "UP" or "DOWN" as printed
    plan_code_letter: str
    plan_sample_size: int
    accept: int
    reject: int

    @property
    def followed_arrow(self) -> FollowedArrow | None:
        if self.table_cell == "UP":
            return "up"
        if self.table_cell == "DOWN":
            return "down"
        return None


@dataclass(frozen=True, slots=True)
class SamplingPlan:
    """The plan for one lot and one defect class.

    * ``table_code_letter``: the code letter from Table 1 for the lot size and level.
    * ``code_letter``, ``plan_sample_size``, ``accept``, ``reject``: the plan actually
      used, after following an arrow of Table 2-A (``followed_arrow``); the sample size
      changes with the plan.
    * ``sample_size``: the number of units to inspect. It is ``plan_sample_size``, or the
      whole lot when the plan's sample is as large as the lot or larger (``inspect_all``).
    * 100 % inspection: the standard says to inspect every unit and prints no other
      numbers, so the plan's ``accept``/``reject`` stay in force and are applied to the
      defects found in the whole lot: accept when defects <= ``accept``, reject when
      defects >= ``reject``.
    * ``aql`` is ``None`` for a zero-tolerance plan (critical defects): Ac 0 / Re 1, the
      table code letter's sample size, any defect rejects.
    """

    code_letter: str
    sample_size: int
    accept: int
    reject: int
    table_code_letter: str
    followed_arrow: FollowedArrow | None
    inspect_all: bool
    plan_sample_size: int
    lot_size: int
    level: str
    aql: Decimal | None

    @property
    def zero_tolerance(self) -> bool:
        return self.aql is None


def code_letter(lot_size: int, level: str) -> str:
    """Sample size code letter (ISO 2859-1 Table 1) for a lot size and inspection level."""
    lot = check_lot_size(lot_size)
    lvl = check_level(level)
    for lot_range in code_letter_table():
        if lot_range.contains(lot):
            return lot_range.letter(lvl)
    raise AssertionError("Table 1 covers every lot size from 2 up")  # pragma: no cover


def table_plan(letter: str, aql: AqlInput) -> TablePlan:
    """The printed cell of Table 2-A at (code letter, AQL) and the plan it resolves to."""
    table = table_2a()
    if not isinstance(letter, str) or letter.strip().upper() not in dict(table.sample_sizes):
        raise ValueError(f"unknown sample size code letter {letter!r}")
    row = letter.strip().upper()
    column = check_aql(aql)
    plan_letter, accept, reject = resolve_arrow(table, row, column)
    return TablePlan(
        code_letter=row,
        aql=column,
        table_cell=table.cell(row, column).printed,
        plan_code_letter=plan_letter,
        plan_sample_size=table.sample_size(plan_letter),
        accept=accept,
        reject=reject,
    )


def _for_lot(
    lot: int,
    lvl: str,
    table_letter: str,
    plan_letter: str,
    n: int,
    accept: int,
    reject: int,
    followed_arrow: FollowedArrow | None,
    aql: Decimal | None,
) -> SamplingPlan:
    inspect_all = n >= lot
    return SamplingPlan(
        code_letter=plan_letter,
        sample_size=lot if inspect_all else n,
        accept=accept,
        reject=reject,
        table_code_letter=table_letter,
        followed_arrow=followed_arrow,
        inspect_all=inspect_all,
        plan_sample_size=n,
        lot_size=lot,
        level=lvl,
        aql=aql,
    )


def sampling_plan(lot_size: int, level: str, aql: AqlInput) -> SamplingPlan:
    """Single sampling plan, normal inspection, for a lot size, level and AQL."""
    lot = check_lot_size(lot_size)
    lvl = check_level(level)
    column = check_aql(aql)
    letter = code_letter(lot, lvl)
    cell = table_plan(letter, column)
    return _for_lot(
        lot,
        lvl,
        letter,
        cell.plan_code_letter,
        cell.plan_sample_size,
        cell.accept,
        cell.reject,
        cell.followed_arrow,
        Decimal(column),
    )


def zero_tolerance_plan(lot_size: int, level: str) -> SamplingPlan:
    """Ac 0 / Re 1 on the table code letter's sample: any defect of the class rejects."""
    lot = check_lot_size(lot_size)
    lvl = check_level(level)
    letter = code_letter(lot, lvl)
    n = table_2a().sample_size(letter)
    return _for_lot(lot, lvl, letter, letter, n, 0, 1, None, None)


def verdict(plan: SamplingPlan, defects_found: int) -> Verdict:
    """``accept`` when defects <= Ac, ``reject`` when defects >= Re (Re = Ac + 1)."""
    return "accept" if check_defects(defects_found) <= plan.accept else "reject"


@dataclass(frozen=True, slots=True)
class InspectionVerdict:
    """Verdict per defect class and for the lot: the lot passes only if every class does."""

    critical: Verdict
    major: Verdict
    minor: Verdict

    @property
    def verdict(self) -> Verdict:
        classes = (self.critical, self.major, self.minor)
        return "accept" if all(v == "accept" for v in classes) else "reject"


@dataclass(frozen=True, slots=True)
class InspectionPlan:
    """Final inspection plan: one sampling plan per defect class for the same lot.

    Draw ``sample_size`` units (the largest sample of the three classes); each class is
    judged on the defects of that class found in its own ``sample_size`` units. For a
    zero-tolerance critical plan any critical defect found in any inspected unit rejects.
    """

    critical: SamplingPlan
    major: SamplingPlan
    minor: SamplingPlan

    @property
    def sample_size(self) -> int:
        return max(self.critical.sample_size, self.major.sample_size, self.minor.sample_size)

    def verdict(self, critical: int, major: int, minor: int) -> InspectionVerdict:
        return combined_verdict(self, critical, major, minor)


def inspection_plan(
    lot_size: int,
    level: str,
    aql_critical: AqlInput | None,
    aql_major: AqlInput,
    aql_minor: AqlInput,
) -> InspectionPlan:
    """Plans for critical, major and minor defects; ``aql_critical`` None or 0 = zero
    tolerance (any critical defect rejects the lot)."""
    if aql_critical is None or is_zero_tolerance(aql_critical):
        critical = zero_tolerance_plan(lot_size, level)
    else:
        critical = sampling_plan(lot_size, level, aql_critical)
    return InspectionPlan(
        critical=critical,
        major=sampling_plan(lot_size, level, aql_major),
        minor=sampling_plan(lot_size, level, aql_minor),
    )


def combined_verdict(
    plan: InspectionPlan, critical: int, major: int, minor: int
) -> InspectionVerdict:
    """Verdict for the defects counted per class; the lot is rejected if any class is."""
    return InspectionVerdict(
        critical=verdict(plan.critical, critical),
        major=verdict(plan.major, major),
        minor=verdict(plan.minor, minor),
    )
