"""Inspections (inline, end of line, final by AQL), the defects they find and the factory's
defect catalogue. An inspection is an event: recorded once, never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Operation, Style
from seamline.cutting.models import Bundle
from seamline.orders.models import Order
from seamline.quality.choices import (
    DefectCategory,
    DefectLocation,
    InspectionKind,
    Outcome,
    Severity,
)
from seamline.shopfloor.models import Line, Rework, Worker
from seamline.tenancy.models import TenantModel


class DefectType(TenantModel):
    """One entry of the factory's defect catalogue: skipped stitch, open seam, stain ..."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(
        _("category"), max_length=12, choices=DefectCategory.choices, default="sewing"
    )
    severity = models.CharField(
        _("usual severity"), max_length=10, choices=Severity.choices, default=Severity.MAJOR
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("defect type")
        verbose_name_plural = _("defect types")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="defecttype_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Inspection(TenantModel):
    """One inspection: what was checked, how many pieces were defective, and the outcome.

    Inline: a sample at one operation of a bundle. End of line: a whole bundle (every
    piece). Final: a shipment lot by ISO 2859-1 single sampling, normal inspection; the
    plan (code letter, sample size, Ac/Re per severity) is stored as it was applied.
    `client_id` makes a retried or replayed submission have exactly one effect.
    """

    client_id = models.CharField(_("client id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="inspections")
    # Blank for a final inspection of an order of several styles.
    style = models.ForeignKey(
        Style, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    bundle = models.ForeignKey(
        Bundle, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    # Inline: the operation being checked. End of line / final: blank.
    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    line = models.ForeignKey(
        Line, on_delete=models.SET_NULL, null=True, blank=True, related_name="inspections"
    )
    shipment = models.ForeignKey(
        "shipping.Shipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    inspected_at = models.DateTimeField(_("inspected at"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_qty = models.PositiveIntegerField(_("pieces checked"))
    defective_qty = models.PositiveIntegerField(_("defective pieces"), default=0)
    rejected_qty = models.PositiveIntegerField(_("pieces rejected"), default=0)
    # End of line only: pieces that may now be packed (see quality.services).
    passed_qty = models.PositiveIntegerField(_("pieces passed"), default=0)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # The bundle sent back to an operation by this inspection (outcome rework).
    rework = models.ForeignKey(
        Rework, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    # Final inspection: lot size, level, AQLs and the plan applied (see engines.aql).
    lot_size = models.PositiveIntegerField(_("lot size"), null=True, blank=True)
    level = models.CharField(_("inspection level"), max_length=4, blank=True)
    plan = models.JSONField(_("sampling plan"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "client_id"], name="inspection_unique_client_id"
            ),
            models.CheckConstraint(
                condition=models.Q(defective_qty__lte=models.F("checked_qty")),
                name="inspection_defective_within_checked",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    passed_qty__lte=models.F("checked_qty") - models.F("rejected_qty")
                ),
                name="inspection_passed_within_checked",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "kind", "inspected_at"], name="inspection_kind_time"),
            models.Index(fields=["tenant", "order", "kind"], name="inspection_order_kind"),
            models.Index(fields=["tenant", "bundle", "kind"], name="inspection_bundle_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.order_id} {self.outcome}"


class InspectionDefect(TenantModel):
    """`count` defects of one type at one place on the garment, found by an inspection,
    with the operation that made them and the worker whose credited scan did it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="defects")
    defect_type = models.ForeignKey(
        DefectType, on_delete=models.PROTECT, related_name="+", verbose_name=_("defect")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    location = models.CharField(
        _("location"), max_length=12, choices=DefectLocation.choices, blank=True
    )
    count = models.PositiveIntegerField(_("defects"), default=1)
    operation = models.ForeignKey(
        Operation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="defects"
    )
    # Copied from the inspection so the measures group without a join.
    inspected_at = models.DateTimeField(_("inspected at"))
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+")
    style = models.ForeignKey(
        Style, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    line = models.ForeignKey(
        Line, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)

    class Meta:
        verbose_name = _("defect found")
        verbose_name_plural = _("defects found")
        ordering = ["inspection", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="defect_count_positive"),
        ]
        indexes = [
            models.Index(fields=["tenant", "inspected_at"], name="defect_time"),
            models.Index(fields=["tenant", "worker", "inspected_at"], name="defect_worker_time"),
        ]

    def __str__(self) -> str:
        return f"{self.defect_type_id} × {self.count}"
