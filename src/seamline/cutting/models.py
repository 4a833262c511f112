"""Cut plans, lays and the bundles a lay is cut into: the unit that moves through the line."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Colour, Pattern, Size, Style
from seamline.cutting.choices import FabricDirection, LayStatus, MarkerStatus, TicketFormat
from seamline.orders.models import Order
from seamline.tenancy.models import TenantModel


class CutPlan(TenantModel):
    """How one style of an order is cut: its lays, and the bundle size they are split into."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="cut_plans", verbose_name=_("order")
    )
    style = models.ForeignKey(
        Style, on_delete=models.PROTECT, related_name="cut_plans", verbose_name=_("style")
    )
    bundle_size = models.PositiveIntegerField(
        _("bundle size"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Pieces per bundle; the last bundle of a ply run takes the rest."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The cutting room's limits for planning lays against fabric (the cut room page).
    fabric_width_mm = models.PositiveIntegerField(
        _("fabric width (mm)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(300), MaxValueValidator(4000)],
        help_text=_("Usable width between the selvedges."),
    )
    max_plies = models.PositiveIntegerField(
        _("max plies per lay"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    max_marker_length_mm = models.PositiveIntegerField(
        _("table length (mm)"),
        default=8000,
        validators=[MinValueValidator(500), MaxValueValidator(50000)],
        help_text=_("The longest marker the cutting table takes."),
    )
    overcut_pct = models.DecimalField(
        _("over-cut allowed (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("3.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    cost_per_lay = models.DecimalField(
        _("cost per lay"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Spreading and cutting labour of one lay, in the factory's currency."),
    )
    fabric_price = models.DecimalField(
        _("fabric price per metre"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    end_allowance_mm = models.PositiveIntegerField(
        _("end allowance per ply (mm)"),
        default=20,
        validators=[MaxValueValidator(500)],
        help_text=_("Fabric lost at both ends of every ply."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cut plan")
        verbose_name_plural = _("cut plans")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "order", "style"], name="cutplan_unique"),
            models.CheckConstraint(
                condition=models.Q(bundle_size__gte=1), name="cutplan_bundle_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} / {self.style}"


class Lay(TenantModel):
    """Fabric of one colour spread `plies` high under one marker; cut, it gives ratio x plies
    pieces of each size."""

    cut_plan = models.ForeignKey(
        CutPlan, on_delete=models.CASCADE, related_name="lays", verbose_name=_("cut plan")
    )
    number = models.PositiveIntegerField(_("lay no."))
    colour = models.ForeignKey(
        Colour, on_delete=models.PROTECT, related_name="+", verbose_name=_("colour")
    )
    plies = models.PositiveIntegerField(
        _("plies"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    shade = models.CharField(_("shade / roll"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LayStatus.choices, default=LayStatus.PLANNED
    )
    # The marker the lay is cut with, when nested; its length (or an estimate) sizes the fabric.
    marker = models.ForeignKey(
        "Marker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lays",
        verbose_name=_("marker"),
    )
    marker_length_mm = models.PositiveIntegerField(_("marker length (mm)"), null=True, blank=True)
    cut_at = models.DateTimeField(_("cut at"), null=True, blank=True)
    cut_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lay")
        verbose_name_plural = _("lays")
        ordering = ["cut_plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "cut_plan", "number"], name="lay_unique"),
            models.CheckConstraint(condition=models.Q(plies__gte=1), name="lay_plies_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.cut_plan} #{self.number}"


class LayRatio(TenantModel):
    """The marker of a lay: how many garments of a size it holds (S:1 M:2 L:2 XL:1)."""

    lay = models.ForeignKey(Lay, on_delete=models.CASCADE, related_name="ratios")
    size = models.ForeignKey(Size, on_delete=models.PROTECT, related_name="+")
    ratio = models.PositiveIntegerField(
        _("ratio"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = _("marker ratio")
        verbose_name_plural = _("marker ratios")
        ordering = ["lay", "size__position"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "lay", "size"], name="layratio_unique"),
            models.CheckConstraint(condition=models.Q(ratio__gte=1), name="layratio_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.size_id}:{self.ratio}"


class Bundle(TenantModel):
    """Pieces of one size and colour from consecutive plies of one lay, tied together.

    `number` is the factory's running bundle number: what is printed, typed and scanned.
    """

    number = models.PositiveIntegerField(_("bundle no."))
    lay = models.ForeignKey(Lay, on_delete=models.PROTECT, related_name="bundles")
    # Denormalised from the lay so the floor's queries need no joins.
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="bundles")
    style = models.ForeignKey(Style, on_delete=models.PROTECT, related_name="bundles")
    colour = models.ForeignKey(Colour, on_delete=models.PROTECT, related_name="+")
    size = models.ForeignKey(Size, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("pieces"), validators=[MinValueValidator(1)])
    ply_from = models.PositiveIntegerField(_("from ply"))
    ply_to = models.PositiveIntegerField(_("to ply"))
    shade = models.CharField(_("shade / roll"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="bundle_unique_number"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="bundle_qty_positive"),
            models.CheckConstraint(
                condition=models.Q(ply_to__gte=models.F("ply_from")), name="bundle_ply_range"
            ),
        ]
        indexes = [models.Index(fields=["tenant", "order"])]

    def __str__(self) -> str:
        return str(self.number)


class TicketPrint(TenantModel):
    """Each printing of a lay's bundle tickets; all but the first are reprints."""

    lay = models.ForeignKey(Lay, on_delete=models.CASCADE, related_name="ticket_prints")
    copy = models.PositiveIntegerField(_("copy"))
    format = models.CharField(_("format"), max_length=10, choices=TicketFormat.choices)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    printed_at = models.DateTimeField(_("printed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket print")
        verbose_name_plural = _("ticket prints")
        ordering = ["lay", "copy"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "lay", "copy"], name="ticketprint_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lay} copy {self.copy}"


class Marker(TenantModel):
    """The pieces of a size ratio (S:1 M:2 L:2 XL:1) nested on a fabric width: the paper
    the cutter follows. Nesting runs in the background; the planner sees its progress and
    may stop it, keeping the best marker found so far."""

    pattern = models.ForeignKey(
        Pattern, on_delete=models.PROTECT, related_name="markers", verbose_name=_("pattern")
    )
    fabric_width_mm = models.PositiveIntegerField(
        _("fabric width (mm)"), validators=[MinValueValidator(300), MaxValueValidator(4000)]
    )
    direction = models.CharField(
        _("fabric direction"),
        max_length=10,
        choices=FabricDirection.choices,
        default=FabricDirection.TWO_WAY,
    )
    spacing_mm = models.DecimalField(
        _("spacing (mm)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
    )
    time_limit_s = models.PositiveIntegerField(
        _("time budget (s)"), default=60, validators=[MinValueValidator(2), MaxValueValidator(1800)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MarkerStatus.choices, default=MarkerStatus.QUEUED
    )
    stop_requested = models.BooleanField(_("stop requested"), default=False)
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    # Best so far while nesting, final once done or stopped.
    length_mm = models.DecimalField(
        _("length (mm)"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    efficiency_pct = models.DecimalField(
        _("efficiency (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    placements = models.JSONField(_("placements"), default=list, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("marker")
        verbose_name_plural = _("markers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.pattern} {self.fabric_width_mm} mm #{self.pk}"


class MarkerRatio(TenantModel):
    """Garments of one size in a marker."""

    marker = models.ForeignKey(Marker, on_delete=models.CASCADE, related_name="ratios")
    size = models.ForeignKey(Size, on_delete=models.PROTECT, related_name="+")
    ratio = models.PositiveIntegerField(
        _("ratio"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = _("marker ratio")
        verbose_name_plural = _("marker ratios")
        ordering = ["marker", "size__position"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "marker", "size"], name="markerratio_unique"),
            models.CheckConstraint(condition=models.Q(ratio__gte=1), name="markerratio_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.size_id}:{self.ratio}"
