"""Master data of a factory: customers, size grids, colours, styles, materials, BOM, bulletins."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.choices import (
    MachineType,
    MaterialKind,
    PatternSource,
    Section,
    StyleCategory,
    Unit,
)
from seamline.tenancy.models import TenantModel

ZERO = Decimal("0")


class Customer(TenantModel):
    """A buyer the factory makes garments for: a brand, a wholesaler, an e-commerce shop."""

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="customer_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class SizeGrid(TenantModel):
    """An ordered set of sizes, e.g. XS-S-M-L-XL-XXL or waist 28-30-32-34-36."""

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("size grid")
        verbose_name_plural = _("size grids")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="sizegrid_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name or self.code


class Size(TenantModel):
    grid = models.ForeignKey(SizeGrid, on_delete=models.CASCADE, related_name="sizes")
    code = models.CharField(_("size"), max_length=16)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("size")
        verbose_name_plural = _("sizes")
        ordering = ["grid", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "grid", "code"], name="size_unique_code"),
            models.UniqueConstraint(
                fields=["tenant", "grid", "position"], name="size_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Colour(TenantModel):
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    hex = models.CharField(_("swatch"), max_length=7, blank=True, help_text="#RRGGBB")

    class Meta:
        verbose_name = _("colour")
        verbose_name_plural = _("colours")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="colour_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name or self.code


def style_picture_path(instance: Style, filename: str) -> str:
    """Pictures live under their tenant, with an unguessable name; a view serves them."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"styles/{instance.tenant_id}/{uuid.uuid4().hex}{suffix}"


class Style(TenantModel):
    """A garment design the factory makes: its sizes, colours, materials and operations."""

    code = models.CharField(_("style code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="styles",
        verbose_name=_("customer"),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=StyleCategory.choices, default=StyleCategory.OTHER
    )
    season = models.CharField(_("season"), max_length=20, blank=True, help_text=_("e.g. SS27"))
    size_grid = models.ForeignKey(
        SizeGrid, on_delete=models.PROTECT, related_name="styles", verbose_name=_("size grid")
    )
    picture = models.ImageField(_("picture"), upload_to=style_picture_path, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("style")
        verbose_name_plural = _("styles")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="style_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StyleColour(TenantModel):
    """A colourway offered for a style."""

    style = models.ForeignKey(Style, on_delete=models.CASCADE, related_name="style_colours")
    colour = models.ForeignKey(Colour, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("style colour")
        verbose_name_plural = _("style colours")
        ordering = ["style", "colour__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "style", "colour"], name="stylecolour_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.style_id}/{self.colour}"


class Material(TenantModel):
    """Fabric, trims, thread, labels, packaging: what a bill of materials consumes."""

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=MaterialKind.choices)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    width_cm = models.DecimalField(
        _("usable width (cm)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    composition = models.CharField(_("composition"), max_length=120, blank=True)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    unit_price = models.DecimalField(
        _("unit price"),
        max_digits=12,
        decimal_places=4,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="material_unique_code"),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="material_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BomLine(TenantModel):
    """One material of a style: how much one garment consumes, before wastage."""

    style = models.ForeignKey(Style, on_delete=models.CASCADE, related_name="bom_lines")
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="bom_lines")
    consumption = models.DecimalField(
        _("consumption per garment"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(ZERO)],
    )
    wastage_pct = models.DecimalField(
        _("wastage %"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    placement = models.CharField(_("placement"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("BOM line")
        verbose_name_plural = _("BOM lines")
        ordering = ["style", "material__kind", "material__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "style", "material", "placement"], name="bomline_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(consumption__gte=0) & models.Q(wastage_pct__gte=0),
                name="bomline_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material} × {self.consumption}"


class BomLineSize(TenantModel):
    """A size-specific consumption that overrides the line's default (bigger sizes use more)."""

    bom_line = models.ForeignKey(BomLine, on_delete=models.CASCADE, related_name="size_overrides")
    size = models.ForeignKey(Size, on_delete=models.CASCADE, related_name="+")
    consumption = models.DecimalField(
        _("consumption per garment"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(ZERO)],
    )

    class Meta:
        verbose_name = _("BOM consumption by size")
        verbose_name_plural = _("BOM consumptions by size")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "bom_line", "size"], name="bomlinesize_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.size}: {self.consumption}"


class Operation(TenantModel):
    """One step of a style's operation bulletin: what is sewn, on which machine, in how long."""

    style = models.ForeignKey(Style, on_delete=models.CASCADE, related_name="operations")
    sequence = models.PositiveIntegerField(_("no."))
    name = models.CharField(_("operation"), max_length=200)
    section = models.CharField(
        _("section"), max_length=20, choices=Section.choices, default=Section.ASSEMBLY
    )
    machine_type = models.CharField(_("machine"), max_length=10, choices=MachineType.choices)
    smv = models.DecimalField(
        _("SMV (min)"),
        max_digits=7,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("Standard minute value: minutes a trained operator needs per piece."),
    )
    piece_rate = models.DecimalField(
        _("piece rate"),
        max_digits=10,
        decimal_places=4,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Pay per piece, in the factory's currency."),
    )
    skill_grade = models.PositiveSmallIntegerField(
        _("skill grade"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = helper ... 5 = most skilled"),
    )
    depends_on: models.ManyToManyField[Operation, OperationDependency] = models.ManyToManyField(
        "self",
        through="OperationDependency",
        through_fields=("operation", "predecessor"),
        symmetrical=False,
        related_name="followers",
        blank=True,
        verbose_name=_("after operations"),
    )

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["style", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "style", "sequence"], name="operation_unique_sequence"
            ),
            models.CheckConstraint(condition=models.Q(smv__gt=0), name="operation_smv_positive"),
            models.CheckConstraint(
                condition=models.Q(piece_rate__gte=0), name="operation_rate_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(skill_grade__gte=1) & models.Q(skill_grade__lte=5),
                name="operation_grade_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.name}"


class OperationDependency(TenantModel):
    """Precedence: `operation` can start only after `predecessor` is done."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="+")
    predecessor = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("operation precedence")
        verbose_name_plural = _("operation precedences")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "operation", "predecessor"], name="operationdependency_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(operation=models.F("predecessor")),
                name="operationdependency_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} -> {self.operation_id}"


class Pattern(TenantModel):
    """A style's paper pattern, digitised: the pieces of every size, as the CAD system
    graded them. Coordinates are kept in millimetres whatever the file's units."""

    style = models.ForeignKey(
        Style, on_delete=models.PROTECT, related_name="patterns", verbose_name=_("style")
    )
    name = models.CharField(_("name"), max_length=100)
    source = models.CharField(_("source"), max_length=10, choices=PatternSource.choices)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pattern")
        verbose_name_plural = _("patterns")
        ordering = ["style", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "style", "name"], name="pattern_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.style.code} {self.name}"


class PatternPiece(TenantModel):
    """One piece of one size: its cut line, its grain line and how many a garment needs.

    ``outline`` is the closed cut line as ``[[x, y], ...]`` in mm (first point not repeated).
    ``grain_angle`` is the direction of the grain line in degrees from the x axis: the
    marker turns the piece so that its grain runs along the fabric's length.
    ``mirrored`` pieces are cut in left/right pairs: half of ``quantity`` is flipped.
    """

    pattern = models.ForeignKey(
        Pattern, on_delete=models.CASCADE, related_name="pieces", verbose_name=_("pattern")
    )
    size = models.ForeignKey(Size, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("piece"), max_length=60)
    outline = models.JSONField(_("cut line"))
    grain_angle = models.FloatField(_("grain angle"), default=0.0)
    quantity = models.PositiveSmallIntegerField(
        _("per garment"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    mirrored = models.BooleanField(_("mirrored pair"), default=False)
    area_mm2 = models.PositiveBigIntegerField(_("area (mm²)"))

    class Meta:
        verbose_name = _("pattern piece")
        verbose_name_plural = _("pattern pieces")
        ordering = ["pattern", "size__position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "pattern", "size", "name"], name="patternpiece_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="patternpiece_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.size_id})"
