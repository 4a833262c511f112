"""The floor pages, appended to the shop-floor app's URLs (mounted at /shopfloor/)."""

from django.urls import URLPattern, path

from seamline.shopfloor import views_floor

urlpatterns: list[URLPattern] = [
    path("floor/", views_floor.floor_overview, name="floor"),
    path("floor/lines/<int:pk>/", views_floor.floor_line, name="floor_line"),
    path("floor/orders/<int:pk>/", views_floor.floor_order, name="floor_order"),
    path("floor/bundles/<int:pk>/", views_floor.bundle_trace, name="bundle_trace"),
]
