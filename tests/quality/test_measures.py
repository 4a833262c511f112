"""DHU, defect rate, first-pass yield and the Pareto on a small data set computed by hand.

The data set (`small_world`): one cut order, operations 10, 20, 30, workers W1 and W2.
Credited scans: bundle 1 op 10 W1, op 20 W2, op 30 W1; bundle 2 op 10 W2, op 20 W2.

Day 1 (2026-11-02):
  I1 inline at op 20 of bundle 1: 5 checked, 1 defective; skipped stitch x2 (op 20, W2, front)
  I2 end of line, bundle 1: 20 checked, 3 defective; open seam x2 (op 10, W1, side seam),
     stain x1 (op 30, W1, front) -> rework
  I4 end of line, bundle 2: 10 checked, 1 defective; skipped stitch x1 (op 20, W2, front)
Day 2 (2026-11-03):
  I3 end of line, bundle 1 again after rework: 20 checked, 0 defective
  I5 final (AQL) of the order: 32 checked, 1 defective; stain x1 minor (not counted by default)

By hand, inline + end of line:
  pieces checked 5+20+10+20 = 55, defects 2+3+1 = 6, defective 1+3+1 = 5
  DHU 600/55 = 10.91, defect rate 500/55 = 9.09
  FPY: first end-of-line inspections I2 (20, 3) and I4 (10, 1): 26/30 = 86.67
  per operation: checked op10 20+20+10 = 50, op20 5+20+20+10 = 55, op30 20+20 = 40;
    defects 2, 3, 1 -> DHU 4.00, 5.45, 2.50; defective min(2,3)=2, 1+1=2, 1
  per worker: checked W1 20+20 = 40, W2 5+20+20+10 = 55; defects 3, 3 -> DHU 7.50, 5.45
  Pareto by type: skipped stitch 3 (50.00, 50.00), open seam 2 (33.33, 83.33),
    stain 1 (16.67, 100.00); by location: front 4 (66.67), side seam 2 (33.33)
  trend: day 1 35 checked, 6 defects -> 17.14; day 2 20 checked, 0 -> 0.00
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seamline.quality.choices import InspectionKind, Outcome, Severity
from seamline.quality.measures import MeasureFilter, figures, grouped, measures
from seamline.quality.models import DefectType, Inspection, InspectionDefect
from seamline.shopfloor.attendance import factory_zone
from seamline.shopfloor.models import Worker
from seamline.shopfloor.scanning import ScanInput, record_scans
from tests.cutting.factories import CutOrder, cut_order

DAY1 = dt.date(2026, 11, 2)
DAY2 = dt.date(2026, 11, 3)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=factory_zone())


@dataclass
class World:
    cut: CutOrder
    w1: Worker
    w2: Worker
    types: dict[str, DefectType]
    inspections: dict[str, Inspection]


def defect_types(marker: str = "") -> dict[str, DefectType]:
    return {
        key: DefectType.objects.create(code=f"{code}{marker}", name=f"{name}{marker}")
        for key, code, name in [
            ("skip", "SK", "Skipped stitch"),
            ("open", "OS", "Open seam"),
            ("stain", "ST", "Stain"),
        ]
    }


def inspect(
    cut: CutOrder,
    client_id: str,
    kind: str,
    when: dt.datetime,
    checked: int,
    defective: int,
    defects: list[tuple[DefectType, int, Any, Worker | None, str]] = (),  # type: ignore[assignment]
    *,
    bundle: Any = None,
    operation: Any = None,
    outcome: str = Outcome.PASS,
    severity: str = Severity.MAJOR,
    line: Any = "default",
) -> Inspection:
    """An inspection and its defects written directly, as quality.services would."""
    line = cut.line if line == "default" else line
    inspection = Inspection.objects.create(
        client_id=client_id,
        kind=kind,
        order=cut.order,
        style=cut.style,
        bundle=bundle,
        operation=operation,
        line=line,
        inspected_at=when,
        checked_qty=checked,
        defective_qty=defective,
        passed_qty=checked - defective if kind == InspectionKind.END_OF_LINE else 0,
        outcome=outcome,
    )
    for defect_type, count, op, worker, location in defects:
        InspectionDefect.objects.create(
            inspection=inspection,
            defect_type=defect_type,
            severity=severity,
            location=location,
            count=count,
            operation=op,
            worker=worker,
            inspected_at=when,
            order=cut.order,
            style=cut.style,
            line=line,
            kind=kind,
        )
    return inspection


def small_world(marker: str = "") -> World:
    cut = cut_order()
    w1, w2 = cut.workers
    op10, op20, op30 = cut.operations
    b1, b2 = cut.bundles[0], cut.bundles[1]
    when = at(DAY1, 8)
    scanned = record_scans(
        [
            ScanInput(f"m{marker}-1", b1.number, 10, w1.code, when),
            ScanInput(f"m{marker}-2", b1.number, 20, w2.code, when),
            ScanInput(f"m{marker}-3", b1.number, 30, w1.code, when),
            ScanInput(f"m{marker}-4", b2.number, 10, w2.code, when),
            ScanInput(f"m{marker}-5", b2.number, 20, w2.code, when),
        ]
    )
    assert [s.status for s in scanned] == ["credited"] * 5
    t = defect_types(marker)
    eol, inline = InspectionKind.END_OF_LINE, InspectionKind.INLINE
    i1 = inspect(cut, f"i1{marker}", inline, at(DAY1, 9), 5, 1,
                 [(t["skip"], 2, op20, w2, "front")], bundle=b1, operation=op20)  # fmt: skip
    i2 = inspect(cut, f"i2{marker}", eol, at(DAY1, 10), 20, 3,
                 [(t["open"], 2, op10, w1, "side_seam"), (t["stain"], 1, op30, w1, "front")],
                 bundle=b1, outcome=Outcome.REWORK)  # fmt: skip
    i4 = inspect(cut, f"i4{marker}", eol, at(DAY1, 11), 10, 1,
                 [(t["skip"], 1, op20, w2, "front")], bundle=b2)  # fmt: skip
    i3 = inspect(cut, f"i3{marker}", eol, at(DAY2, 9), 20, 0, bundle=b1)
    i5 = inspect(cut, f"i5{marker}", InspectionKind.FINAL, at(DAY2, 15), 32, 1,
                 [(t["stain"], 1, None, None, "back")], severity=Severity.MINOR)  # fmt: skip
    return World(cut, w1, w2, t, {"i1": i1, "i2": i2, "i3": i3, "i4": i4, "i5": i5})


@pytest.fixture
def world(in_tenant_a: Any) -> World:
    return small_world()


RANGE = MeasureFilter(since=DAY1, until=DAY2)


def test_figures_by_hand(world: World) -> None:
    result = figures(RANGE)
    assert (result.pieces_checked, result.defects, result.defective) == (55, 6, 5)
    assert result.dhu == Decimal("10.91")
    assert result.defect_rate == Decimal("9.09")
    assert (result.fpy_checked, result.fpy_passed) == (30, 26)
    assert result.first_pass_yield == Decimal("86.67")


def test_final_inspections_only_when_asked(world: World) -> None:
    result = figures(MeasureFilter(since=DAY1, until=DAY2, kinds=(InspectionKind.FINAL,)))
    assert (result.pieces_checked, result.defects, result.defective) == (32, 1, 1)
    assert result.dhu == Decimal("3.13")
    assert result.first_pass_yield == Decimal("86.67")  # FPY is always end of line


def test_nothing_checked_gives_none(world: World) -> None:
    result = figures(MeasureFilter(since=dt.date(2026, 10, 1), until=dt.date(2026, 10, 2)))
    assert result.pieces_checked == 0
    assert (result.dhu, result.defect_rate, result.first_pass_yield) == (None, None, None)


def test_days_are_the_factorys(world: World) -> None:
    """A defect found at 23:30 factory time counts on that day, not the next one."""
    inspect(world.cut, "late", InspectionKind.INLINE, at(DAY2, 23, 30), 10, 1,
            [(world.types["skip"], 1, world.cut.operations[0], world.w1, "hem")],
            bundle=world.cut.bundles[0], operation=world.cut.operations[0])  # fmt: skip
    inspect(world.cut, "next", InspectionKind.INLINE, at(DAY2 + dt.timedelta(days=1), 0, 30),
            10, 1, [(world.types["skip"], 1, world.cut.operations[0], world.w1, "hem")],
            bundle=world.cut.bundles[0], operation=world.cut.operations[0])  # fmt: skip
    result = figures(RANGE)
    assert (result.pieces_checked, result.defects) == (65, 7)


def test_fpy_counts_bundles_whose_first_check_is_in_range(world: World) -> None:
    """Day 2 alone: bundle 1's first end-of-line check was on day 1, so no FPY on day 2."""
    result = figures(MeasureFilter(since=DAY2, until=DAY2))
    assert (result.fpy_checked, result.first_pass_yield) == (0, None)


def test_per_operation_by_hand(world: World) -> None:
    rows = {row.id: row for row in grouped(RANGE, "operation")}
    op10, op20, op30 = world.cut.operations
    got = {
        op.sequence: (rows[op.pk].pieces_checked, rows[op.pk].defects, rows[op.pk].defective)
        for op in (op10, op20, op30)
    }
    assert got == {10: (50, 2, 2), 20: (55, 3, 2), 30: (40, 1, 1)}
    assert [rows[op.pk].dhu for op in (op10, op20, op30)] == [
        Decimal("4.00"),
        Decimal("5.45"),
        Decimal("2.50"),
    ]
    # Sorted by DHU, highest first.
    assert [row.id for row in grouped(RANGE, "operation")] == [op20.pk, op10.pk, op30.pk]


def test_defect_is_attributed_to_the_worker_who_scanned_the_operation(world: World) -> None:
    rows = {row.id: row for row in grouped(RANGE, "worker")}
    assert set(rows) == {world.w1.pk, world.w2.pk}
    w1, w2 = rows[world.w1.pk], rows[world.w2.pk]
    assert (w1.pieces_checked, w1.defects, w1.defective, w1.dhu) == (40, 3, 3, Decimal("7.50"))
    assert (w2.pieces_checked, w2.defects, w2.defective, w2.dhu) == (55, 3, 2, Decimal("5.45"))
    assert w1.label == f"{world.w1.code} {world.w1.name}"


def test_per_line_style_order(world: World) -> None:
    for group in ("line", "style", "order"):
        (row,) = grouped(RANGE, group)
        assert (row.pieces_checked, row.defects, row.defective) == (55, 6, 5), group
        assert row.dhu == Decimal("10.91")
    (line,) = grouped(RANGE, "line")
    assert line.label.startswith(world.cut.line.code)


def test_filters_narrow_everything(world: World, tenant_a: Any) -> None:
    with_order = MeasureFilter(since=DAY1, until=DAY2, order_id=world.cut.order.pk)
    assert figures(with_order).pieces_checked == 55
    other = MeasureFilter(since=DAY1, until=DAY2, order_id=world.cut.order.pk + 999)
    assert figures(other).pieces_checked == 0
    inline = MeasureFilter(since=DAY1, until=DAY2, kinds=(InspectionKind.INLINE,))
    assert (figures(inline).pieces_checked, figures(inline).defects) == (5, 2)


def test_pareto_by_type_and_location(world: World) -> None:
    result = measures(RANGE)
    assert [(r.label, r.count, r.share, r.cumulative) for r in result.by_type] == [
        ("SK Skipped stitch", 3, Decimal("50.00"), Decimal("50.00")),
        ("OS Open seam", 2, Decimal("33.33"), Decimal("83.33")),
        ("ST Stain", 1, Decimal("16.67"), Decimal("100.00")),
    ]
    assert [(r.key, r.count, r.share) for r in result.by_location] == [
        ("front", 4, Decimal("66.67")),
        ("side_seam", 2, Decimal("33.33")),
    ]


def test_trend_per_day(world: World) -> None:
    points = measures(RANGE).trend
    assert [(p.day, p.pieces_checked, p.defects, p.dhu) for p in points] == [
        (DAY1, 35, 6, Decimal("17.14")),
        (DAY2, 20, 0, Decimal("0.00")),
    ]


@pytest.mark.parametrize("group", ["line", "operation", "worker", "style", "order"])
def test_query_count_stays_flat(in_tenant_a: Any, group: str) -> None:
    small_world("a")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            measures(MeasureFilter(since=DAY1, until=DAY2), group)
        return len(queries)

    before = count()
    small_world("b")
    small_world("c")
    assert count() == before
