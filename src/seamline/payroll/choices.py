from django.db import models
from django.utils.translation import gettext_lazy as _


class PayCycle(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    SEMI_MONTHLY = "semi", _("Half-monthly (1st-15th, 16th-end)")
    WEEKLY = "weekly", _("Weekly (Monday to Sunday)")


class PeriodStatus(models.TextChoices):
    """Draft -> reviewed (supervisor) -> approved (manager/owner; locked) -> paid."""

    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


LOCKED_STATUSES = (PeriodStatus.APPROVED, PeriodStatus.PAID)


class LineKind(models.TextChoices):
    PIECE = "piece", _("Pieces")
    LATE = "late", _("Late pieces from an approved period")
    REVERSAL = "reversal", _("Reversal of pieces paid in an approved period")
    TIME = "time", _("Hours")
    TOPUP = "topup", _("Minimum-wage top-up")
    QUALITY = "quality", _("Quality deduction")
    ADJUSTMENT = "adjustment", _("Adjustment")


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Bonus")
    PENALTY = "penalty", _("Penalty")
    ADVANCE = "advance", _("Advance (already paid out)")
    DEDUCTION = "deduction", _("Deduction")


# Which kinds add to pay; the others are taken off it.
ADDING_ADJUSTMENTS = frozenset({AdjustmentKind.BONUS})
