"""The shape of a demo operation bulletin, and the arithmetic an industrial engineer does on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from seamline.catalog.choices import MachineType, Section

RATE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class OpRow:
    """One line of a bulletin, as written on the IE's sheet.

    `no` is the sequence number; `after` lists the numbers of the operations that must be
    done first (always smaller numbers, so the precedence is a DAG by construction).
    """

    no: int
    name: str
    section: Section
    machine: MachineType
    smv: Decimal
    grade: int
    after: tuple[int, ...] = ()


@dataclass(frozen=True)
class Bulletin:
    key: str
    garment: str
    rows: tuple[OpRow, ...]

    @property
    def total_smv(self) -> Decimal:
        return sum((row.smv for row in self.rows), Decimal("0"))


def op(
    no: int,
    name: str,
    section: Section,
    machine: MachineType,
    smv: str,
    grade: int,
    after: Sequence[int] = (),
) -> OpRow:
    return OpRow(no, name, section, machine, Decimal(smv), grade, tuple(after))


def piece_rate(smv: Decimal, rate_per_minute: Decimal) -> Decimal:
    """Pay per piece: SMV x the factory's rate per standard minute, to 4 decimals."""
    return (smv * rate_per_minute).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def check_bulletin(bulletin: Bulletin) -> None:
    """Numbers run 1..n and every predecessor comes earlier: a mistake here is a bug."""
    for index, row in enumerate(bulletin.rows, start=1):
        if row.no != index:
            raise ValueError(f"{bulletin.key}: operation {row.no} should be numbered {index}")
        for before in row.after:
            if not 1 <= before < row.no:
                raise ValueError(f"{bulletin.key}: operation {row.no} cannot follow {before}")
