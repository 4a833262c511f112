from django.db import models
from django.utils.translation import gettext_lazy as _


class PayType(models.TextChoices):
    PIECE = "piece", _("Piece rate")
    HOURLY = "hourly", _("Hourly")


class ScanSource(models.TextChoices):
    MOBILE = "mobile", _("Phone app")
    STATION = "station", _("Line station")
    API = "api", _("API")
    IMPORT = "import", _("Import")


class ScanStatus(models.TextChoices):
    """What a scan counts for. Only `credited` scans count as work done and are paid."""

    CREDITED = "credited", _("Credited")
    DUPLICATE = "duplicate", _("Already recorded")  # same worker scanned the coupon again
    CONFLICT = "conflict", _("Awaiting review")  # another worker already holds the credit
    REJECTED = "rejected", _("Rejected")  # a supervisor turned the conflicting claim down
    REVERSED = "reversed", _("Reversed")  # a supervisor reversed the credit


class CorrectionKind(models.TextChoices):
    REVERSE = "reverse", _("Reversed")
    ACCEPT = "accept", _("Claim accepted")
    REJECT = "reject", _("Claim rejected")


class AttendanceSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported")
    API = "api", _("API")


class ReworkStatus(models.TextChoices):
    """A bundle sent back to an operation by quality control."""

    OPEN = "open", _("At the operation")  # waiting to be repaired; counts as WIP there
    REPAIRED = "repaired", _("Repaired")  # back from the operation, waiting for re-inspection
    CLOSED = "closed", _("Closed")  # re-inspected
