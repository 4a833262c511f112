"""The cutting room's services: plan against fabric, write the plan, fabric needed, markers."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from seamline.cutting import room
from seamline.cutting.choices import LayStatus, MarkerStatus
from seamline.cutting.models import Bundle, CutPlan, Lay, Marker
from seamline.cutting.services import lay_add, lay_cut
from seamline.tenancy.models import Organization
from tests.cutting.room_world import Room, garment_area, nested_marker, pattern_of, room_order

QUICK = 1.5


@pytest.fixture
def world(in_tenant_a: Organization) -> Room:
    return room_order()


def cut_by(lays: list[room.RoomLay] | list[room.LayPlan]) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for lay in lays:
        for size, n in lay.ratio.items():
            key = (lay.colour.code, size.code)
            found[key] = found.get(key, 0) + n * lay.plies
    return found


def test_proposal_covers_what_is_left_after_the_cut_lays_and_prices_the_fabric(
    world: Room,
) -> None:
    first, second = world.made.colours
    cut = lay_add(
        cut_plan=world.plan,
        colour=first,
        plies=10,
        ratios={world.size("S"): 1, world.size("M"): 2},
        by=None,
    )
    lay_cut(lay=cut, by=None)  # S 10 and M 20 of the first colour are cut already

    proposal = room.room_plan(world.plan, time_limit_s=QUICK)

    left = {
        (first.code, "S"): 30,
        (first.code, "M"): 50,
        (first.code, "L"): 30,
        (second.code, "S"): 40,
        (second.code, "M"): 70,
        (second.code, "L"): 30,
    }
    made = cut_by(proposal.lays)
    assert all(made.get(key, 0) >= n for key, n in left.items()), made
    assert [c.colour for c in proposal.colours] == [first, second]
    assert proposal.colours[0].to_cut == {
        world.size("S"): 30,
        world.size("M"): 50,
        world.size("L"): 30,
    }
    for lay in proposal.lays:
        assert 1 <= lay.plies <= world.plan.max_plies
        assert lay.estimated  # nothing is nested yet
        assert lay.marker is None
        assert 0 < lay.marker_length_mm <= world.plan.max_marker_length_mm
        assert lay.fabric_mm == lay.plies * (lay.marker_length_mm + 20)
    for colour in proposal.colours:
        assert colour.fabric_mm == sum(lay.fabric_mm for lay in colour.lays)
        assert colour.fabric_cost == (Decimal(colour.fabric_mm) / 1000 * 20).quantize(
            Decimal("0.01")
        )
    assert proposal.fabric_mm == sum(c.fabric_mm for c in proposal.colours)
    assert proposal.lay_cost == Decimal("30.00") * proposal.n_lays
    assert proposal.cost == proposal.fabric_cost + proposal.lay_cost
    assert proposal.lower_bound_mm > 0
    assert proposal.bound_ratio is not None
    assert proposal.bound_ratio >= 1
    assert proposal.efficiency == pytest.approx(0.80)


def test_proposal_says_what_is_missing(in_tenant_a: Organization) -> None:
    no_width = room_order(fabric_width_mm=None)
    with pytest.raises(ValidationError) as exc:
        room.room_plan(no_width.plan, time_limit_s=QUICK)
    assert exc.value.message_dict == {
        "fabric_width_mm": ["Give the fabric width of this plan first."]
    }

    no_pattern = room_order()
    no_pattern.pattern.pieces.all().delete()
    no_pattern.pattern.delete()
    with pytest.raises(ValidationError) as exc:
        room.room_plan(no_pattern.plan, time_limit_s=QUICK)
    assert exc.value.message_dict["pattern"] == [
        f"Style {no_pattern.made.style.code} has no pattern: import its pattern first."
    ]

    partial = room_order()
    newer = pattern_of(partial.made, sizes=("S", "M"), name="P2")  # the newest: no L pieces
    with pytest.raises(ValidationError) as exc:
        room.room_plan(partial.plan, time_limit_s=QUICK)
    assert exc.value.message_dict["pattern"] == [
        f"The pattern {newer.name} has no pieces of size L, which the order has."
    ]


def test_a_nested_marker_is_planned_with_its_own_length(in_tenant_a: Organization) -> None:
    # Only M is ordered, and every marker that fits the 2.2 m table is nested: the plan can
    # only use nested markers.
    world = room_order(quantities={"M": 90}, colours=1, max_marker_length_mm=2200)
    m = world.size("M")
    lengths = {1: "820.0", 2: "1500.0", 3: "2150.0"}
    markers = {
        n: nested_marker(world.pattern, {m: n}, length_mm=length) for n, length in lengths.items()
    }

    proposal = room.room_plan(world.plan, time_limit_s=QUICK)

    assert proposal.lays
    for lay in proposal.lays:
        n = lay.ratio[m]
        assert not lay.estimated
        assert lay.marker == markers[n]
        assert lay.marker_length_mm == math.ceil(Decimal(lengths[n]))
    assert proposal.missing == ()
    assert proposal.efficiency == pytest.approx(0.85)

    written = room.room_apply(cut_plan=world.plan, plan=proposal, by=None)
    assert [(lay.marker_id, lay.marker_length_mm) for lay in written] == [
        (markers[lay.ratio[m]].pk, math.ceil(Decimal(lengths[lay.ratio[m]])))
        for lay in proposal.lays
    ]


def test_apply_refuses_a_lay_whose_marker_came_out_longer_than_the_table(
    in_tenant_a: Organization,
) -> None:
    # Proposed on an estimate, then nested: the marker is 2.3 m on a 2.2 m table.
    world = room_order(quantities={"M": 90}, colours=1, max_marker_length_mm=2200)
    m = world.size("M")
    (colour,) = world.made.colours
    nested_marker(world.pattern, {m: 3}, length_mm="2300.0")
    lays = [room.LayPlan(colour=colour, ratio={m: 3}, plies=30, marker_length_mm=2100)]

    with pytest.raises(ValidationError) as exc:
        room.room_apply(cut_plan=world.plan, plan=lays, by=None)

    assert exc.value.message_dict["lays"] == [
        "Lay 1: its nested marker is 2300 mm, longer than the table (2200 mm); propose again."
    ]
    assert not Lay.objects.filter(cut_plan=world.plan).exists()


def test_apply_replaces_the_planned_lays_and_never_touches_a_cut_one(world: Room) -> None:
    first, second = world.made.colours
    s, m, big = world.size("S"), world.size("M"), world.size("L")
    done = lay_add(cut_plan=world.plan, colour=first, plies=10, ratios={s: 1, m: 1}, by=None)
    bundles = lay_cut(lay=done, by=None)
    planned = lay_add(cut_plan=world.plan, colour=second, plies=5, ratios={big: 1}, by=None)
    lays = [
        room.LayPlan(colour=first, ratio={s: 1, m: 2, big: 1}, plies=30, marker_length_mm=2100),
        room.LayPlan(colour=second, ratio={s: 1, m: 2, big: 1}, plies=40, marker_length_mm=2100),
    ]

    written = room.room_apply(cut_plan=world.plan, plan=lays, by=None)

    assert not Lay.objects.filter(pk=planned.pk).exists()  # its number 2 is free again
    done.refresh_from_db()
    assert (done.number, done.status, done.plies) == (1, LayStatus.CUT, 10)
    assert list(Bundle.objects.filter(lay=done).order_by("pk")) == bundles
    rows = [
        (lay.number, lay.colour, lay.plies, lay.status, lay.marker_length_mm)
        for lay in Lay.objects.filter(pk__in=[w.pk for w in written]).order_by("number")
    ]
    assert rows == [
        (2, first, 30, LayStatus.PLANNED, 2100),
        (3, second, 40, LayStatus.PLANNED, 2100),
    ]
    assert {(r.size.code, r.ratio) for r in written[0].ratios.all()} == {
        ("S", 1),
        ("M", 2),
        ("L", 1),
    }
    # plies x (marker + 20 mm end allowance): the cut lay has no length and is not counted.
    assert room.fabric_requirement(world.plan) == {
        first.code: Decimal("63.600"),
        second.code: Decimal("84.800"),
    }


def test_apply_refuses_lays_that_leave_pieces_uncut_and_changes_nothing(world: Room) -> None:
    first, second = world.made.colours
    s, m, big = world.size("S"), world.size("M"), world.size("L")
    planned = lay_add(cut_plan=world.plan, colour=second, plies=5, ratios={big: 1}, by=None)
    short = [
        room.LayPlan(colour=first, ratio={s: 1, m: 2, big: 1}, plies=30),
        room.LayPlan(colour=second, ratio={s: 1, m: 2, big: 1}, plies=30),
    ]
    with pytest.raises(ValidationError) as exc:
        room.room_apply(cut_plan=world.plan, plan=short, by=None)
    assert exc.value.message_dict["lays"] == [
        f"{first.code} size S: these lays cut 30 of the 40 to cut.",
        f"{first.code} size M: these lays cut 60 of the 70 to cut.",
        f"{second.code} size S: these lays cut 30 of the 40 to cut.",
        f"{second.code} size M: these lays cut 60 of the 70 to cut.",
    ]
    bad = [room.LayPlan(colour=first, ratio={s: 1}, plies=61)]
    with pytest.raises(ValidationError) as exc:
        room.room_apply(cut_plan=world.plan, plan=bad, by=None)
    assert exc.value.message_dict["lays"] == [
        "Lay 1: plies must be 1 to 60 (the plan's highest lay)."
    ]
    assert list(Lay.objects.filter(cut_plan=world.plan)) == [planned]


def test_nest_markers_queues_one_marker_per_ratio_not_nested_yet(world: Room) -> None:
    first, second = world.made.colours
    s, m, big = world.size("S"), world.size("M"), world.size("L")
    nested = nested_marker(world.pattern, {s: 1, m: 2, big: 1})
    lays = [
        room.LayPlan(colour=first, ratio={s: 1, m: 2, big: 1}, plies=30),
        room.LayPlan(colour=first, ratio={m: 1}, plies=10),
        room.LayPlan(colour=second, ratio={m: 1}, plies=10),
        room.LayPlan(colour=second, ratio={s: 1, big: 1}, plies=10),
    ]

    queued = room.room_nest_markers(cut_plan=world.plan, plan=lays, by=None, time_limit_s=30)

    assert [room.ratio_key({r.size: r.ratio for r in q.ratios.all()}) for q in queued] == [
        (("M", 1),),
        (("L", 1), ("S", 1)),
    ]
    assert {(q.status, q.fabric_width_mm, q.time_limit_s) for q in queued} == {
        (MarkerStatus.QUEUED, 1500, 30)
    }
    again = room.room_nest_markers(cut_plan=world.plan, plan=lays, by=None, time_limit_s=30)
    assert again == []
    assert Marker.objects.exclude(pk=nested.pk).count() == 2


def test_settings_are_checked_and_saved(world: Room) -> None:
    values = {
        "fabric_width_mm": 1600,
        "max_plies": 80,
        "max_marker_length_mm": 9000,
        "overcut_pct": Decimal("2.5"),
        "cost_per_lay": Decimal("40.00"),
        "fabric_price": Decimal("18.50"),
        "end_allowance_mm": 30,
    }
    room.room_settings_update(cut_plan=world.plan, by=None, **values)
    saved = CutPlan.objects.get(pk=world.plan.pk)
    assert {name: getattr(saved, name) for name in values} == values

    with pytest.raises(ValidationError) as exc:
        room.room_settings_update(
            cut_plan=world.plan, by=None, **{**values, "fabric_width_mm": 100}
        )
    assert list(exc.value.message_dict) == ["fabric_width_mm"]
    assert CutPlan.objects.get(pk=world.plan.pk).fabric_width_mm == 1600


def test_a_lay_without_a_length_gets_the_planners_estimate_unless_the_table_is_too_short(
    in_tenant_a: Organization,
) -> None:
    world = room_order(quantities={"S": 30, "M": 30}, colours=1, max_marker_length_mm=2500)
    (colour,) = world.made.colours
    s, m = world.size("S"), world.size("M")
    area = garment_area("S") + garment_area("M")  # one S and one M: 1,562,400 mm²

    (lay,) = room.room_apply(
        cut_plan=world.plan,
        plan=[room.LayPlan(colour=colour, ratio={s: 1, m: 1}, plies=30)],
        by=None,
    )
    assert lay.marker_length_mm == math.ceil(area / (1500 * 0.80)) == 1302

    too_long = [room.LayPlan(colour=colour, ratio={s: 2, m: 2}, plies=15)]  # about 2.6 m
    with pytest.raises(ValidationError) as exc:
        room.room_apply(cut_plan=world.plan, plan=too_long, by=None)
    assert exc.value.message_dict["lays"] == [
        "Lay 1: its marker would be about 2604 mm, longer than the table (2500 mm)."
    ]
    assert list(Lay.objects.filter(cut_plan=world.plan)) == [lay]
