"""Webhook endpoint pages: register a receiver, see its deliveries, resend."""

from django.urls import URLPattern, path

from seamline.webhooks import views

app_name = "webhooks"

urlpatterns: list[URLPattern] = [
    path("", views.endpoint_list, name="endpoint_list"),
    path("new/", views.endpoint_create, name="endpoint_create"),
    path("<int:pk>/rotate/", views.endpoint_rotate, name="endpoint_rotate"),
    path("<int:pk>/active/", views.endpoint_active, name="endpoint_active"),
    path("<int:pk>/ping/", views.endpoint_ping, name="endpoint_ping"),
    path("deliveries/<int:pk>/resend/", views.delivery_resend, name="delivery_resend"),
]
