"""Quality pages: inspections and rework (urls_inspections), measures (urls_measures),
final inspection by AQL (urls_final)."""

from django.urls import URLPattern

from seamline.quality import urls_final, urls_inspections, urls_measures

app_name = "quality"

urlpatterns: list[URLPattern] = [
    *urls_inspections.urlpatterns,
    *urls_measures.urlpatterns,
    *urls_final.urlpatterns,
]
