"""Shipping admin, read-only: cartons and shipments change through the packing and shipment
pages and API, which check what passed, number cartons and keep the audit trail."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from seamline.shipping.models import Carton, CartonLine, Shipment, ShipmentDocument
from seamline.tenancy.admin import TenantScopedAdmin


class ReadOnlyAdmin(TenantScopedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class CartonLineInline(admin.TabularInline):
    model = CartonLine
    extra = 0
    fields = ("style", "colour", "size", "quantity")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Carton)
class CartonAdmin(ReadOnlyAdmin):
    list_display = ("order", "number", "pack_type", "shipment", "gross_kg", "packed_at")
    list_filter = ("pack_type",)
    search_fields = ("order__number", "shipment__number")
    list_select_related = ("order", "shipment")
    inlines = [CartonLineInline]


class DocumentInline(admin.TabularInline):
    model = ShipmentDocument
    extra = 0
    fields = ("kind", "name", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    list_display = ("number", "customer", "ship_date", "carrier", "tracking_number", "status")
    list_filter = ("status",)
    search_fields = ("number", "tracking_number", "customer__name")
    list_select_related = ("customer",)
    inlines = [DocumentInline]
