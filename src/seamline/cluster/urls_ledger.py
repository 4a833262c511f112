"""Cluster pages: ledger (filled in by its module)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
