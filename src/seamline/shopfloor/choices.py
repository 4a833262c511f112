from django.db import models
from django.utils.translation import gettext_lazy as _


class PayType(models.TextChoices):
    PIECE = "piece", _("Piece rate")
    HOURLY = "hourly", _("Hourly")
