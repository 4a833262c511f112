"""Line layouts: propose (generic and real workers), adjust by hand, place workers, activate.

The bulletin, by hand (standard minutes per garment, 3.00 in all), in this order:

    10 Join seams   SNLS   1.00
    20 Topstitch    SNLS   0.50   after 10
    30 Overlock     OL4    1.20   after 20
    40 Trim         MANUAL 0.30   after 30

For 30 garments an hour (takt 2.00 min) two operators suffice and no fewer can (SNLS work
and OL4 work never share an operator): position 1 sews 10 + 20 (1.50 min), position 2 sews
30 + 40 (1.50; manual work goes with any machine). Cycle 1.50, 40.0 an hour, balance
efficiency 3.00 / (2 x 1.50) = 100 %.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from seamline.catalog.choices import MachineType
from seamline.catalog.models import Operation, Style
from seamline.engines.balancing.garment import Operator
from seamline.shopfloor import balancing, skills
from seamline.shopfloor.balancing import LayoutRow, ShareEdit, figures
from seamline.shopfloor.models import LayoutShare, Line, LineLayout
from seamline.shopfloor.skills import Pace, WorkerPaces
from seamline.tenancy.models import AuditEntry
from tests.catalog.factories import OperationFactory, StyleFactory, precede
from tests.shopfloor.factories import LineFactory, WorkerFactory

pytestmark = pytest.mark.django_db

BULLETIN = (
    (10, "Join seams", MachineType.SNLS, "1.00"),
    (20, "Topstitch", MachineType.SNLS, "0.50"),
    (30, "Overlock", MachineType.OL4, "1.20"),
    (40, "Trim", MachineType.MANUAL, "0.30"),
)


def bulletin(**style: Any) -> tuple[Style, list[Operation]]:
    """The style above, its operations in order, each after the one before."""
    made = StyleFactory(**style)
    ops = [
        OperationFactory(
            style=made, sequence=seq, name=name, machine_type=machine, smv=Decimal(smv)
        )
        for seq, name, machine, smv in BULLETIN
    ]
    for before, after in zip(ops, ops[1:], strict=False):
        precede(before, after)
    return made, ops


def table(layout: LineLayout) -> dict[int, list[tuple[int, Decimal]]]:
    """Position -> [(operation sequence, share)]."""
    out: dict[int, list[tuple[int, Decimal]]] = {}
    for s in LayoutShare.objects.filter(layout=layout).order_by("slot", "operation__sequence"):
        out.setdefault(s.slot, []).append((s.operation.sequence, s.share))
    return out


def propose(line: Line, style: Style, **kw: Any) -> LineLayout:
    kw.setdefault("target_per_hour", None)
    kw.setdefault("head_count", None)
    kw.setdefault("workers", None)
    return balancing.layout_propose(line=line, style=style, by=None, **kw)


# --- figures: the pure function --------------------------------------------------------------


def test_figures_of_shares_and_paces_by_hand() -> None:
    rows = [
        LayoutRow(1, "a", 1.0, "SNLS", 1.0),
        LayoutRow(2, "b", 1.2, "OL4", 0.5),
        LayoutRow(3, "b", 1.2, "OL4", 0.5),
    ]
    slow = Operator(key="w", efficiency=(("OL4", 0.8),), default_efficiency=0.5)
    fig = figures(rows, {3: slow}, target_per_hour=60)
    assert fig.slot_minutes == {1: 1.0, 2: pytest.approx(0.6), 3: pytest.approx(0.75)}
    assert fig.takt == 1.0
    assert fig.cycle_time == 1.0
    assert fig.bottleneck == 1
    assert fig.output_per_hour == 60.0
    assert fig.balance_efficiency == pytest.approx(2.2 / 3.0)
    assert fig.load(3) == pytest.approx(0.75)


def test_figures_without_a_target_take_the_cycle_as_takt() -> None:
    fig = figures([LayoutRow(1, "a", 0.9, "SNLS", 1.0)], {}, target_per_hour=None)
    assert fig.takt == fig.cycle_time == 0.9


# --- propose ---------------------------------------------------------------------------------


def test_propose_for_a_target_with_generic_operators(in_tenant_a: Any) -> None:
    line = LineFactory()
    style, _ops = bulletin()
    layout = propose(line, style, target_per_hour=30)
    assert table(layout) == {
        1: [(10, Decimal("1.0000")), (20, Decimal("1.0000"))],
        2: [(30, Decimal("1.0000")), (40, Decimal("1.0000"))],
    }
    assert layout.operators == 2
    assert layout.takt == Decimal("2.000")
    assert layout.cycle_time == Decimal("1.500")
    assert layout.output_per_hour == Decimal("40.0")
    assert layout.balance_efficiency == Decimal("1.0000")
    assert layout.solver_status == "optimal"
    assert not layout.is_active
    assert not layout.edited
    assert LayoutShare.objects.filter(layout=layout, worker__isnull=False).count() == 0
    assert AuditEntry.objects.filter(
        action="line_layout.propose", object_id=str(layout.pk)
    ).exists()


def test_propose_places_real_workers_at_their_pace(in_tenant_a: Any) -> None:
    """Workers without measured scans work at 0.75 of the standard (skills' default)."""
    line = LineFactory()
    style, _ops = bulletin()
    crew = [WorkerFactory(line=line), WorkerFactory(line=line)]
    layout = propose(line, style, target_per_hour=30, workers=crew)
    placed = {
        s.slot: s.worker for s in LayoutShare.objects.filter(layout=layout).select_related("worker")
    }
    assert sorted(w.pk for w in placed.values() if w) == sorted(w.pk for w in crew)
    assert layout.operators == 2
    # 1.50 standard minutes at 0.75 = 2.00 minutes for each position.
    assert layout.cycle_time == Decimal("2.000")
    assert layout.output_per_hour == Decimal("30.0")
    positions = balancing.layout_positions(layout)
    assert [p.minutes for p in positions] == [Decimal("2.000"), Decimal("2.000")]
    assert [p.load_percent for p in positions] == [100, 100]


def test_propose_asks_for_exactly_one_of_target_and_head_count(in_tenant_a: Any) -> None:
    line = LineFactory()
    style, _ops = bulletin()
    for kw in ({}, {"target_per_hour": 30, "head_count": 3}):
        with pytest.raises(ValidationError) as caught:
            propose(line, style, **kw)
        assert "target_per_hour" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        propose(line, style, head_count=0)
    assert "head_count" in caught.value.message_dict
    assert LineLayout.objects.count() == 0


def test_propose_refuses_a_style_without_bulletin_and_an_empty_crew(in_tenant_a: Any) -> None:
    line = LineFactory()
    with pytest.raises(ValidationError) as caught:
        propose(line, StyleFactory(), target_per_hour=30)
    assert "style" in caught.value.message_dict
    style, _ops = bulletin()
    with pytest.raises(ValidationError) as caught:
        propose(line, style, target_per_hour=30, workers=[])
    assert "workers" in caught.value.message_dict
    assert LineLayout.objects.count() == 0


def test_propose_sends_the_bundle_back_when_the_line_order_cannot_be_kept(
    in_tenant_a: Any,
) -> None:
    """SNLS, OL4, SNLS, OL4 in a chain (1.00 min each) on two operators: in line order
    every change of machine needs a new position (four), so the engine is asked again with
    returns. Position 1 sews 10 + 30 on the SNLS, position 2 sews 20 + 40 on the OL4: the
    bundle goes back once (20 -> 30)."""
    line = LineFactory()
    made = StyleFactory()
    ops = [
        OperationFactory(
            style=made, sequence=seq, name=f"op {seq}", machine_type=machine, smv=Decimal("1.00")
        )
        for seq, machine in (
            (10, MachineType.SNLS),
            (20, MachineType.OL4),
            (30, MachineType.SNLS),
            (40, MachineType.OL4),
        )
    ]
    for before, after in zip(ops, ops[1:], strict=False):
        precede(before, after)
    layout = propose(line, made, head_count=2)
    assert table(layout) == {
        1: [(10, Decimal("1.0000")), (30, Decimal("1.0000"))],
        2: [(20, Decimal("1.0000")), (40, Decimal("1.0000"))],
    }
    assert layout.returns == 1
    assert layout.cycle_time == Decimal("2.000")
    assert layout.solver_status == "optimal"
    layout.refresh_from_db()
    assert layout.returns == 1


def test_a_line_balanced_in_order_has_no_returns(in_tenant_a: Any) -> None:
    style, _ops = bulletin()
    assert propose(LineFactory(), style, target_per_hour=30).returns == 0


# --- adjust ----------------------------------------------------------------------------------


def test_adjust_moves_shares_and_recomputes_every_figure(in_tenant_a: Any) -> None:
    line = LineFactory()
    style, ops = bulletin()
    layout = propose(line, style, target_per_hour=30)
    layout = balancing.layout_adjust(
        layout=layout,
        moves=[
            ShareEdit(operation_id=ops[0].pk, from_slot=1, to_slot=3, share=Decimal("0.5")),
            ShareEdit(operation_id=ops[2].pk, from_slot=2, to_slot=4, share=Decimal("0.5")),
        ],
        by=None,
    )
    assert table(layout) == {
        1: [(10, Decimal("0.5000")), (20, Decimal("1.0000"))],
        2: [(30, Decimal("0.5000")), (40, Decimal("1.0000"))],
        3: [(10, Decimal("0.5000"))],
        4: [(30, Decimal("0.5000"))],
    }
    # By hand: 1: 0.50 + 0.50 = 1.00; 2: 0.60 + 0.30 = 0.90; 3: 0.50; 4: 0.60.
    positions = balancing.layout_positions(layout)
    assert [p.minutes for p in positions] == [
        Decimal(m) for m in ("1.000", "0.900", "0.500", "0.600")
    ]
    assert [p.is_bottleneck for p in positions] == [True, False, False, False]
    assert [p.load_percent for p in positions] == [50, 45, 25, 30]
    layout.refresh_from_db()
    assert layout.operators == 4
    assert layout.takt == Decimal("2.000")
    assert layout.cycle_time == Decimal("1.000")
    assert layout.output_per_hour == Decimal("60.0")
    assert layout.balance_efficiency == Decimal("0.7500")  # 3.00 / (4 x 1.00)
    # Bundles now go back upstream twice: 20 (position 1) after 10's share at 3, and 40
    # (position 2) after 30's share at 4.
    assert layout.returns == 2
    assert layout.edited


def test_adjust_refuses_shares_that_do_not_sum_to_one(in_tenant_a: Any) -> None:
    line = LineFactory()
    style, ops = bulletin()
    layout = propose(line, style, target_per_hour=30)
    before = table(layout)
    with pytest.raises(ValidationError) as caught:
        balancing.layout_adjust(
            layout=layout,
            moves=[ShareEdit(operation_id=ops[0].pk, to_slot=1, share=Decimal("0.6"))],
            by=None,
        )
    assert "Join seams" in caught.value.message_dict["share"][0]
    assert "0.6000" in caught.value.message_dict["share"][0]
    layout.refresh_from_db()
    assert table(layout) == before
    assert not layout.edited
    assert layout.cycle_time == Decimal("1.500")


def test_adjust_refuses_to_move_more_than_a_position_sews(in_tenant_a: Any) -> None:
    line = LineFactory()
    style, ops = bulletin()
    layout = propose(line, style, target_per_hour=30)
    with pytest.raises(ValidationError) as caught:
        balancing.layout_adjust(
            layout=layout,
            moves=[ShareEdit(operation_id=ops[0].pk, from_slot=2, to_slot=1, share=Decimal("0.5"))],
            by=None,
        )
    assert "share" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        balancing.layout_adjust(
            layout=layout,
            moves=[ShareEdit(operation_id=ops[0].pk, from_slot=1, to_slot=9, share=Decimal("0.5"))],
            by=None,
        )
    assert "to_slot" in caught.value.message_dict


def test_adjust_refuses_two_machines_on_one_position(in_tenant_a: Any) -> None:
    line = LineFactory()
    style, ops = bulletin()
    layout = propose(line, style, target_per_hour=30)
    with pytest.raises(ValidationError) as caught:
        balancing.layout_adjust(
            layout=layout,
            moves=[ShareEdit(operation_id=ops[2].pk, from_slot=2, to_slot=1, share=Decimal("0.5"))],
            by=None,
        )
    assert caught.value.message_dict["to_slot"] == [
        "Operator no. 1 would need several machines: OL4, SNLS."
    ]
    # Hand work goes with any machine.
    balancing.layout_adjust(
        layout=layout,
        moves=[ShareEdit(operation_id=ops[3].pk, from_slot=2, to_slot=1, share=Decimal("1"))],
        by=None,
    )
    assert table(layout)[1] == [
        (10, Decimal("1.0000")),
        (20, Decimal("1.0000")),
        (40, Decimal("1.0000")),
    ]


# --- assign ----------------------------------------------------------------------------------


def test_assign_a_worker_recomputes_with_their_pace(in_tenant_a: Any) -> None:
    line = LineFactory()
    style, _ops = bulletin()
    layout = propose(line, style, target_per_hour=30)
    worker = WorkerFactory(line=line)
    layout = balancing.layout_assign(layout=layout, slot=2, worker=worker, by=None)
    positions = balancing.layout_positions(layout)
    assert [p.worker for p in positions] == [None, worker]
    # Position 2: 1.50 standard minutes at 0.75 = 2.00, now the bottleneck.
    assert [p.minutes for p in positions] == [Decimal("1.500"), Decimal("2.000")]
    assert layout.cycle_time == Decimal("2.000")
    assert layout.output_per_hour == Decimal("30.0")
    assert layout.balance_efficiency == Decimal("0.7500")
    with pytest.raises(ValidationError) as caught:
        balancing.layout_assign(layout=layout, slot=1, worker=worker, by=None)
    assert "worker" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        balancing.layout_assign(layout=layout, slot=7, worker=None, by=None)
    assert "slot" in caught.value.message_dict
    novice = WorkerFactory(line=line, skill_grade=1, name="Novice")
    with pytest.raises(ValidationError) as caught:
        balancing.layout_assign(layout=layout, slot=1, worker=novice, by=None)
    assert caught.value.message_dict["worker"] == ["Novice has skill grade 1; Join seams needs 2."]
    balancing.layout_assign(layout=layout, slot=2, worker=None, by=None)
    layout.refresh_from_db()
    assert layout.cycle_time == Decimal("1.500")


def test_assign_uses_the_pace_measured_from_scans(
    in_tenant_a: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker measured at 1.500 on SNLS (from their scans) sews position 1's 1.50 standard
    minutes in 1.00 minute."""
    line = LineFactory()
    style, _ops = bulletin()
    layout = propose(line, style, target_per_hour=30)
    fast = WorkerFactory(line=line)
    pace = Pace(Decimal("1.500"), 300, Decimal("150"), Decimal("100"), 12)
    measured = {fast.pk: WorkerPaces(by_operation={}, by_machine={"SNLS": pace}, overall=pace)}
    monkeypatch.setattr(
        skills, "measured_paces", lambda ids, **kw: {k: v for k, v in measured.items() if k in ids}
    )
    layout = balancing.layout_assign(layout=layout, slot=1, worker=fast, by=None)
    positions = balancing.layout_positions(layout)
    assert [p.minutes for p in positions] == [Decimal("1.000"), Decimal("1.500")]
    assert layout.cycle_time == Decimal("1.500")
    assert [p.is_bottleneck for p in positions] == [False, True]


# --- activate --------------------------------------------------------------------------------


def test_one_active_layout_per_line(in_tenant_a: Any) -> None:
    line, other_line = LineFactory(), LineFactory()
    style, _ops = bulletin()
    first = propose(line, style, target_per_hour=30)
    second = propose(line, style, head_count=3)
    elsewhere = propose(other_line, style, target_per_hour=30)
    balancing.layout_activate(layout=first, by=None)
    balancing.layout_activate(layout=elsewhere, by=None)
    balancing.layout_activate(layout=second, by=None)
    assert set(LineLayout.objects.filter(is_active=True)) == {second, elsewhere}
    assert AuditEntry.objects.filter(action="line_layout.activate").count() == 3
