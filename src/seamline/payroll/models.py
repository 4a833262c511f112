"""Piece rates with effective dates, pay periods, pay slips and their lines.

Money is Decimal; every line's amount is rounded half-up to the cent once, and the slip,
the period and the register are sums of those rounded lines, so they always reconcile.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Operation
from seamline.orders.models import Order
from seamline.payroll.choices import (
    LOCKED_STATUSES,
    AdjustmentKind,
    LineKind,
    PayCycle,
    PeriodStatus,
)
from seamline.quality.choices import Severity
from seamline.shopfloor.models import Worker
from seamline.tenancy.models import TenantModel

ZERO = Decimal("0")
ONE = Decimal("1")


def _multiplier(label: Any) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=3,
        default=ONE,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("3"))],
    )


def default_deduction_severities() -> list[str]:
    return [Severity.CRITICAL.value, Severity.MAJOR.value]


class PayrollSettings(TenantModel):
    """How a factory pays: its cycle, the minimum it guarantees, its skill-grade multipliers."""

    cycle = models.CharField(
        _("pay cycle"), max_length=10, choices=PayCycle.choices, default=PayCycle.MONTHLY
    )
    minimum_hourly_wage = models.DecimalField(
        _("minimum hourly wage"),
        max_digits=8,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_(
            "Piece workers earning less than this per attended hour get a top-up; 0 = none."
        ),
    )
    grade_1 = _multiplier(_("grade 1 multiplier"))
    grade_2 = _multiplier(_("grade 2 multiplier"))
    grade_3 = _multiplier(_("grade 3 multiplier"))
    grade_4 = _multiplier(_("grade 4 multiplier"))
    grade_5 = _multiplier(_("grade 5 multiplier"))
    # The quality rule (see payroll.compute): a deduction per defect attributed to a worker.
    defect_deduction = models.DecimalField(
        _("deduction per defect"),
        max_digits=8,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_(
            "Taken off a worker's pay for each defect attributed to them by an inspection; "
            "0 = off. Limited to 20 per cent of the slip's gross pay and never below the minimum."
        ),
    )
    defect_deduction_severities = models.JSONField(
        _("severities that count"),
        default=default_deduction_severities,
        blank=True,
        help_text=_("Which severities of defect the deduction applies to."),
    )

    class Meta:
        verbose_name = _("payroll settings")
        verbose_name_plural = _("payroll settings")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="payrollsettings_one_per_tenant"),
        ]

    def __str__(self) -> str:
        return str(self.get_cycle_display())

    def clean(self) -> None:
        severities = self.defect_deduction_severities
        if not isinstance(severities, list) or not set(severities) <= set(Severity.values):
            raise ValidationError(
                {"defect_deduction_severities": _("Choose among critical, major and minor.")}
            )

    def multiplier(self, grade: int) -> Decimal:
        value: Decimal = getattr(self, f"grade_{grade}", ONE)
        return value


class OperationRate(TenantModel):
    """The piece rate of an operation from a day on; before its first row the bulletin's
    rate applies. Rows never change once a locked period covers their days."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="rates")
    effective_from = models.DateField(_("from"))
    rate = models.DecimalField(
        _("piece rate"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(ZERO)],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("piece rate")
        verbose_name_plural = _("piece rates")
        ordering = ["operation", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "operation", "effective_from"], name="operationrate_unique_day"
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0), name="operationrate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operation_id} from {self.effective_from}: {self.rate}"


class PayPeriod(TenantModel):
    """A month or half-month of pay, from `start` to `end` inclusive (the factory's days)."""

    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT
    )
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=ZERO)
    worker_count = models.PositiveIntegerField(_("workers"), default=0)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("pay period")
        verbose_name_plural = _("pay periods")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "start"], name="payperiod_unique_start"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="payperiod_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES


class Adjustment(TenantModel):
    """A bonus, penalty, advance or deduction for one worker in one period, with its reason."""

    period = models.ForeignKey(PayPeriod, on_delete=models.PROTECT, related_name="adjustments")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="pay_adjustments")
    kind = models.CharField(_("kind"), max_length=10, choices=AdjustmentKind.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Always positive; the kind says whether it adds or takes off."),
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pay adjustment")
        verbose_name_plural = _("pay adjustments")
        ordering = ["worker__code", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="adjustment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} for {self.worker_id}"


class PaySlip(TenantModel):
    """One worker's pay for a period: the sum of its lines, kept with the parts users read."""

    period = models.ForeignKey(PayPeriod, on_delete=models.CASCADE, related_name="slips")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="pay_slips")
    pieces = models.IntegerField(_("pieces"), default=0)
    attended_minutes = models.PositiveIntegerField(_("attended minutes"), default=0)
    open_days = models.PositiveIntegerField(
        _("days without clock-out"), default=0, help_text=_("Not counted in attended hours.")
    )
    piece_pay = models.DecimalField(_("piece pay"), max_digits=12, decimal_places=2, default=ZERO)
    carried_pay = models.DecimalField(
        _("from earlier periods"), max_digits=12, decimal_places=2, default=ZERO
    )
    time_pay = models.DecimalField(_("hourly pay"), max_digits=12, decimal_places=2, default=ZERO)
    topup = models.DecimalField(
        _("minimum-wage top-up"), max_digits=12, decimal_places=2, default=ZERO
    )
    adjustments = models.DecimalField(
        _("adjustments"), max_digits=12, decimal_places=2, default=ZERO
    )
    quality = models.DecimalField(
        _("quality deduction"), max_digits=12, decimal_places=2, default=ZERO
    )
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=ZERO)

    class Meta:
        verbose_name = _("pay slip")
        verbose_name_plural = _("pay slips")
        ordering = ["worker__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "period", "worker"], name="payslip_one_per_worker"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.period_id}: {self.total}"


class PayLine(TenantModel):
    """One line of a slip: pieces of an operation for an order at a rate, hours, a top-up or
    an adjustment. `amount` is rounded half-up to the cent, once, here."""

    slip = models.ForeignKey(PaySlip, on_delete=models.CASCADE, related_name="lines")
    # Denormalised from the slip: reports and carried work read lines by period and worker.
    period = models.ForeignKey(PayPeriod, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adjustment = models.ForeignKey(
        "Adjustment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # For late pieces and reversals: the approved period the work belonged to.
    origin = models.ForeignKey(
        PayPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The scan times the line's pieces cover: a rate change splits a period into spans; late
    # pieces and reversals name the span of the approved period they correct.
    work_start = models.DateTimeField(null=True, blank=True)
    work_end = models.DateTimeField(null=True, blank=True)
    pieces = models.IntegerField(_("pieces"), default=0)
    rate = models.DecimalField(_("rate"), max_digits=10, decimal_places=4, null=True, blank=True)
    multiplier = models.DecimalField(
        _("multiplier"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    minutes = models.IntegerField(_("minutes"), default=0)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pay line")
        verbose_name_plural = _("pay lines")
        ordering = ["slip", "pk"]
        indexes = [
            models.Index(fields=["tenant", "period", "kind"], name="payline_period_kind"),
            models.Index(fields=["tenant", "order"], name="payline_order"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"
