"""Quality measures pages: DHU, defect rate, first-pass yield, Pareto."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
