"""Ledger pages: the operator's journal, trial balance and payments; each member's own
statement; deliveries recorded by the brand or the operator. What a party may not see is
a 404."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.cluster.choices import MemberRole, TransactionKind
from seamline.cluster.models import Delivery, LedgerTransaction
from seamline.tenancy.choices import OrganizationKind, Role
from seamline.tenancy.models import Organization
from seamline.webhooks import services as webhooks
from tests.cluster.factories import (
    AllocationFactory,
    BrandFactory,
    ClusterMemberFactory,
    OperatorFactory,
)
from tests.cluster.isolation_ledger import ClusterWorld, cluster_world, settle
from tests.tenancy.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

As = Callable[..., Client]


@pytest.fixture(autouse=True)
def _no_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webhooks, "send_in_background", lambda ids: None)


@pytest.fixture
def world() -> ClusterWorld:
    """A settled delivery of 100 garments (2 defective) from the factory: the brand owes
    2,960.00, the factory is owed 1,760.00."""
    made = cluster_world(OperatorFactory(name="Pearl River Cluster Ops"))
    settle(made, 100, defective=2, reference="SH-100")
    return made


@pytest.fixture
def other_factory(world: ClusterWorld) -> Organization:
    """A second factory of the cluster with a settled delivery of its own."""
    from seamline.tenancy.context import tenant_context

    second = OrganizationFactory(kind=OrganizationKind.FACTORY, name="Second Stitch Ltd")
    with tenant_context(world.operator):
        ClusterMemberFactory(cluster=world.cluster, organization=second, role=MemberRole.FACTORY)
        allocation = AllocationFactory(order=world.order, factory=second, unit_price="17.5000")
    settle(
        ClusterWorld(world.operator, world.cluster, world.brand, second, world.order, allocation),
        40,
        reference="SH-SECOND",
    )
    return second


def url(name: str, world: ClusterWorld, **query: Any) -> str:
    pk = world.allocation.pk if name == "cluster:delivery_record" else world.cluster.pk
    path = reverse(name, kwargs={"pk": pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_operator_sees_journal_and_a_balanced_trial_balance(
    world: ClusterWorld, client_as: As
) -> None:
    page = client_as(world.operator).get(url("cluster:ledger", world))

    assert page.status_code == 200
    text = page.text
    assert "Trial balance" in text
    assert f"Receivable from brand: {world.brand.name}" in text
    assert f"Payable to factory: {world.factory.name}" in text
    assert "2960.00" in text
    assert "1760.00" in text
    assert "990.00" in text
    assert "Balanced" in text
    assert "SH-100" in text  # the journal names the delivery
    assert reverse("cluster:payment_record", kwargs={"pk": world.cluster.pk}) in text


@pytest.mark.parametrize("who", ["brand", "factory"])
def test_members_have_no_ledger_page(world: ClusterWorld, client_as: As, who: str) -> None:
    client = client_as(getattr(world, who))
    assert client.get(url("cluster:ledger", world)).status_code == 404
    response = client.post(
        url("cluster:payment_record", world),
        {"kind": TransactionKind.BRAND_PAYMENT, "organization": world.brand.pk, "amount": "5"},
    )
    assert response.status_code == 404
    assert LedgerTransaction.unscoped.filter(cluster=world.cluster).count() == 1


def test_the_operator_records_a_payment(world: ClusterWorld, client_as: As) -> None:
    client = client_as(world.operator)
    form = {
        "kind": TransactionKind.BRAND_PAYMENT,
        "organization": world.brand.pk,
        "amount": "2960.00",
        "paid_on": "2026-11-28",
        "memo": "Wire 8812",
        "client_id": str(uuid.uuid4()),
    }
    response = client.post(url("cluster:payment_record", world), form)
    client.post(url("cluster:payment_record", world), form)  # sent twice: recorded once

    assert response.status_code == 302
    assert LedgerTransaction.unscoped.filter(kind=TransactionKind.BRAND_PAYMENT).count() == 1
    statement = client.get(url("cluster:statement", world, member=world.brand.pk)).text
    assert "Wire 8812" in statement
    assert "0.00 CNY" in statement  # the brand owes nothing any more


def test_a_bad_payment_shows_the_form_again_naming_the_field(
    world: ClusterWorld, client_as: As
) -> None:
    stranger = BrandFactory(name="Not A Member Brand")
    response = client_as(world.operator).post(
        url("cluster:payment_record", world),
        {
            "kind": TransactionKind.BRAND_PAYMENT,
            "organization": stranger.pk,
            "amount": "10.00",
            "paid_on": "2026-11-28",
            "client_id": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 422
    assert "Select a valid choice" in response.text
    assert LedgerTransaction.unscoped.filter(cluster=world.cluster).count() == 1


def test_a_member_sees_its_own_statement_traced_to_deliveries(
    world: ClusterWorld, other_factory: Organization, client_as: As
) -> None:
    page = client_as(world.factory).get(url("cluster:statement", world))

    assert page.status_code == 200
    text = page.text
    assert f"Statement of {world.factory.name}" in text
    assert "1760.00" in text
    assert world.order.number in text
    assert "SH-100" in text
    assert "100 garments, 2 defective" in text
    assert "SH-SECOND" not in text  # the other factory's delivery
    assert "700.00" not in text  # the other factory's amount (40 x 17.50)
    assert "2960.00" not in text  # what the brand owes


def test_a_factory_never_sees_another_factorys_statement(
    world: ClusterWorld, other_factory: Organization, client_as: As
) -> None:
    client = client_as(world.factory)
    response = client.get(url("cluster:statement", world, member=other_factory.pk))
    assert response.status_code == 404


def test_a_brand_sees_its_own_and_not_another_brands(world: ClusterWorld, client_as: As) -> None:
    page = client_as(world.brand).get(url("cluster:statement", world))
    assert "2960.00" in page.text
    assert "1760.00" not in page.text
    outsider = BrandFactory()
    assert client_as(outsider).get(url("cluster:statement", world)).status_code == 404


def test_the_operator_chooses_a_member(
    world: ClusterWorld, other_factory: Organization, client_as: As
) -> None:
    client = client_as(world.operator)
    page = client.get(url("cluster:statement", world, member=other_factory.pk))
    assert "SH-SECOND" in page.text
    assert "700.00" in page.text
    own = client.get(url("cluster:statement", world))
    assert "Operator commission" in own.text  # its own accounts
    stranger = OrganizationFactory()
    assert client.get(url("cluster:statement", world, member=stranger.pk)).status_code == 404


def deliver_form(world: ClusterWorld, **extra: object) -> dict[str, object]:
    prefix = f"a{world.allocation.pk}-"
    data = {
        "quantity": 50,
        "defective": 1,
        "delivered_on": "2026-11-27",
        "reference": "SH-200",
        "client_id": str(uuid.uuid4()),
    } | extra
    return {prefix + k: v for k, v in data.items()} | {"next": "/cluster/"}


@pytest.mark.parametrize("who", ["brand", "operator"])
def test_the_brand_or_operator_records_a_delivery(
    world: ClusterWorld, client_as: As, who: str
) -> None:
    client = client_as(getattr(world, who))
    form = deliver_form(world)
    response = client.post(url("cluster:delivery_record", world), form)
    client.post(url("cluster:delivery_record", world), form)  # a double click

    assert response.status_code == 302
    assert response["Location"] == "/cluster/"
    delivery = Delivery.unscoped.get(reference="SH-200")
    assert (delivery.quantity, delivery.defective, delivery.delivered_on) == (
        50,
        1,
        dt.date(2026, 11, 27),
    )
    assert LedgerTransaction.unscoped.filter(delivery=delivery).count() == 1


def test_a_delivery_beyond_the_allocation_is_explained(world: ClusterWorld, client_as: As) -> None:
    client = client_as(world.brand)
    response = client.post(
        url("cluster:delivery_record", world), deliver_form(world, quantity=401), follow=True
    )
    assert "Only 400 garments of this allocation are still to be delivered." in response.text
    assert Delivery.unscoped.filter(allocation=world.allocation).count() == 1


def test_a_factory_may_not_record_a_delivery(world: ClusterWorld, client_as: As) -> None:
    response = client_as(world.factory).post(
        url("cluster:delivery_record", world), deliver_form(world)
    )
    assert response.status_code == 403
    assert Delivery.unscoped.filter(allocation=world.allocation).count() == 1


def test_a_viewer_role_may_not_record(world: ClusterWorld, client_as: As) -> None:
    # A brand buyer may; a role without CLUSTER_MANAGE (a worker of the operator) may not.
    response = client_as(world.operator, Role.WORKER).post(
        url("cluster:delivery_record", world), deliver_form(world)
    )
    assert response.status_code == 403
    assert Delivery.unscoped.filter(allocation=world.allocation).count() == 1


def test_the_journal_page_costs_few_queries(
    world: ClusterWorld, client_as: As, django_assert_max_num_queries: Callable[..., Any]
) -> None:
    for n in range(5):
        settle(world, 10, reference=f"SH-Q{n}")
    client = client_as(world.operator)
    with django_assert_max_num_queries(20):
        assert client.get(url("cluster:ledger", world)).status_code == 200
