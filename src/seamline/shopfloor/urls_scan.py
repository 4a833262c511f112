"""Scanning pages: the phone app (with its manifest and service worker) and the line station."""

from django.urls import URLPattern, path

from seamline.shopfloor import views_scan

urlpatterns: list[URLPattern] = [
    path("m/", views_scan.mobile, name="mobile"),
    path("m/manifest.webmanifest", views_scan.mobile_manifest, name="mobile_manifest"),
    path("m/sw.js", views_scan.mobile_sw, name="mobile_sw"),
    path("station/", views_scan.station, name="station"),
]
