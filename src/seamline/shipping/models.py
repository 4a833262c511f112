"""Cartons packed for an order, shipments that carry them, and a shipment's documents."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Colour, Customer, Size, Style
from seamline.orders.models import Order
from seamline.shipping.choices import DocumentKind, PackType, ShipmentStatus
from seamline.tenancy.models import TenantModel


class Shipment(TenantModel):
    """Cartons of one or more orders of one customer leaving the factory together."""

    number = models.CharField(_("shipment no."), max_length=40)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("customer")
    )
    ship_date = models.DateField(_("ship date"))
    carrier = models.CharField(_("carrier"), max_length=100, blank=True)
    tracking_number = models.CharField(_("tracking no."), max_length=100, blank=True)
    destination = models.CharField(_("destination"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ShipmentStatus.choices, default=ShipmentStatus.PLANNED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-ship_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="shipment_unique_number"),
        ]

    def __str__(self) -> str:
        return self.number


class Carton(TenantModel):
    """One packed carton of an order: solid (one size x colour) or a ratio of sizes."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="cartons")
    number = models.PositiveIntegerField(_("carton no."))
    pack_type = models.CharField(_("packing"), max_length=8, choices=PackType.choices)
    shipment = models.ForeignKey(
        Shipment, on_delete=models.PROTECT, null=True, blank=True, related_name="cartons"
    )
    gross_kg = models.DecimalField(
        _("gross weight (kg)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    net_kg = models.DecimalField(
        _("net weight (kg)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    length_cm = models.PositiveIntegerField(_("length (cm)"), default=0)
    width_cm = models.PositiveIntegerField(_("width (cm)"), default=0)
    height_cm = models.PositiveIntegerField(_("height (cm)"), default=0)
    packed_at = models.DateTimeField(_("packed at"))
    packed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("carton")
        verbose_name_plural = _("cartons")
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "order", "number"], name="carton_unique_number"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "shipment"], name="carton_shipment")]

    def __str__(self) -> str:
        return f"{self.order_id} #{self.number}"


class CartonLine(TenantModel):
    """How many pieces of one style x colour x size a carton holds."""

    carton = models.ForeignKey(Carton, on_delete=models.CASCADE, related_name="lines")
    style = models.ForeignKey(Style, on_delete=models.PROTECT, related_name="+")
    colour = models.ForeignKey(Colour, on_delete=models.PROTECT, related_name="+")
    size = models.ForeignKey(Size, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("pieces"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("carton line")
        verbose_name_plural = _("carton lines")
        ordering = ["carton", "size__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "carton", "style", "colour", "size"], name="cartonline_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="cartonline_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carton_id}: {self.size_id}/{self.colour_id} × {self.quantity}"


def document_path(instance: ShipmentDocument, filename: str) -> str:
    return f"shipments/{instance.tenant_id}/{instance.shipment_id}/{filename}"


class ShipmentDocument(TenantModel):
    """A file that travels with a shipment: invoice, bill of lading, certificate ..."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shipment document")
        verbose_name_plural = _("shipment documents")
        ordering = ["shipment", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
