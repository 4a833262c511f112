"""The cutting room of an order: pattern, markers, the cut plan against fabric, then cut."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
