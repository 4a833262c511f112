"""Sewing lines, the workers on them, their attendance and every operation they scan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Operation, Style
from seamline.cutting.models import Bundle
from seamline.orders.models import Order
from seamline.shopfloor.choices import (
    AttendanceSource,
    CorrectionKind,
    PayType,
    ReworkStatus,
    ScanSource,
    ScanStatus,
)
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


class Scan(TenantModel):
    """One claim that `worker` did `operation` on `bundle`: an event, never edited.

    `client_id` is made by the device that recorded the scan, so a retry is recognised;
    `digest` fingerprints the payload, so a reused id with other content is refused.
    Only one scan per bundle x operation can be `credited` at a time (a partial unique
    index); later claims become duplicates or wait in the supervisor's queue.
    """

    client_id = models.CharField(_("client id"), max_length=64)
    digest = models.CharField(max_length=64)
    bundle = models.ForeignKey(Bundle, on_delete=models.PROTECT, related_name="scans")
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="scans")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="scans")
    # Where and for what the work was done, fixed at scan time for the floor's queries.
    line = models.ForeignKey(
        Line, on_delete=models.SET_NULL, null=True, blank=True, related_name="scans"
    )
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="scans")
    quantity = models.PositiveIntegerField(_("pieces"))
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"))
    source = models.CharField(_("source"), max_length=10, choices=ScanSource.choices)
    status = models.CharField(_("status"), max_length=10, choices=ScanStatus.choices)
    # For duplicates and conflicts: the credited scan this one collided with.
    collided_with = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-scanned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "client_id"], name="scan_unique_client_id"),
            models.UniqueConstraint(
                fields=["tenant", "bundle", "operation"],
                condition=models.Q(status="credited"),
                name="scan_one_credit_per_bundle_operation",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "line", "scanned_at"], name="scan_line_time"),
            models.Index(fields=["tenant", "worker", "scanned_at"], name="scan_worker_time"),
            models.Index(fields=["tenant", "order", "operation"], name="scan_order_operation"),
            models.Index(fields=["tenant", "status", "scanned_at"], name="scan_status_time"),
            # Payroll looks for scans that arrived after a period was approved.
            models.Index(fields=["tenant", "received_at"], name="scan_received"),
        ]

    def __str__(self) -> str:
        return f"{self.bundle_id}/{self.operation_id} by {self.worker_id} ({self.status})"


class ScanCorrection(TenantModel):
    """A supervisor's decision on a scan, with the reason: the scan itself stays as it was."""

    scan = models.ForeignKey(Scan, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(_("correction"), max_length=10, choices=CorrectionKind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scan correction")
        verbose_name_plural = _("scan corrections")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.scan_id}"


class Attendance(TenantModel):
    """One worker's day at the factory: clock-in and clock-out, the denominator of efficiency."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    line = models.ForeignKey(
        Line, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendance"
    )
    clock_in = models.DateTimeField(_("clock-in"))
    clock_out = models.DateTimeField(_("clock-out"), null=True, blank=True)
    break_minutes = models.PositiveIntegerField(_("break (min)"), default=0)
    source = models.CharField(
        _("source"), max_length=10, choices=AttendanceSource.choices, default="manual"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["-day", "worker__code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "worker", "day"], name="attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(clock_out__isnull=True)
                | models.Q(clock_out__gt=models.F("clock_in")),
                name="attendance_out_after_in",
            ),
        ]
        indexes = [models.Index(fields=["tenant", "day", "line"], name="attendance_day_line")]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.day}"

    def attended_minutes(self, *, until: Any = None) -> int:
        """Minutes between clock-in and clock-out (or `until` while still in), less the break."""
        end = self.clock_out or until
        if end is None or end <= self.clock_in:
            return 0
        return max(0, int((end - self.clock_in).total_seconds() // 60) - self.break_minutes)


class Rework(TenantModel):
    """Quality control sent `pieces` of a bundle back to an operation to be repaired.

    While open, the pieces count as work waiting at that operation (WIP shows them); the
    credit of the original scan stays, so the repair is not paid a second time. The
    worker is the one whose credited scan made the defect, when known.
    """

    bundle = models.ForeignKey(Bundle, on_delete=models.PROTECT, related_name="reworks")
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="reworks")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="reworks")
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="reworks"
    )
    pieces = models.PositiveIntegerField(_("pieces"), validators=[MinValueValidator(1)])
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReworkStatus.choices, default=ReworkStatus.OPEN
    )
    opened_at = models.DateTimeField(_("sent back at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    repaired_at = models.DateTimeField(_("repaired at"), null=True, blank=True)
    repaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rework")
        verbose_name_plural = _("rework")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["tenant", "status", "order"], name="rework_status_order"),
            models.Index(fields=["tenant", "bundle", "status"], name="rework_bundle_status"),
        ]

    def __str__(self) -> str:
        return f"{self.bundle_id}/{self.operation_id} × {self.pieces} ({self.status})"


class LineLayout(TenantModel):
    """A balance of one line for one style: who sews what share of which operation.

    Proposed by the balancing engine for a target output or a head count, adjusted by hand,
    saved; the line's active layout is the one its supervisor works to (one per line).
    The figures are those of the layout as saved (standard minutes per garment).
    """

    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="layouts")
    style = models.ForeignKey(Style, on_delete=models.PROTECT, related_name="layouts")
    name = models.CharField(_("name"), max_length=100, blank=True)
    target_per_hour = models.PositiveIntegerField(_("target per hour"), null=True, blank=True)
    head_count = models.PositiveIntegerField(_("operators asked for"), null=True, blank=True)
    operators = models.PositiveIntegerField(_("operators"))
    takt = models.DecimalField(_("takt (min)"), max_digits=8, decimal_places=3)
    cycle_time = models.DecimalField(_("cycle time (min)"), max_digits=8, decimal_places=3)
    output_per_hour = models.DecimalField(_("output per hour"), max_digits=8, decimal_places=1)
    balance_efficiency = models.DecimalField(
        _("balance efficiency"), max_digits=5, decimal_places=4
    )
    lower_bound = models.DecimalField(_("lower bound (min)"), max_digits=8, decimal_places=3)
    solver_status = models.CharField(_("solver status"), max_length=16)
    # trips of the bundle back upstream to an operator on the same machine (0: strict flow)
    returns = models.PositiveIntegerField(_("bundle returns"), default=0)
    edited = models.BooleanField(_("adjusted by hand"), default=False)
    is_active = models.BooleanField(_("the line's layout"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("line layout")
        verbose_name_plural = _("line layouts")
        ordering = ["line", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "line"],
                condition=models.Q(is_active=True),
                name="linelayout_one_active_per_line",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.line_id}/{self.style_id}"


class LayoutShare(TenantModel):
    """Operator position `slot` of a layout sews `share` of the garments at `operation`;
    `worker` is the real worker placed there (none: a position still to fill)."""

    layout = models.ForeignKey(LineLayout, on_delete=models.CASCADE, related_name="shares")
    slot = models.PositiveIntegerField(_("operator no."), validators=[MinValueValidator(1)])
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="layout_shares"
    )
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(
        _("share"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal("1"))],
    )
    minutes = models.DecimalField(_("minutes per garment"), max_digits=8, decimal_places=3)

    class Meta:
        verbose_name = _("layout share")
        verbose_name_plural = _("layout shares")
        ordering = ["layout", "slot", "operation__sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "layout", "slot", "operation"], name="layoutshare_unique"
            ),
        ]
