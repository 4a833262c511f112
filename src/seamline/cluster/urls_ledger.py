"""Cluster pages: progress of a cluster order, deliveries, the ledger and statements."""

from django.urls import URLPattern, path

from seamline.cluster import views_ledger as views

urlpatterns: list[URLPattern] = [
    path("orders/<int:pk>/progress/", views.order_progress, name="order_progress"),
    path("allocations/<int:pk>/deliver/", views.delivery_record, name="delivery_record"),
    path("<int:pk>/ledger/", views.ledger_page, name="ledger"),
    path("<int:pk>/payments/", views.payment_record, name="payment_record"),
    path("<int:pk>/statement/", views.statement_page, name="statement"),
]
