"""Packing pages: cartons, carton labels, a shipment's packing list."""

from django.urls import URLPattern, path

from seamline.shipping import views_packing

urlpatterns: list[URLPattern] = [
    path("packing/", views_packing.packing_page, name="packing"),
    path("packing/orders/<int:pk>/", views_packing.order_packing, name="order_packing"),
    path("packing/orders/<int:pk>/solid/", views_packing.pack_solid, name="pack_solid"),
    path("packing/orders/<int:pk>/ratio/", views_packing.pack_ratio, name="pack_ratio"),
    path("packing/orders/<int:pk>/labels.pdf", views_packing.carton_labels, name="carton_labels"),
    path("packing/cartons/<int:pk>/delete/", views_packing.carton_delete, name="carton_delete"),
    path(
        "shipments/<int:pk>/packing-list.xlsx",
        views_packing.packing_list_xlsx,
        name="packing_list_xlsx",
    ),
    path(
        "shipments/<int:pk>/packing-list.pdf",
        views_packing.packing_list_pdf,
        name="packing_list_pdf",
    ),
]
