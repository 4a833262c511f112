"""Sewing lines and the workers on them (scans, WIP and output come with the shop-floor module)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.shopfloor.choices import PayType
from seamline.tenancy.models import TenantModel


class Line(TenantModel):
    """A sewing line: a group of operators and machines that makes garments together."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    target_per_hour = models.PositiveIntegerField(_("target pieces per hour"), default=0)
    working_minutes_per_day = models.PositiveIntegerField(_("working minutes per day"), default=480)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("sewing line")
        verbose_name_plural = _("sewing lines")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="line_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name or self.code


class Worker(TenantModel):
    """A person on the roster; may or may not have a login (most scan through a station)."""

    code = models.CharField(_("employee no."), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    line = models.ForeignKey(
        Line,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("line"),
    )
    skill_grade = models.PositiveSmallIntegerField(
        _("skill grade"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = helper ... 5 = most skilled"),
    )
    pay_type = models.CharField(
        _("pay type"), max_length=10, choices=PayType.choices, default=PayType.PIECE
    )
    hourly_rate = models.DecimalField(
        _("hourly rate"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("login"),
    )

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="worker_unique_code"),
            models.CheckConstraint(
                condition=models.Q(skill_grade__gte=1) & models.Q(skill_grade__lte=5),
                name="worker_grade_range",
            ),
            models.CheckConstraint(
                condition=models.Q(hourly_rate__gte=0), name="worker_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
