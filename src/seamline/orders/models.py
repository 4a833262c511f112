"""Customer orders: a header with lines of style x colour x size -> quantity, and its history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Colour, Customer, Size, Style
from seamline.orders.choices import OrderSource, OrderStatus
from seamline.tenancy.models import TenantModel


class Order(TenantModel):
    number = models.CharField(_("order no."), max_length=40)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    customer_po = models.CharField(_("customer PO"), max_length=60, blank=True)
    delivery_date = models.DateField(_("delivery date"))
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=16, choices=OrderSource.choices, default=OrderSource.MANUAL
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="order_unique_number"),
        ]
        indexes = [models.Index(fields=["tenant", "status", "delivery_date"])]

    def __str__(self) -> str:
        return self.number


class OrderLine(TenantModel):
    """How many garments of one style, colour and size, at what unit price."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    style = models.ForeignKey(Style, on_delete=models.PROTECT, related_name="order_lines")
    colour = models.ForeignKey(Colour, on_delete=models.PROTECT, related_name="+")
    size = models.ForeignKey(Size, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(
        _("unit price"),
        max_digits=12,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "style__code", "colour__code", "size__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "order", "style", "colour", "size"], name="orderline_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="orderline_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.style_id}/{self.colour_id}/{self.size_id} × {self.quantity}"


class OrderEvent(TenantModel):
    """A status change of an order: who moved it, when, from what to what."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=16, choices=OrderStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=OrderStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["order", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} -> {self.to_status}"
