"""Order factories. Create inside `tenant_context(org)`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from seamline.orders.models import Order, OrderLine
from tests.catalog.factories import CustomerFactory


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"SO-{n:05d}")
    customer = factory.SubFactory(CustomerFactory)
    delivery_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    currency = "CNY"


class OrderLineFactory(factory.django.DjangoModelFactory):
    """Give `order`, `style`, `colour` and `size` (a size of the style's grid)."""

    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    quantity = 100
    unit_price = Decimal("25.0000")
