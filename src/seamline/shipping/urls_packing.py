"""Packing pages: cartons, carton labels."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
