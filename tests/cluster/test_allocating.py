"""Allocation runs, offers and answers: the stored proposal keeps every rule, the grid split
sums exactly, offers lapse and declines free the garments again."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from seamline.cluster import allocating
from seamline.cluster import orders as services
from seamline.cluster.allocating import NO_PROFILE, open_quantity, split_over_cells
from seamline.cluster.choices import (
    AllocationMode,
    AllocationStatus,
    BidStatus,
    ClusterOrderStatus,
)
from seamline.cluster.models import (
    Allocation,
    AllocationLine,
    AllocationRun,
    Bid,
    CapacityProfile,
    CapacityWeek,
    ClusterOrder,
    ClusterOrderLine,
)
from seamline.cluster.profiles import monday
from seamline.tenancy.context import tenant_context
from tests.cluster.test_orders import Scene, add_factory, new_order, scene

pytestmark = pytest.mark.django_db

BIG = [("NAVY", "S", 400), ("NAVY", "M", 700), ("WHITE", "M", 600), ("WHITE", "L", 300)]


def run(s: Scene, order: ClusterOrder, mode: str = AllocationMode.COST) -> AllocationRun:
    with tenant_context(s.operator):
        return allocating.allocation_run(order=order, mode=mode, by=None)


def offer(s: Scene, the_run: AllocationRun) -> AllocationRun:
    with tenant_context(s.operator):
        return allocating.run_offer(run=the_run, by=None)


def answer(allocation: Allocation, accept: bool) -> Allocation:
    with tenant_context(allocation.factory):
        return allocating.allocation_answer(allocation=allocation, accept=accept, by=None)


def check_plan(order: ClusterOrder, the_run: AllocationRun) -> None:
    """Every stored allocation keeps capacity, capability, min batch and the due date, and
    its lines split its quantity exactly over the order's cells."""
    weeks = []
    start = monday(timezone.localdate())
    week = start
    while week <= monday(order.delivery_date):
        weeks.append(week)
        week += dt.timedelta(weeks=1)
    cells = {(x.colour, x.size): x.quantity for x in ClusterOrderLine.unscoped.filter(order=order)}
    used: dict[tuple[str, str], int] = defaultdict(int)
    allocations = list(Allocation.unscoped.filter(run=the_run).select_related("factory"))
    for allocation in allocations:
        profile = CapacityProfile.unscoped.get(tenant=allocation.factory)
        free = sum(
            CapacityWeek.unscoped.filter(
                tenant=allocation.factory, week_start__in=weeks
            ).values_list("available_minutes", flat=True)
        )
        assert allocation.quantity * order.smv <= free, allocation.factory.name
        assert set(order.required_capabilities) <= set(profile.capabilities)
        assert allocation.quantity >= max(profile.min_order_qty, order.min_batch)
        assert allocation.ready_date <= order.delivery_date
        assert allocation.ready_date >= timezone.localdate() - dt.timedelta(days=6)
        lines = AllocationLine.unscoped.filter(allocation=allocation)
        assert sum(x.quantity for x in lines) == allocation.quantity
        for line in lines:
            used[(line.colour, line.size)] += line.quantity
        assert allocation.reason["factory"] == allocation.factory_id
        assert allocation.reason["codes"]
    for cell, n in used.items():
        assert n <= cells[cell]
    assert sum(a.quantity for a in allocations) + the_run.unplaced == sum(cells.values())


# --- the split over the grid ------------------------------------------------------------------


@given(
    st.dictionaries(
        st.tuples(st.sampled_from("ABCD"), st.sampled_from(["S", "M", "L", "XL"])),
        st.integers(min_value=0, max_value=500),
        min_size=1,
    ),
    st.integers(min_value=0, max_value=3000),
)
def test_split_sums_exactly_and_never_exceeds_a_cell(
    left: dict[tuple[str, str], int], quantity: int
) -> None:
    parts = split_over_cells(quantity, left)
    assert sum(parts.values()) == min(quantity, sum(left.values()))
    assert all(0 < n <= left[cell] for cell, n in parts.items())


def test_split_follows_what_is_left() -> None:
    left = {("N", "S"): 100, ("N", "M"): 200, ("W", "M"): 150, ("W", "L"): 50}
    assert split_over_cells(250, left) == {
        ("N", "S"): 50,
        ("N", "M"): 100,
        ("W", "M"): 75,
        ("W", "L"): 25,
    }
    assert sum(split_over_cells(7, left).values()) == 7


# --- runs ---------------------------------------------------------------------------------------


def test_run_stores_proposal_with_reasons_and_keeps_every_rule() -> None:
    s = scene(factories=2, minutes=1_500)  # 2,000 x 12.5 minutes; both hold less
    wovens = add_factory(s.cluster, name="Wovens only", capabilities=["wovens"])
    no_profile = add_factory(s.cluster, name="No profile", profile=False)
    order = new_order(s, lines=BIG, delivery_date=timezone.localdate() + dt.timedelta(days=42))
    the_run = run(s, order)
    assert the_run.tenant_id == s.operator.pk
    assert the_run.status in ("optimal", "feasible")
    assert the_run.objective >= the_run.bound - Decimal("0.01")
    allocations = list(Allocation.unscoped.filter(run=the_run))
    assert {a.factory_id for a in allocations} <= {f.pk for f in s.factories}
    assert all(a.status == AllocationStatus.PROPOSED for a in allocations)
    assert all(a.unit_price == Decimal("18.0000") for a in allocations)
    check_plan(order, the_run)
    why = {row["factory"]: row for row in the_run.explanation}
    assert "missing_capability" in why[wovens.pk]["codes"]
    assert why[no_profile.pk]["codes"] == [NO_PROFILE]
    assert why[wovens.pk]["name"] == "Wovens only"
    # Both factories ran full before the due date: capacity, not price, limited them.
    assert the_run.unplaced > 0
    assert any("capacity_full" in a.reason["codes"] for a in allocations)


@pytest.mark.parametrize("seed", range(6))
def test_random_instances_keep_capacity_capability_batch_and_date(seed: int) -> None:
    rng = random.Random(seed)
    s = scene(factories=0)
    for n in range(rng.randint(1, 5)):
        add_factory(
            s.cluster,
            name=f"Random {seed}-{n}",
            capabilities=rng.choice([["knits"], ["wovens"], ["knits", "denim"]]),
            minutes=rng.choice([0, 500, 1_500, 4_000, 20_000]),
            min_order_qty=rng.choice([0, 50, 300, 800]),
            cost=rng.choice(["0.4000", "0.6000", "0.9000"]),
        )
    lines = [
        (colour, size, rng.randint(1, 400))
        for colour in ("NAVY", "WHITE")
        for size in ("S", "M", "L")
        if rng.random() < 0.8
    ] or [("NAVY", "M", 100)]
    total = sum(q for *_rest, q in lines)
    order = new_order(
        s,
        lines=lines,
        delivery_date=timezone.localdate() + dt.timedelta(days=rng.randint(3, 60)),
        min_batch=rng.choice([0, 0, 100, min(total, 400)]),
    )
    for mode in (AllocationMode.COST, AllocationMode.FAIR):
        check_plan(order, run(s, order, mode))


def test_bid_is_taken_at_its_price_and_ready_date() -> None:
    s = scene(factories=1, cost="0.9000")
    order = new_order(s)
    ready = timezone.localdate() + dt.timedelta(days=14)
    with tenant_context(s.factories[0]):
        services.bid_place(order=order, quantity=500, unit_price="10", ready_date=ready, by=None)
    the_run = run(s, order)
    allocation = Allocation.unscoped.get(run=the_run)
    assert allocation.quantity == 500
    assert allocation.unit_price == Decimal("10.0000")
    assert allocation.ready_date == ready
    assert "bid" in allocation.reason["codes"]


def test_run_is_for_operator_or_brand_of_a_published_order() -> None:
    s = scene()
    draft = new_order(s, publish=False)
    with pytest.raises(ValidationError):
        run(s, draft)
    order = new_order(s)
    with tenant_context(s.factories[0]), pytest.raises(ValidationError):
        allocating.allocation_run(order=order, mode=AllocationMode.COST, by=None)
    with tenant_context(s.brand):
        assert allocating.allocation_run(order=order, mode=AllocationMode.FAIR, by=None).pk
    assert AllocationRun.unscoped.count() == 1


# --- offer and answers --------------------------------------------------------------------------


def test_offer_lapses_older_proposals_and_allocates_the_order() -> None:
    s = scene()
    order = new_order(s)
    older = run(s, order)
    newer = run(s, order, AllocationMode.FAIR)
    offer(s, newer)
    assert set(Allocation.unscoped.filter(run=older).values_list("status", flat=True)) == {
        AllocationStatus.CANCELLED
    }
    offered = Allocation.unscoped.filter(run=newer)
    assert {a.status for a in offered} == {AllocationStatus.OFFERED}
    assert sum(a.quantity for a in offered) == 500
    order.refresh_from_db()
    assert order.status == ClusterOrderStatus.ALLOCATED
    assert open_quantity(order) == 0
    # Offering again is a retry: nothing changes; the lapsed run cannot be offered.
    offer(s, newer)
    with pytest.raises(ValidationError):
        offer(s, older)


def test_decline_frees_the_quantity_for_a_new_run() -> None:
    s = scene(factories=1)
    order = new_order(s)
    offer(s, run(s, order))
    allocation = Allocation.unscoped.get(status=AllocationStatus.OFFERED)
    declined = answer(allocation, accept=False)
    assert declined.status == AllocationStatus.DECLINED
    assert answer(allocation, accept=False).status == AllocationStatus.DECLINED
    with pytest.raises(ValidationError):
        answer(allocation, accept=True)
    order.refresh_from_db()
    assert order.status == ClusterOrderStatus.PUBLISHED
    assert open_quantity(order) == 500
    again = run(s, order)
    assert sum(Allocation.unscoped.filter(run=again).values_list("quantity", flat=True)) == 500


def test_only_the_factory_answers_and_a_bid_follows_the_answer() -> None:
    s = scene(factories=1)
    order = new_order(s)
    with tenant_context(s.factories[0]):
        services.bid_place(
            order=order, quantity=500, unit_price="15", ready_date=order.delivery_date, by=None
        )
    offer(s, run(s, order))
    allocation = Allocation.unscoped.get(status=AllocationStatus.OFFERED)
    with tenant_context(s.brand), pytest.raises(ValidationError):
        allocating.allocation_answer(allocation=allocation, accept=True, by=None)
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.OFFERED
    answer(allocation, accept=True)
    assert Bid.unscoped.get(order=order).status == BidStatus.ACCEPTED


def test_cancel_is_refused_once_a_factory_accepted() -> None:
    s = scene(factories=1)
    order = new_order(s)
    offer(s, run(s, order))
    answer(Allocation.unscoped.get(status=AllocationStatus.OFFERED), accept=True)
    with tenant_context(s.brand), pytest.raises(ValidationError):
        services.cluster_order_cancel(order=order, by=None)
    order.refresh_from_db()
    assert order.status == ClusterOrderStatus.ALLOCATED
