"""Quality measures pages: DHU, defect rate, first-pass yield, Pareto."""

from django.urls import URLPattern, path

from seamline.quality import views_measures

urlpatterns: list[URLPattern] = [
    path("measures/", views_measures.measures_page, name="measures"),
]
