"""Catalog admin: every list holds the rows of the organization the staff member works in."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import (
    BomLine,
    BomLineSize,
    Colour,
    Customer,
    Material,
    Operation,
    OperationDependency,
    Pattern,
    PatternPiece,
    Size,
    SizeGrid,
    Style,
    StyleColour,
)
from seamline.tenancy.admin import TenantScopedAdmin


@admin.register(Customer)
class CustomerAdmin(TenantScopedAdmin):
    list_display = ("code", "name", "country", "currency", "contact")
    search_fields = ("code", "name", "contact")


class SizeInline(admin.TabularInline):
    model = Size
    extra = 0
    fields = ("position", "code")
    ordering = ("position",)


@admin.register(SizeGrid)
class SizeGridAdmin(TenantScopedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [SizeInline]


@admin.register(Colour)
class ColourAdmin(TenantScopedAdmin):
    list_display = ("code", "name", "hex")
    search_fields = ("code", "name")


@admin.register(Material)
class MaterialAdmin(TenantScopedAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "unit",
        "width_cm",
        "unit_price",
        "currency",
        "supplier",
    )
    list_filter = ("kind", "unit")
    search_fields = ("code", "name", "supplier", "composition")


class StyleColourInline(admin.TabularInline):
    model = StyleColour
    extra = 0
    autocomplete_fields = ("colour",)


class BomLineInline(admin.TabularInline):
    model = BomLine
    extra = 0
    fields = ("material", "placement", "consumption", "wastage_pct")
    autocomplete_fields = ("material",)
    show_change_link = True


class OperationInline(admin.TabularInline):
    model = Operation
    extra = 0
    fields = ("sequence", "name", "section", "machine_type", "smv", "piece_rate", "skill_grade")
    ordering = ("sequence",)
    show_change_link = True


@admin.register(Style)
class StyleAdmin(TenantScopedAdmin):
    list_display = ("code", "name", "customer", "category", "season", "size_grid", "is_active")
    list_filter = ("category", "is_active", "season")
    list_select_related = ("customer", "size_grid")
    search_fields = ("code", "name", "customer__name")
    autocomplete_fields = ("customer",)
    inlines = [StyleColourInline, BomLineInline, OperationInline]


class BomLineSizeInline(admin.TabularInline):
    model = BomLineSize
    extra = 0
    fields = ("size", "consumption")


@admin.register(BomLine)
class BomLineAdmin(TenantScopedAdmin):
    list_display = ("style", "material", "placement", "consumption", "wastage_pct")
    list_select_related = ("style", "material")
    search_fields = ("style__code", "material__code", "material__name")
    inlines = [BomLineSizeInline]


class OperationDependencyInline(admin.TabularInline):
    model = OperationDependency
    fk_name = "operation"
    extra = 0
    fields = ("predecessor",)
    verbose_name = _("after operation")
    verbose_name_plural = _("after operations")


@admin.register(Operation)
class OperationAdmin(TenantScopedAdmin):
    list_display = ("style", "sequence", "name", "section", "machine_type", "smv", "piece_rate")
    list_filter = ("section", "machine_type")
    list_select_related = ("style",)
    search_fields = ("style__code", "name")
    ordering = ("style__code", "sequence")
    inlines = [OperationDependencyInline]


class PatternPieceInline(admin.TabularInline):
    model = PatternPiece
    extra = 0
    fields = ("size", "name", "quantity", "mirrored", "grain_angle", "area_mm2")
    readonly_fields = ("size", "name", "area_mm2")
    ordering = ("size__position", "name")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # pieces come from importing a pattern file, with their cut lines


@admin.register(Pattern)
class PatternAdmin(TenantScopedAdmin):
    list_display = ("style", "name", "source", "file_name", "created_at")
    list_filter = ("source",)
    list_select_related = ("style",)
    search_fields = ("style__code", "name", "file_name")
    readonly_fields = ("created_at",)
    inlines = [PatternPieceInline]
