"""Shipment pages, in the "shipping" namespace."""

from django.urls import URLPattern, path

from seamline.shipping import views_shipments as views

urlpatterns: list[URLPattern] = [
    path("shipments/", views.shipment_list, name="shipment_list"),
    path("shipments/new/", views.shipment_new, name="shipment_new"),
    path("shipments/<int:pk>/", views.shipment_detail, name="shipment_detail"),
    path("shipments/<int:pk>/edit/", views.shipment_edit, name="shipment_edit"),
    path("shipments/<int:pk>/cartons/", views.shipment_cartons, name="shipment_cartons"),
    path("shipments/<int:pk>/dispatch/", views.shipment_dispatch, name="shipment_dispatch"),
    path("shipments/<int:pk>/deliver/", views.shipment_deliver, name="shipment_deliver"),
    path("shipments/<int:pk>/cancel/", views.shipment_cancel, name="shipment_cancel"),
    path("shipments/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
]
