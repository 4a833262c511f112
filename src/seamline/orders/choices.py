from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PRODUCTION = "in_production", _("In production")
    SHIPPED = "shipped", _("Shipped")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The one table of allowed moves; services.order_transition enforces it.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.DRAFT: frozenset({OrderStatus.CONFIRMED, OrderStatus.CANCELLED}),
    OrderStatus.CONFIRMED: frozenset(
        {OrderStatus.IN_PRODUCTION, OrderStatus.DRAFT, OrderStatus.CANCELLED}
    ),
    OrderStatus.IN_PRODUCTION: frozenset({OrderStatus.SHIPPED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.CLOSED}),
    OrderStatus.CLOSED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class OrderSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    EXCEL = "excel", _("Imported from a spreadsheet")
    CHANNEL = "channel", _("E-commerce channel")
    CLUSTER = "cluster", _("Cluster allocation")
    API = "api", _("API")


# What the button that moves an order into a status says.
TRANSITION_LABELS: dict[str, StrOrPromise] = {
    OrderStatus.DRAFT: _("Back to draft"),
    OrderStatus.CONFIRMED: _("Confirm order"),
    OrderStatus.IN_PRODUCTION: _("Start production"),
    OrderStatus.SHIPPED: _("Mark as shipped"),
    OrderStatus.CLOSED: _("Close order"),
    OrderStatus.CANCELLED: _("Cancel order"),
}

# Header and lines may change only before production starts.
EDITABLE_STATUSES = frozenset({OrderStatus.DRAFT, OrderStatus.CONFIRMED})
# Not yet shipped or finished: late when the delivery date has passed.
UNFINISHED_STATUSES = frozenset(
    {OrderStatus.DRAFT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION}
)
