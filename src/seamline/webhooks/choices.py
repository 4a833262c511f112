from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")


class Event(models.TextChoices):
    """What a receiver can subscribe to. Later modules add theirs here."""

    SHIPMENT_DISPATCHED = "shipment.dispatched", _("Shipment dispatched (advance shipping notice)")
    SHIPMENT_DELIVERED = "shipment.delivered", _("Shipment delivered")
