"""Marker pages: nest a size ratio on a fabric width, follow and stop the run, download it."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
