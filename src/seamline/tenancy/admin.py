from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from seamline.tenancy.models import AuditEntry, Membership, Organization, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Seamline", {"fields": ("display_name", "preferred_language")}),
    )


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug", "city", "currency", "time_zone")
    list_filter = ("kind",)
    search_fields = ("name", "slug")

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        # Staff see only the organization they are working in, never the whole installation.
        qs = super().get_queryset(request)
        tenant = getattr(request, "tenant", None)
        if request.user.is_superuser and tenant is None:
            return qs
        return qs.filter(pk=tenant.pk if tenant else None)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "is_active", "joined_at")
    list_filter = ("role", "is_active")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
