from django.db import models
from django.utils.translation import gettext_lazy as _


class LayStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CUT = "cut", _("Cut")


class TicketFormat(models.TextChoices):
    A4 = "a4", _("A4 sheets")
    THERMAL = "thermal", _("Thermal labels (60 x 40 mm)")


class FabricDirection(models.TextChoices):
    """Which ways a piece may lie on the fabric, its grain always along the length."""

    ONE_WAY = "one_way", _("One way (nap, pile, print): 0° only")
    TWO_WAY = "two_way", _("Two way: 0° or 180°")
    FREE = "free", _("Any way: 0°, 90°, 180° or 270°")


class MarkerStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Nesting")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")  # by the planner, keeping the best marker so far
    FAILED = "failed", _("Failed")
