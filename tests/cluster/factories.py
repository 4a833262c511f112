"""Cluster factories. Cluster-side rows: create inside `tenant_context(operator)`;
profile rows: inside `tenant_context(factory)`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from seamline.cluster.choices import (
    AllocationStatus,
    ClusterOrderStatus,
    MemberRole,
    MemberStatus,
)
from seamline.cluster.models import (
    Allocation,
    AllocationLine,
    CapacityProfile,
    CapacityWeek,
    Cluster,
    ClusterMember,
    ClusterOrder,
    ClusterOrderLine,
)
from seamline.tenancy.choices import OrganizationKind
from tests.tenancy.factories import OrganizationFactory


class OperatorFactory(OrganizationFactory):
    kind = OrganizationKind.CLUSTER_OPERATOR
    name = factory.Sequence(lambda n: f"Cluster operator {n}")
    slug = factory.Sequence(lambda n: f"operator-{n}")


class BrandFactory(OrganizationFactory):
    kind = OrganizationKind.BRAND
    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    code = factory.Sequence(lambda n: f"cluster-{n}")


class ClusterMemberFactory(factory.django.DjangoModelFactory):
    """Give `cluster` and `organization`; active factory member unless told otherwise."""

    class Meta:
        model = ClusterMember

    role = MemberRole.FACTORY
    status = MemberStatus.ACTIVE
    answered_at = factory.LazyFunction(timezone.now)


class CapacityProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapacityProfile

    capabilities = factory.LazyFunction(lambda: ["knits", "wovens"])
    lines = 2
    operators_per_line = 20
    city = "Foshan"
    min_order_qty = 100
    cost_per_minute = Decimal("0.6000")


class CapacityWeekFactory(factory.django.DjangoModelFactory):
    """Give `profile` and `week_start` (a Monday)."""

    class Meta:
        model = CapacityWeek

    derived_minutes = 40_000
    available_minutes = 40_000


class ClusterOrderFactory(factory.django.DjangoModelFactory):
    """Give `cluster` and `brand`; published, one style of 12.5 SMV."""

    class Meta:
        model = ClusterOrder

    number = factory.Sequence(lambda n: f"CO-{n:05d}")
    style_code = factory.Sequence(lambda n: f"ST-{n:03d}")
    style_name = "Crew-neck tee"
    category = "tshirt"
    bulletin = factory.LazyFunction(
        lambda: [
            {"code": "10", "name": "Join shoulders", "machine_type": "OL4", "smv": "0.500"},
            {"code": "20", "name": "Attach sleeves", "machine_type": "OL4", "smv": "12.000"},
        ]
    )
    smv = Decimal("12.500")
    required_capabilities = factory.LazyFunction(lambda: ["knits"])
    delivery_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=42))
    target_price = Decimal("30.0000")
    factory_price = Decimal("18.0000")
    commission_pct = Decimal("5.00")
    channel_fee_pct = Decimal("2.00")
    defect_deduction = Decimal("20.0000")
    status = ClusterOrderStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class ClusterOrderLineFactory(factory.django.DjangoModelFactory):
    """Give `order`."""

    class Meta:
        model = ClusterOrderLine

    colour = "Navy"
    size = factory.Iterator(["S", "M", "L", "XL"])
    position = factory.Sequence(lambda n: n)
    quantity = 250


class AllocationFactory(factory.django.DjangoModelFactory):
    """Give `order` and `factory`; accepted."""

    class Meta:
        model = Allocation

    quantity = 500
    unit_price = Decimal("18.0000")
    ready_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=35))
    status = AllocationStatus.ACCEPTED
    answered_at = factory.LazyFunction(timezone.now)


class AllocationLineFactory(factory.django.DjangoModelFactory):
    """Give `allocation`."""

    class Meta:
        model = AllocationLine

    colour = "Navy"
    size = "M"
    quantity = 500
