from django.contrib import admin

from seamline.shopfloor.models import Line, Worker


@admin.register(Line)
class LineAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "target_per_hour", "working_minutes_per_day", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "line", "skill_grade", "pay_type", "is_active")
    list_filter = ("is_active", "pay_type", "line")
    search_fields = ("code", "name", "phone")
    list_select_related = ("line",)
