"""The defect catalogue as master data; inspections are events, read only here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from seamline.quality.models import DefectType, Inspection


@admin.register(DefectType)
class DefectTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "category", "severity", "is_active")
    list_filter = ("is_active", "category", "severity")
    search_fields = ("code", "name")


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("inspected_at", "kind", "order", "bundle", "outcome", "checked_qty")
    list_filter = ("kind", "outcome")
    list_select_related = ("order", "bundle")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
