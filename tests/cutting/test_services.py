"""Cut plans, lays and cutting into bundles, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from seamline.cutting import services
from seamline.cutting.choices import LayStatus, TicketFormat
from seamline.cutting.models import Bundle, CutPlan, Lay, LayRatio, TicketPrint
from seamline.orders.choices import OrderStatus
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Organization
from tests.catalog.factories import ColourFactory, SizeGridFactory
from tests.cutting.factories import cut_order, order_to_cut

pytestmark = pytest.mark.usefixtures("in_tenant_a")


@pytest.mark.parametrize(
    ("plies", "bundle_size", "runs"),
    [
        (50, 20, [(1, 20), (21, 40), (41, 50)]),
        (40, 20, [(1, 20), (21, 40)]),
        (5, 20, [(1, 5)]),
        (1, 1, [(1, 1)]),
    ],
)
def test_bundle_ply_runs_split_plies_into_bundles(
    plies: int, bundle_size: int, runs: list[tuple[int, int]]
) -> None:
    assert services.bundle_ply_runs(plies, bundle_size) == runs


def test_cutting_a_lay_ties_each_size_copy_into_bundles_of_consecutive_plies() -> None:
    cut = cut_order(plies=30, ratios=(1, 2), bundle_size=20)
    s, m = cut.sizes
    got = [(b.number, b.size_id, b.quantity, b.ply_from, b.ply_to) for b in cut.bundles]
    assert got == [
        (1, s.pk, 20, 1, 20),
        (2, s.pk, 10, 21, 30),
        (3, m.pk, 20, 1, 20),
        (4, m.pk, 10, 21, 30),
        (5, m.pk, 20, 1, 20),
        (6, m.pk, 10, 21, 30),
    ]
    cut.lay.refresh_from_db()
    assert cut.lay.status == LayStatus.CUT
    assert cut.lay.cut_at is not None
    assert {b.order_id for b in cut.bundles} == {cut.order.pk}
    assert AuditEntry.objects.filter(action="lay.cut", object_id=str(cut.lay.pk)).count() == 1


def test_bundle_numbers_continue_across_lays_and_plans_of_the_factory() -> None:
    first = cut_order()
    second_lay = services.lay_add(
        cut_plan=first.plan, colour=first.colour, plies=10, ratios={first.sizes[0]: 1}, by=None
    )
    more = services.lay_cut(lay=second_lay, by=None)
    other_plan = cut_order()
    assert [b.number for b in first.bundles] == [1, 2, 3, 4, 5, 6]
    assert [b.number for b in more] == [7]
    assert [b.number for b in other_plan.bundles] == [8, 9, 10, 11, 12, 13]


def test_bundle_numbers_are_per_factory(tenant_b: Organization) -> None:
    cut_order()
    with tenant_context(tenant_b):
        other = cut_order()
    assert [b.number for b in other.bundles] == [1, 2, 3, 4, 5, 6]


def test_cutting_a_lay_twice_is_refused_and_makes_no_bundles() -> None:
    cut = cut_order()
    with pytest.raises(ValidationError, match="already cut"):
        services.lay_cut(lay=cut.lay, by=None)
    assert Bundle.objects.count() == 6


def test_a_cut_lay_can_be_neither_edited_nor_deleted() -> None:
    cut = cut_order(plies=30)
    with pytest.raises(ValidationError, match="already cut"):
        services.lay_update(
            lay=cut.lay, by=None, colour=cut.colour, plies=10, ratios={cut.sizes[0]: 1}
        )
    with pytest.raises(ValidationError, match="already cut"):
        services.lay_delete(lay=cut.lay, by=None)
    cut.lay.refresh_from_db()
    assert cut.lay.plies == 30
    assert LayRatio.objects.filter(lay=cut.lay).count() == 2


def test_a_lay_of_a_colour_not_on_the_order_is_refused() -> None:
    made = order_to_cut()
    plan = services.cut_plan_create(order=made.order, style=made.style, by=None)
    with pytest.raises(ValidationError) as caught:
        services.lay_add(
            cut_plan=plan, colour=ColourFactory(), plies=10, ratios={made.sizes[0]: 1}, by=None
        )
    assert "colour" in caught.value.error_dict
    assert Lay.objects.count() == 0


def test_a_size_of_another_grid_is_refused() -> None:
    made = order_to_cut()
    plan = services.cut_plan_create(order=made.order, style=made.style, by=None)
    stranger = SizeGridFactory(sizes=["XS"]).sizes.get()
    with pytest.raises(ValidationError) as caught:
        services.lay_add(
            cut_plan=plan, colour=made.colours[0], plies=10, ratios={stranger: 1}, by=None
        )
    assert "ratios" in caught.value.error_dict
    assert Lay.objects.count() == 0


def test_plies_out_of_range_and_empty_marker_name_their_fields() -> None:
    made = order_to_cut()
    plan = services.cut_plan_create(order=made.order, style=made.style, by=None)
    with pytest.raises(ValidationError) as caught:
        services.lay_add(cut_plan=plan, colour=made.colours[0], plies=0, ratios={}, by=None)
    assert set(caught.value.error_dict) == {"plies", "ratios"}


def test_a_draft_order_cannot_be_planned_and_a_plan_is_made_once() -> None:
    draft = order_to_cut(status=OrderStatus.DRAFT)
    with pytest.raises(ValidationError) as caught:
        services.cut_plan_create(order=draft.order, style=draft.style, by=None)
    assert "order" in caught.value.error_dict
    made = order_to_cut()
    services.cut_plan_create(order=made.order, style=made.style, by=None)
    with pytest.raises(ValidationError, match="already has a cut plan"):
        services.cut_plan_create(order=made.order, style=made.style, by=None)
    assert CutPlan.objects.count() == 1


def test_a_cancelled_order_is_not_cut() -> None:
    made = order_to_cut()
    plan = services.cut_plan_create(order=made.order, style=made.style, by=None)
    lay = services.lay_add(
        cut_plan=plan, colour=made.colours[0], plies=10, ratios={made.sizes[0]: 1}, by=None
    )
    type(made.order).objects.filter(pk=made.order.pk).update(status=OrderStatus.CANCELLED)
    with pytest.raises(ValidationError):
        services.lay_cut(lay=lay, by=None)
    assert Bundle.objects.count() == 0


def test_bundle_size_is_fixed_once_a_lay_is_cut() -> None:
    cut = cut_order(bundle_size=20)
    with pytest.raises(ValidationError) as caught:
        services.cut_plan_update(cut_plan=cut.plan, by=None, bundle_size=10)
    assert "bundle_size" in caught.value.error_dict
    cut.plan.refresh_from_db()
    assert cut.plan.bundle_size == 20


def test_suggested_lays_are_added_all_or_none() -> None:
    made = order_to_cut()
    plan = services.cut_plan_create(order=made.order, style=made.style, by=None)
    s, m, _l = made.sizes
    with pytest.raises(ValidationError):
        services.lays_add(
            cut_plan=plan,
            colour=made.colours[0],
            lays=[({s: 1, m: 1}, 30), ({s: 1}, 0)],
            by=None,
        )
    assert Lay.objects.count() == 0
    lays = services.lays_add(
        cut_plan=plan, colour=made.colours[0], lays=[({s: 1, m: 0}, 30), ({m: 2}, 15)], by=None
    )
    assert [(lay.number, lay.plies) for lay in lays] == [(1, 30), (2, 15)]
    assert {(r.lay.number, r.size_id, r.ratio) for r in LayRatio.objects.all()} == {
        (1, s.pk, 1),
        (2, m.pk, 2),
    }


def test_each_ticket_print_is_a_new_copy_and_only_cut_lays_print() -> None:
    cut = cut_order()
    first = services.ticket_print_record(lay=cut.lay, format=TicketFormat.A4, by=None)
    second = services.ticket_print_record(lay=cut.lay, format=TicketFormat.THERMAL, by=None)
    assert (first.copy, second.copy, second.format) == (1, 2, TicketFormat.THERMAL)
    planned = services.lay_add(
        cut_plan=cut.plan, colour=cut.colour, plies=5, ratios={cut.sizes[0]: 1}, by=None
    )
    with pytest.raises(ValidationError, match="not cut yet"):
        services.ticket_print_record(lay=planned, format=TicketFormat.A4, by=None)
    with pytest.raises(ValidationError):
        services.ticket_print_record(lay=cut.lay, format="poster", by=None)
    assert TicketPrint.objects.count() == 2
    assert AuditEntry.objects.filter(action="lay.tickets_print").count() == 2
