"""Cluster pages, one module per part: members and profiles, orders and allocation,
progress, deliveries and the ledger."""

from django.urls import URLPattern

from seamline.cluster import urls_ledger, urls_members, urls_orders

app_name = "cluster"

urlpatterns: list[URLPattern] = [
    *urls_members.urlpatterns,
    *urls_orders.urlpatterns,
    *urls_ledger.urlpatterns,
]
