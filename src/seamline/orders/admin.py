from django.contrib import admin

from seamline.orders.models import Order, OrderEvent, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ("style", "colour", "size", "quantity", "unit_price")


class OrderEventInline(admin.TabularInline):
    """The status history is written by the status flow only."""

    model = OrderEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "customer", "customer_po", "delivery_date", "status", "currency")
    list_filter = ("status", "source")
    search_fields = ("number", "customer_po", "customer__name", "customer__code")
    date_hierarchy = "delivery_date"
    list_select_related = ("customer",)
    # Status moves go through the order pages or the API, which record who and when.
    readonly_fields = ("status", "source", "created_by", "created_at", "updated_at")
    inlines = [OrderLineInline, OrderEventInline]


@admin.register(OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    list_display = ("order", "from_status", "to_status", "by", "at")
    list_filter = ("to_status",)
    list_select_related = ("order", "by")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
