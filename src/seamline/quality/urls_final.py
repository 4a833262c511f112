"""Final inspection pages: the AQL plan and the phone form that records the sample."""

from django.urls import URLPattern, path

from seamline.quality import views_final

urlpatterns: list[URLPattern] = [
    path("final/", views_final.final_list, name="final_list"),
    path("final/plan/", views_final.final_plan, name="final_plan"),
    path(
        "final/shipments/<int:shipment_pk>/orders/<int:order_pk>/",
        views_final.final_new,
        name="final_new",
    ),
    path("final/<int:pk>/", views_final.final_detail, name="final_detail"),
]
