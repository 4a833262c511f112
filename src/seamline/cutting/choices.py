from django.db import models
from django.utils.translation import gettext_lazy as _


class LayStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CUT = "cut", _("Cut")


class TicketFormat(models.TextChoices):
    A4 = "a4", _("A4 sheets")
    THERMAL = "thermal", _("Thermal labels (60 x 40 mm)")
