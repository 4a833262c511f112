"""Property tests of the ledger: for random prices, percentages, deliveries and payments,
every transaction balances to the cent, the trial balance totals are equal, and each
statement line traces back to its delivery.

Each example builds its own cluster inside a savepoint that is rolled back afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seamline.cluster.choices import AccountKind, TransactionKind
from seamline.cluster.ledger import statement, trial_balance
from seamline.cluster.models import Delivery, LedgerEntry, LedgerTransaction
from seamline.cluster.settlement import cents, delivery_record, payment_record, split_of
from seamline.tenancy.context import tenant_context
from tests.cluster.factories import AllocationFactory, ClusterMemberFactory, OperatorFactory
from tests.cluster.isolation_ledger import cluster_world
from tests.tenancy.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

prices = st.decimals(min_value=0, max_value=500, places=4, allow_nan=False, allow_infinity=False)
percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
DAY = dt.date(2026, 11, 2)


@contextmanager
def rolled_back() -> Iterator[None]:
    sid = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(sid)


@given(
    quantity=st.integers(1, 100_000),
    defective_share=st.floats(0, 1),
    target=prices,
    unit=prices,
    deduction=prices,
    commission=percents,
    channel=percents,
)
@settings(max_examples=300, deadline=None)
def test_every_split_balances_to_the_cent(
    quantity: int,
    defective_share: float,
    target: Decimal,
    unit: Decimal,
    deduction: Decimal,
    commission: Decimal,
    channel: Decimal,
) -> None:
    split = split_of(
        quantity=quantity,
        defective=int(quantity * defective_share),
        target_price=target,
        unit_price=unit,
        defect_deduction=deduction,
        commission_pct=commission,
        channel_fee_pct=channel,
    )
    figures = [split.gross, split.deduction, split.factory_due, split.commission, split.channel]
    assert all(f == f.quantize(Decimal("0.01")) for f in [*figures, split.margin])
    assert split.brand_due == split.factory_due + split.commission + split.channel + split.margin


deliveries = st.lists(
    st.tuples(st.integers(0, 1), st.integers(1, 400), st.integers(0, 400)),  # factory, qty, bad
    min_size=1,
    max_size=6,
)
payments = st.lists(
    st.tuples(st.booleans(), st.integers(0, 1), st.integers(1, 900_000)),  # brand?, who, cents
    max_size=4,
)


@given(
    target=prices,
    units=st.tuples(prices, prices),
    deduction=prices,
    commission=percents,
    channel=percents,
    made=deliveries,
    paid=payments,
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_random_deliveries_and_payments_keep_the_books_balanced(
    db: None,
    target: Decimal,
    units: tuple[Decimal, Decimal],
    deduction: Decimal,
    commission: Decimal,
    channel: Decimal,
    made: list[tuple[int, int, int]],
    paid: list[tuple[bool, int, int]],
) -> None:
    with rolled_back():
        operator = OperatorFactory()
        world = cluster_world(
            operator,
            target_price=target,
            defect_deduction=deduction,
            commission_pct=commission,
            channel_fee_pct=channel,
        )
        second = OrganizationFactory()
        with tenant_context(operator):
            ClusterMemberFactory(cluster=world.cluster, organization=second)
            world.allocation.unit_price = units[0]
            world.allocation.save(update_fields=["unit_price"])
            other = AllocationFactory(order=world.order, factory=second, unit_price=units[1])
        allocations = [world.allocation, other]
        factories = [world.factory, second]

        for n, (which, quantity, bad) in enumerate(made):
            # Beyond the allocation: refused, nothing written.
            with contextlib.suppress(ValidationError):
                delivery_record(
                    allocation=allocations[which],
                    quantity=quantity,
                    defective=min(bad, quantity),
                    delivered_on=DAY + dt.timedelta(days=n),
                    reference=f"SH-{n}",
                    client_id=uuid.uuid4(),
                    by=None,
                )
        for brand, who, paid_cents in paid:
            payment_record(
                cluster=world.cluster,
                kind=TransactionKind.BRAND_PAYMENT if brand else TransactionKind.FACTORY_PAYMENT,
                organization=world.brand if brand else factories[who],
                amount=Decimal(paid_cents) / 100,
                paid_on=DAY,
                client_id=uuid.uuid4(),
                memo="",
                by=None,
            )

        for posting in LedgerTransaction.unscoped.filter(cluster=world.cluster):
            sums = LedgerEntry.unscoped.filter(transaction=posting).aggregate(
                d=Sum("debit"), c=Sum("credit")
            )
            assert sums["d"] == sums["c"], posting.memo

        trial = trial_balance(world.cluster)
        assert trial.total_debit == trial.total_credit
        assert trial.balanced

        # Every delivery is on the brand's statement, traced to its order and allocation,
        # and the statement's closing balance is the trial balance's for that account.
        lines = statement(world.cluster, world.brand).lines
        delivered = Delivery.unscoped.filter(allocation__order=world.order)
        traced = {line.delivery for line in lines if line.kind == TransactionKind.DELIVERY}
        owed = {
            d.client_id
            for d in delivered
            if cents(d.quantity * target) != cents(d.defective * deduction)
        }
        assert owed <= traced
        for line in lines:
            if line.delivery is not None:
                assert line.cluster_order == world.order.number
                assert line.allocation in {a.ref for a in allocations}
        brand_row = [
            r
            for r in trial.rows
            if r.account.kind == AccountKind.BRAND_RECEIVABLE
            and r.account.organization_id == world.brand.pk
        ]
        closing = statement(world.cluster, world.brand).balance
        assert closing == (brand_row[0].balance if brand_row else Decimal("0"))
