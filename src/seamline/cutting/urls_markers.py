"""Marker pages: nest a size ratio on a fabric width, follow and stop the run, download it."""

from django.urls import URLPattern, path

from seamline.cutting import views_markers as views

urlpatterns: list[URLPattern] = [
    path("patterns/<int:pk>/markers/", views.marker_list, name="marker_list"),
    path("patterns/<int:pk>/markers/new/", views.marker_new, name="marker_new"),
    path("markers/<int:pk>/", views.marker_detail, name="marker_detail"),
    path("markers/<int:pk>/progress/", views.marker_progress, name="marker_progress"),
    path("markers/<int:pk>/stop/", views.marker_stop, name="marker_stop"),
    path("markers/<int:pk>/marker.svg", views.marker_svg_download, name="marker_svg"),
    path("markers/<int:pk>/marker.pdf", views.marker_pdf_download, name="marker_pdf"),
    path("markers/<int:pk>/marker.dxf", views.marker_dxf_download, name="marker_dxf"),
]
