"""Settlement: a delivery posts one balanced transaction split by the order's rules, to the
cent; retries post nothing again; payments clear the member accounts."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from seamline.cluster import settlement
from seamline.cluster.choices import AccountKind, AllocationStatus, TransactionKind
from seamline.cluster.models import Delivery, LedgerAccount, LedgerEntry, LedgerTransaction
from seamline.cluster.settlement import delivery_record, payment_record, split_of
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cluster.factories import BrandFactory, OperatorFactory
from tests.cluster.isolation_ledger import ClusterWorld, cluster_world

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def world() -> ClusterWorld:
    # Brand price 30.00, factory price 18.00, commission 5 %, channel fee 2 %,
    # 20.00 deducted per defective garment; 500 garments allocated to the factory.
    return cluster_world(OperatorFactory())


def entries_of(posting: LedgerTransaction) -> dict[tuple[str, int | None], tuple[str, str]]:
    """(account kind, organization id) -> (debit, credit) as strings."""
    return {
        (e.account.kind, e.account.organization_id): (str(e.debit), str(e.credit))
        for e in LedgerEntry.unscoped.filter(transaction=posting).select_related("account")
    }


def deliver(world: ClusterWorld, quantity: int, defective: int = 0, **extra: object) -> Delivery:
    fields: dict[str, object] = {
        "allocation": world.allocation,
        "quantity": quantity,
        "defective": defective,
        "delivered_on": DAY,
        "reference": "SH-2026-001",
        "client_id": uuid.uuid4(),
        "by": None,
    } | extra
    return delivery_record(**fields)  # type: ignore[arg-type]


def test_a_delivery_is_split_by_the_rules_to_the_cent(world: ClusterWorld) -> None:
    # 100 garments, 2 defective: gross 3,000.00; deduction 40.00; the brand owes 2,960.00;
    # the factory is owed 1,800.00 - 40.00 = 1,760.00; commission 150.00; channel 60.00;
    # the operator keeps 2,960.00 - 1,760.00 - 150.00 - 60.00 = 990.00.
    delivery = deliver(world, 100, defective=2)

    posting = LedgerTransaction.unscoped.get(delivery=delivery)
    assert posting.kind == TransactionKind.DELIVERY
    assert posting.tenant_id == world.operator.pk
    assert posting.posted_on == DAY
    assert entries_of(posting) == {
        (AccountKind.BRAND_RECEIVABLE, world.brand.pk): ("2960.00", "0.00"),
        (AccountKind.FACTORY_PAYABLE, world.factory.pk): ("0.00", "1760.00"),
        (AccountKind.COMMISSION, None): ("0.00", "150.00"),
        (AccountKind.CHANNEL_FEES, None): ("0.00", "60.00"),
        (AccountKind.OPERATOR_MARGIN, None): ("0.00", "990.00"),
    }
    assert delivery.settled_at is not None
    assert "SH-2026-001" in posting.memo
    assert world.order.number in posting.memo


def test_amounts_round_half_up_to_the_cent() -> None:
    split = split_of(
        quantity=7,
        defective=1,
        target_price=Decimal("12.3456"),  # 86.4192 -> 86.42
        unit_price=Decimal("7.1234"),  # 49.8638 -> 49.86
        defect_deduction=Decimal("2.5055"),  # 2.5055 -> 2.51
        commission_pct=Decimal("3.33"),  # 2.877786 -> 2.88
        channel_fee_pct=Decimal("1.25"),  # 1.08025 -> 1.08
    )
    assert split.as_json() == {
        "gross": "86.42",
        "deduction": "2.51",
        "brand_due": "83.91",
        "factory_due": "47.35",
        "commission": "2.88",
        "channel": "1.08",
        "margin": "32.60",
    }


def test_a_loss_is_debited_to_the_operator_margin_and_zero_amounts_are_left_out() -> None:
    world = cluster_world(
        OperatorFactory(),
        target_price=Decimal("20.0000"),
        commission_pct=Decimal("0"),
        channel_fee_pct=Decimal("0"),
    )
    # Factory price 18.00, brand price 20.00 with no commission or fee: margin 2.00 each.
    world.allocation.unit_price = Decimal("21.0000")
    with tenant_context(world.operator):
        world.allocation.save(update_fields=["unit_price"])

    posting = LedgerTransaction.unscoped.get(delivery=deliver(world, 10))

    assert entries_of(posting) == {
        (AccountKind.BRAND_RECEIVABLE, world.brand.pk): ("200.00", "0.00"),
        (AccountKind.FACTORY_PAYABLE, world.factory.pk): ("0.00", "210.00"),
        (AccountKind.OPERATOR_MARGIN, None): ("10.00", "0.00"),
    }


def test_accounts_are_made_once_per_cluster_and_member(world: ClusterWorld) -> None:
    deliver(world, 10)
    deliver(world, 20)
    assert LedgerAccount.unscoped.filter(cluster=world.cluster).count() == 5
    assert LedgerTransaction.unscoped.filter(cluster=world.cluster).count() == 2


def test_a_retry_returns_the_first_delivery_and_posts_nothing_again(world: ClusterWorld) -> None:
    client_id = uuid.uuid4()
    first = deliver(world, 100, defective=2, client_id=client_id)
    again = deliver(world, 100, defective=2, client_id=str(client_id))

    assert again.pk == first.pk
    assert Delivery.unscoped.filter(allocation=world.allocation).count() == 1
    assert LedgerTransaction.unscoped.filter(cluster=world.cluster).count() == 1


def test_the_same_id_with_other_figures_is_refused(world: ClusterWorld) -> None:
    client_id = uuid.uuid4()
    deliver(world, 100, client_id=client_id)

    with pytest.raises(ValidationError) as refused:
        deliver(world, 120, client_id=client_id)

    assert "client_id" in refused.value.message_dict
    assert LedgerTransaction.unscoped.filter(cluster=world.cluster).count() == 1


def test_no_more_than_the_allocation_is_delivered(world: ClusterWorld) -> None:
    deliver(world, 450)
    with pytest.raises(ValidationError) as refused:
        deliver(world, 51)
    assert refused.value.message_dict == {
        "quantity": ["Only 50 garments of this allocation are still to be delivered."]
    }
    deliver(world, 50)
    assert Delivery.unscoped.filter(allocation=world.allocation).count() == 2


@pytest.mark.parametrize(
    ("quantity", "defective", "field"),
    [(0, 0, "quantity"), (10, 11, "defective"), (10, -1, "defective")],
)
def test_bad_figures_are_refused_naming_the_field(
    world: ClusterWorld, quantity: int, defective: int, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        deliver(world, quantity, defective=defective)
    assert list(refused.value.message_dict) == [field]
    assert not Delivery.unscoped.filter(allocation=world.allocation).exists()
    assert not LedgerTransaction.unscoped.filter(cluster=world.cluster).exists()


def test_only_an_accepted_allocation_is_delivered(world: ClusterWorld) -> None:
    world.allocation.status = AllocationStatus.OFFERED
    with tenant_context(world.operator):
        world.allocation.save(update_fields=["status"])
    with pytest.raises(ValidationError) as refused:
        deliver(world, 10)
    assert list(refused.value.message_dict) == ["allocation"]
    assert not Delivery.unscoped.filter(allocation=world.allocation).exists()


def test_a_delivery_can_be_recorded_with_any_party_active(world: ClusterWorld) -> None:
    # The brand's request: the rows are still written in the operator's books.
    with tenant_context(world.brand):
        delivery = deliver(world, 10)
    assert delivery.tenant_id == world.operator.pk


def pay(
    world: ClusterWorld, kind: str, who: Organization, amount: str, **extra: object
) -> LedgerTransaction:
    fields: dict[str, object] = {
        "cluster": world.cluster,
        "kind": kind,
        "organization": who,
        "amount": Decimal(amount),
        "paid_on": DAY,
        "client_id": uuid.uuid4(),
        "memo": "",
        "by": None,
    } | extra
    return payment_record(**fields)  # type: ignore[arg-type]


def test_payments_clear_the_member_accounts_against_cash(world: ClusterWorld) -> None:
    brand_in = pay(world, TransactionKind.BRAND_PAYMENT, world.brand, "2960.00")
    factory_out = pay(world, TransactionKind.FACTORY_PAYMENT, world.factory, "1760.00")

    assert entries_of(brand_in) == {
        (AccountKind.CASH, None): ("2960.00", "0.00"),
        (AccountKind.BRAND_RECEIVABLE, world.brand.pk): ("0.00", "2960.00"),
    }
    assert entries_of(factory_out) == {
        (AccountKind.FACTORY_PAYABLE, world.factory.pk): ("1760.00", "0.00"),
        (AccountKind.CASH, None): ("0.00", "1760.00"),
    }
    assert brand_in.memo == f"Payment from {world.brand.name}"


def test_a_payment_retry_posts_once_and_a_reused_id_is_refused(world: ClusterWorld) -> None:
    client_id = uuid.uuid4()
    first = pay(world, TransactionKind.BRAND_PAYMENT, world.brand, "100.00", client_id=client_id)
    again = pay(world, TransactionKind.BRAND_PAYMENT, world.brand, "100.00", client_id=client_id)
    assert again.pk == first.pk
    with pytest.raises(ValidationError) as refused:
        pay(world, TransactionKind.BRAND_PAYMENT, world.brand, "90.00", client_id=client_id)
    assert list(refused.value.message_dict) == ["client_id"]
    assert LedgerTransaction.unscoped.filter(cluster=world.cluster).count() == 1


@pytest.mark.parametrize(
    ("kind", "amount", "field"),
    [
        (TransactionKind.DELIVERY, "10.00", "kind"),
        (TransactionKind.BRAND_PAYMENT, "0", "amount"),
        (TransactionKind.BRAND_PAYMENT, "-5.00", "amount"),
        (TransactionKind.BRAND_PAYMENT, "1.005", "amount"),
    ],
)
def test_bad_payments_are_refused_naming_the_field(
    world: ClusterWorld, kind: str, amount: str, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        pay(world, kind, world.brand, amount)
    assert list(refused.value.message_dict) == [field]
    assert not LedgerTransaction.unscoped.filter(cluster=world.cluster).exists()


def test_a_payment_names_a_member_in_the_right_role(world: ClusterWorld) -> None:
    stranger = BrandFactory()
    with pytest.raises(ValidationError) as refused:
        pay(world, TransactionKind.BRAND_PAYMENT, stranger, "10.00")
    assert list(refused.value.message_dict) == ["organization"]
    with pytest.raises(ValidationError):
        pay(world, TransactionKind.BRAND_PAYMENT, world.factory, "10.00")  # a factory
    assert not LedgerTransaction.unscoped.filter(cluster=world.cluster).exists()


# --- two requests at once ------------------------------------------------------------------


ONE_WRITER = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has one writer: two requests are never inside a transaction together",
)


def _race(monkeypatch: pytest.MonkeyPatch, *calls: Callable[[], Delivery]) -> list[str]:
    """Run `calls` at the same moment, each lingering between its checks and its writes."""
    real_check = settlement._check_delivery

    def slow_check(*args: Any) -> None:
        real_check(*args)
        time.sleep(0.3)

    monkeypatch.setattr(settlement, "_check_delivery", slow_check)
    barrier = threading.Barrier(len(calls))
    results: list[str] = []

    def run(call: Callable[[], Delivery]) -> None:
        try:
            barrier.wait(timeout=10)
            try:
                results.append(f"delivery {call().pk}")
            except ValidationError as exc:
                results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
@ONE_WRITER
def test_a_retry_racing_the_first_request_posts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    world = cluster_world(OperatorFactory())
    client_id = uuid.uuid4()

    results = _race(
        monkeypatch,
        lambda: deliver(world, 100, client_id=client_id),
        lambda: deliver(world, 100, client_id=client_id),
    )

    (delivery,) = Delivery.unscoped.filter(allocation=world.allocation)
    assert results == [f"delivery {delivery.pk}"] * 2
    assert LedgerTransaction.unscoped.filter(cluster=world.cluster).count() == 1


@pytest.mark.django_db(transaction=True)
@ONE_WRITER
def test_two_deliveries_at_once_never_overrun_the_allocation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = cluster_world(OperatorFactory())

    results = _race(monkeypatch, lambda: deliver(world, 300), lambda: deliver(world, 300))

    (delivery,) = Delivery.unscoped.filter(allocation=world.allocation)
    assert sorted(results) == sorted(
        [
            f"delivery {delivery.pk}",
            "Only 200 garments of this allocation are still to be delivered.",
        ]
    )


def test_a_person_of_a_factory_cannot_settle_even_by_calling_the_service(
    world: ClusterWorld, member: Callable[..., Any]
) -> None:
    from django.core.exceptions import PermissionDenied

    person = member(world.factory)
    with tenant_context(world.factory), pytest.raises(PermissionDenied):
        deliver(world, 10, by=person)
    with tenant_context(world.brand), pytest.raises(PermissionDenied):
        pay(world, TransactionKind.BRAND_PAYMENT, world.brand, "10.00", by=member(world.brand))
    assert not Delivery.unscoped.filter(allocation=world.allocation).exists()
    assert not LedgerTransaction.unscoped.filter(cluster=world.cluster).exists()
