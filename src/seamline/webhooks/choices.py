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
    CLUSTER_ORDER_PUBLISHED = "cluster.order_published", _("Cluster order published")
    CLUSTER_ALLOCATION_ACCEPTED = "cluster.allocation_accepted", _("Cluster allocation accepted")
    CLUSTER_PROGRESS_CHANGED = "cluster.progress_changed", _("Cluster allocation progress changed")
    CLUSTER_SHIPMENT_DELIVERED = "cluster.shipment_delivered", _("Cluster delivery received")
