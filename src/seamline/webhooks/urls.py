"""Webhook endpoint pages: register a receiver, see its deliveries, resend."""

from django.urls import URLPattern

app_name = "webhooks"

urlpatterns: list[URLPattern] = []
