from django.db import models
from django.utils.translation import gettext_lazy as _


class PackType(models.TextChoices):
    SOLID = "solid", _("Solid (one size and colour per carton)")
    RATIO = "ratio", _("Ratio (assorted sizes per carton)")


class ShipmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")  # cartons being loaded; final inspection pending
    DISPATCHED = "dispatched", _("Dispatched")  # left the factory; ASN sent
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", _("Commercial invoice")
    BILL_OF_LADING = "bill_of_lading", _("Bill of lading / waybill")
    CERTIFICATE = "certificate", _("Certificate (origin, test report)")
    INSPECTION = "inspection", _("Inspection report")
    OTHER = "other", _("Other")
