"""Inspection pages: record inline and end-of-line inspections, the defect catalogue, rework."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
