from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from seamline.tenancy.models import (
    ApiToken,
    AuditEntry,
    Invitation,
    Membership,
    Organization,
    User,
)


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


class TenantScopedAdmin(admin.ModelAdmin):
    """Admin of a tenant-owned model: rows of the organization the staff member works in.

    The scoped manager does the filtering; with no organization active (a superuser who
    belongs to none) the list is empty instead of an error.
    """

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        if getattr(request, "tenant", None) is None:
            return self.model.unscoped.none()
        return super().get_queryset(request)


@admin.register(Membership)
class MembershipAdmin(TenantScopedAdmin):
    list_display = ("user", "role", "is_active", "joined_at")
    list_filter = ("role", "is_active")


@admin.register(Invitation)
class InvitationAdmin(TenantScopedAdmin):
    list_display = ("email", "role", "status", "invited_by", "expires_at")
    list_filter = ("status", "role")
    readonly_fields = ("accepted_by",)


@admin.register(ApiToken)
class ApiTokenAdmin(TenantScopedAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)


@admin.register(AuditEntry)
class AuditEntryAdmin(TenantScopedAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
