from django.contrib import admin

from seamline.webhooks.models import Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "tenant", "customer", "is_active", "created_at")
    list_filter = ("is_active",)
    exclude = ("secret",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "tenant", "status", "attempts", "created_at")
    list_filter = ("status", "event")
    readonly_fields = ("event_id", "payload")
