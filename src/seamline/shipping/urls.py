"""Packing (urls_packing) and shipments (urls_shipments)."""

from django.urls import URLPattern

from seamline.shipping import urls_packing, urls_shipments

app_name = "shipping"

urlpatterns: list[URLPattern] = [
    *urls_packing.urlpatterns,
    *urls_shipments.urlpatterns,
]
