"""Cutting admin, read-mostly: plans, lays and bundles change through the cutting pages and API,
which number bundles and keep the audit trail."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from seamline.cutting.models import (
    Bundle,
    CutPlan,
    Lay,
    LayRatio,
    Marker,
    MarkerRatio,
    TicketPrint,
)
from seamline.tenancy.admin import TenantScopedAdmin


class ReadOnlyAdmin(TenantScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class LayRatioInline(admin.TabularInline):
    model = LayRatio
    extra = 0
    fields = ("size", "ratio")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CutPlan)
class CutPlanAdmin(ReadOnlyAdmin):
    list_display = ("order", "style", "bundle_size", "created_by", "created_at")
    search_fields = ("order__number", "style__code", "style__name")
    list_select_related = ("order", "style", "created_by")


@admin.register(Lay)
class LayAdmin(ReadOnlyAdmin):
    list_display = ("cut_plan", "number", "colour", "plies", "shade", "status", "cut_at")
    list_filter = ("status",)
    search_fields = ("cut_plan__order__number", "cut_plan__style__code", "shade")
    list_select_related = ("cut_plan__order", "cut_plan__style", "colour")
    inlines = [LayRatioInline]


@admin.register(Bundle)
class BundleAdmin(ReadOnlyAdmin):
    list_display = ("number", "order", "style", "colour", "size", "quantity", "ply_from", "ply_to")
    search_fields = ("=number", "order__number", "style__code")
    list_select_related = ("order", "style", "colour", "size")


@admin.register(TicketPrint)
class TicketPrintAdmin(ReadOnlyAdmin):
    list_display = ("lay", "copy", "format", "printed_by", "printed_at")
    list_filter = ("format",)
    list_select_related = ("lay__cut_plan__order", "lay__cut_plan__style", "printed_by")


class MarkerRatioInline(admin.TabularInline):
    model = MarkerRatio
    extra = 0
    fields = ("size", "ratio")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Marker)
class MarkerAdmin(ReadOnlyAdmin):
    """Markers are queued, stopped and nested through the marker pages and API."""

    list_display = (
        "id",
        "pattern",
        "fabric_width_mm",
        "direction",
        "status",
        "length_mm",
        "efficiency_pct",
        "created_at",
    )
    list_filter = ("status", "direction")
    search_fields = ("pattern__name", "pattern__style__code")
    list_select_related = ("pattern__style",)
    # The placements are the drawing itself: the marker page shows them.
    exclude = ("placements",)
    inlines = [MarkerRatioInline]
