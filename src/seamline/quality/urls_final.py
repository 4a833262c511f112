"""Final inspection pages: the AQL plan and the phone form that records the sample."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
