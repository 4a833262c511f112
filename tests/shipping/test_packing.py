"""Packing services: solid and ratio cartons, numbering, unpacking, and the rule that packed
pieces never exceed what passed end-of-line (nor the order plus its 5 % allowance).

The cut order (tests.cutting.factories.cut_order): 60 ordered of S and of M; cut S 30, M 60.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.shipping import packing
from seamline.shipping.choices import PackType, ShipmentStatus
from seamline.shipping.models import Carton, CartonLine
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Organization
from tests.cutting.factories import CutOrder, cut_order
from tests.shipping.isolation_cases import pass_pieces, shipment


@pytest.fixture
def cut(in_tenant_a: Organization) -> CutOrder:
    made = cut_order()
    small, medium = made.sizes
    pass_pieces(made, small, 20)
    pass_pieces(made, medium, 40)
    return made


def packed(order: Order) -> int:
    return CartonLine.objects.filter(carton__order=order).aggregate(n=Sum("quantity"))["n"] or 0


def solid(cut: CutOrder, size_index: int, per: int, cartons: int, **extra: object) -> list[Carton]:
    return packing.pack_solid(
        order=cut.order,
        style=cut.style,
        colour=cut.colour,
        size=cut.sizes[size_index],
        pieces_per_carton=per,
        cartons=cartons,
        by=None,
        **extra,  # type: ignore[arg-type]
    )


class TestPackSolid:
    def test_cartons_are_numbered_from_one_and_hold_one_size_and_colour(
        self, cut: CutOrder
    ) -> None:
        made = solid(
            cut, 1, 12, 3, gross_kg=packing.Decimal("6.20"), net_kg=packing.Decimal("5.80")
        )
        assert [c.number for c in made] == [1, 2, 3]
        assert {c.pack_type for c in made} == {PackType.SOLID}
        lines = CartonLine.objects.filter(carton__order=cut.order)
        assert [(li.size_id, li.colour_id, li.quantity) for li in lines] == [
            (cut.sizes[1].pk, cut.colour.pk, 12)
        ] * 3
        assert Carton.objects.get(order=cut.order, number=2).gross_kg == packing.Decimal("6.20")
        more = solid(cut, 0, 5, 2)
        assert [c.number for c in more] == [4, 5]

    def test_packing_more_than_passed_is_refused_naming_the_cell(self, cut: CutOrder) -> None:
        solid(cut, 1, 12, 3)  # 36 of the 40 passed M
        with pytest.raises(ValidationError) as refused:
            solid(cut, 1, 12, 1)
        message = " ".join(refused.value.messages)
        assert message == (
            f"M / {cut.colour.name} ({cut.style.code}): 40 passed, 36 packed, 12 more asked."
        )
        assert refused.value.error_dict["cartons"][0].code == packing.PackingError.OVER_PASSED
        assert Carton.objects.filter(order=cut.order).count() == 3
        assert packed(cut.order) == 36

    def test_the_last_pieces_that_passed_may_be_packed(self, cut: CutOrder) -> None:
        solid(cut, 1, 10, 4)
        assert packed(cut.order) == 40

    def test_packing_beyond_order_and_allowance_is_refused(self, in_tenant_a: Organization) -> None:
        made = cut_order(quantity=40)  # ordered 40 of M; 60 cut and passed
        pass_pieces(made, made.sizes[1], 60)
        assert packing.allowed_over(40) == 42
        solid(made, 1, 42, 1)
        with pytest.raises(ValidationError) as refused:
            solid(made, 1, 1, 1)
        assert refused.value.messages == [
            f"M / {made.colour.name} ({made.style.code}): 40 ordered (at most 42 with the "
            "over-shipment allowance), 42 packed, 1 more asked."
        ]
        assert packed(made.order) == 42

    def test_a_size_not_on_the_order_is_refused(self, cut: CutOrder) -> None:
        other_size = cut.style.size_grid.sizes.exclude(pk__in=[s.pk for s in cut.sizes]).first()
        assert other_size is not None
        with pytest.raises(ValidationError, match="is not on this order"):
            packing.pack_solid(
                order=cut.order, style=cut.style, colour=cut.colour, size=other_size,
                pieces_per_carton=1, cartons=1, by=None,
            )  # fmt: skip
        assert not Carton.objects.exists()

    def test_bad_numbers_are_named_by_field(self, cut: CutOrder) -> None:
        with pytest.raises(ValidationError) as refused:
            solid(cut, 1, 5, 0, net_kg=packing.Decimal("9"), gross_kg=packing.Decimal("8"))
        assert set(refused.value.error_dict) == {"cartons", "net_kg"}
        with pytest.raises(ValidationError) as refused:
            solid(cut, 1, 0, 1)
        assert set(refused.value.error_dict) == {"pieces_per_carton"}
        assert not Carton.objects.exists()

    def test_a_cancelled_order_is_not_packed(self, cut: CutOrder) -> None:
        Order.objects.filter(pk=cut.order.pk).update(status=OrderStatus.CANCELLED)
        with pytest.raises(ValidationError, match="Cancelled"):
            solid(cut, 1, 5, 1)

    def test_packing_is_audited(self, cut: CutOrder) -> None:
        solid(cut, 1, 10, 2)
        entry = AuditEntry.objects.get(action="shipping.pack")
        assert entry.object_id == str(cut.order.pk)
        assert entry.data["cartons"] == [1, 2]


class TestPackRatio:
    def test_each_carton_holds_the_ratio_of_sizes(self, cut: CutOrder) -> None:
        small, medium = cut.sizes
        made = packing.pack_ratio(
            order=cut.order, style=cut.style, colour=cut.colour,
            ratio={small: 2, medium: 4}, cartons=5, by=None,
        )  # fmt: skip
        assert [c.number for c in made] == [1, 2, 3, 4, 5]
        assert {c.pack_type for c in made} == {PackType.RATIO}
        first = {li.size_id: li.quantity for li in made[0].lines.all()}
        assert first == {small.pk: 2, medium.pk: 4}
        assert packed(cut.order) == 30

    def test_a_ratio_beyond_one_sizes_passed_pieces_is_refused(self, cut: CutOrder) -> None:
        small, medium = cut.sizes
        with pytest.raises(ValidationError) as refused:
            packing.pack_ratio(
                order=cut.order, style=cut.style, colour=cut.colour,
                ratio={small: 3, medium: 4}, cartons=7, by=None,
            )  # fmt: skip
        assert refused.value.messages == [
            f"S / {cut.colour.name} ({cut.style.code}): 20 passed, 0 packed, 21 more asked."
        ]
        assert not Carton.objects.exists()

    def test_sizes_at_zero_are_left_out_and_an_empty_ratio_is_refused(self, cut: CutOrder) -> None:
        small, medium = cut.sizes
        made = packing.pack_ratio(
            order=cut.order, style=cut.style, colour=cut.colour,
            ratio={small: 0, medium: 5}, cartons=1, by=None,
        )  # fmt: skip
        assert [li.size_id for li in made[0].lines.all()] == [medium.pk]
        with pytest.raises(ValidationError) as refused:
            packing.pack_ratio(
                order=cut.order, style=cut.style, colour=cut.colour,
                ratio={small: 0, medium: 0}, cartons=1, by=None,
            )  # fmt: skip
        assert set(refused.value.error_dict) == {"ratio"}

    def test_the_orders_own_ratio_and_the_cartons_it_allows(self, cut: CutOrder) -> None:
        rows = packing.packing_status(cut.order)
        ratio = packing.order_ratio(rows, cut.style, cut.colour)
        assert {size.code: n for size, n in ratio.items()} == {"S": 1, "M": 1}
        # 20 S and 40 M passed: 20 cartons of S1 M1; 10 of S1 M4.
        assert packing.cartons_possible(rows, cut.style, cut.colour, ratio) == 20
        small, medium = cut.sizes
        assert packing.cartons_possible(rows, cut.style, cut.colour, {small: 1, medium: 4}) == 10


class TestUnpack:
    def test_deleting_a_carton_frees_its_pieces_and_its_number(self, cut: CutOrder) -> None:
        made = solid(cut, 1, 10, 4)
        packing.carton_delete(made[1], by=None)
        assert list(Carton.objects.filter(order=cut.order).values_list("number", flat=True)) == [
            1, 3, 4,
        ]  # fmt: skip
        assert packed(cut.order) == 30
        again = solid(cut, 1, 5, 2)  # the lowest free number first, then after the last
        assert [c.number for c in again] == [2, 5]
        assert AuditEntry.objects.filter(action="shipping.unpack").count() == 1

    @pytest.mark.parametrize("status", [ShipmentStatus.DISPATCHED, ShipmentStatus.DELIVERED])
    def test_a_carton_that_left_the_factory_stays(self, cut: CutOrder, status: str) -> None:
        (carton,) = solid(cut, 1, 10, 1)
        Carton.objects.filter(pk=carton.pk).update(
            shipment=shipment(cut.order.customer, "SH-1", status=status)
        )
        with pytest.raises(ValidationError, match="left the factory on shipment SH-1"):
            packing.carton_delete(carton, by=None)
        assert Carton.objects.filter(pk=carton.pk).exists()

    def test_a_carton_on_a_planned_shipment_may_be_unpacked(self, cut: CutOrder) -> None:
        (carton,) = solid(cut, 1, 10, 1)
        Carton.objects.filter(pk=carton.pk).update(shipment=shipment(cut.order.customer, "SH-2"))
        packing.carton_delete(carton, by=None)
        assert not Carton.objects.exists()


class TestPackingStatus:
    def test_ordered_cut_passed_packed_on_a_shipment_and_shipped_per_cell(
        self, cut: CutOrder
    ) -> None:
        made = solid(cut, 1, 10, 3)
        solid(cut, 0, 5, 1)
        customer = cut.order.customer
        Carton.objects.filter(pk=made[0].pk).update(shipment=shipment(customer, "A"))
        Carton.objects.filter(pk=made[1].pk).update(
            shipment=shipment(customer, "B", status=ShipmentStatus.DISPATCHED)
        )
        rows = packing.packing_status(cut.order)
        got = [
            (
                r.size.code,
                r.ordered,
                r.cut,
                r.passed,
                r.packed,
                r.on_shipment,
                r.shipped,
                r.packable,
            )
            for r in rows
        ]
        assert got == [
            ("S", 60, 30, 20, 5, 0, 0, 15),
            ("M", 60, 60, 40, 30, 20, 10, 10),
        ]
        totals = packing.packing_totals(rows)
        assert (totals.ordered, totals.passed, totals.packed, totals.shipped) == (120, 60, 35, 10)


def test_carton_numbers_reads_ranges() -> None:
    assert packing.carton_numbers("1-3, 7") == {1, 2, 3, 7}
    assert packing.carton_numbers("3-1") is None
    assert packing.carton_numbers("a") is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has one writer: two packers can never be inside a transaction together",
)
def test_two_packers_at_once_never_exceed_passed_nor_share_a_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both ask for 30 of the 40 passed M at the same moment; each lingers between its check
    and its write. The order row lock makes the second wait, then see the first's cartons."""
    tenant = Organization.objects.create(kind="factory", name="Race", slug="race-pack")
    with tenant_context(tenant):
        cut = cut_order()
        pass_pieces(cut, cut.sizes[1], 40)
    real_free_numbers = packing._free_numbers

    def slow_free_numbers(order: Order, count: int) -> list[int]:
        time.sleep(0.3)
        return real_free_numbers(order, count)

    monkeypatch.setattr(packing, "_free_numbers", slow_free_numbers)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def packer() -> None:
        try:
            with tenant_context(tenant):
                barrier.wait(timeout=10)
                try:
                    made = solid(cut, 1, 10, 3)
                    results.append(f"packed {[c.number for c in made]}")
                except ValidationError as exc:
                    results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=packer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == sorted(
        [
            "packed [1, 2, 3]",
            f"M / {cut.colour.name} ({cut.style.code}): 40 passed, 30 packed, 30 more asked.",
        ]
    )
    with tenant_context(tenant):
        assert packed(cut.order) == 30
