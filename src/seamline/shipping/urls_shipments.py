"""Shipment pages: plan, load cartons, final inspection, dispatch, documents, packing list."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
