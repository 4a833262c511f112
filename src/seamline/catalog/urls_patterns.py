"""Pattern pages: import a style's pattern (DXF-AAMA or polygon JSON), its pieces per size."""

from django.urls import URLPattern, path

from seamline.catalog import views_patterns

urlpatterns: list[URLPattern] = [
    path("styles/<int:pk>/patterns/", views_patterns.pattern_list, name="pattern_list"),
    path("styles/<int:pk>/patterns/import/", views_patterns.pattern_upload, name="pattern_upload"),
    path("patterns/<int:pk>/", views_patterns.pattern_detail, name="pattern_detail"),
    path("patterns/<int:pk>/delete/", views_patterns.pattern_delete, name="pattern_delete"),
]
