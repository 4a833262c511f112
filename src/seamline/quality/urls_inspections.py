"""Inspection pages: record inline and end-of-line inspections, the defect catalogue, rework."""

from django.urls import URLPattern, path

from seamline.quality import views

urlpatterns: list[URLPattern] = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("rework/", views.rework_list, name="rework_list"),
    path("rework/<int:pk>/repaired/", views.rework_repaired, name="rework_repaired"),
    path("defect-types/", views.defect_types, name="defect_types"),
    path("defect-types/<int:pk>/", views.defect_type_edit, name="defect_type_edit"),
]
