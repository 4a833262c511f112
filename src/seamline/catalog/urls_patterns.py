"""Pattern pages: import a style's pattern (DXF-AAMA or polygon JSON), its pieces per size."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
