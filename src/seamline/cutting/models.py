"""Cut plans, lays and the bundles a lay is cut into: the unit that moves through the line."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Colour, Size, Style
from seamline.cutting.choices import LayStatus, TicketFormat
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
