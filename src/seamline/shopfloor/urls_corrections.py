"""Scan review and attendance pages, under /shopfloor/ (app "shopfloor")."""

from django.urls import URLPattern, path

from seamline.shopfloor import views_corrections as views

urlpatterns: list[URLPattern] = [
    path("review/", views.scan_queue, name="scan_queue"),
    path("scans/", views.scan_list, name="scan_list"),
    path("scans/<int:pk>/", views.scan_detail, name="scan_detail"),
    path("scans/<int:pk>/reverse/", views.scan_reverse, name="scan_reverse"),
    path("scans/<int:pk>/accept/", views.scan_accept, name="scan_accept"),
    path("scans/<int:pk>/reject/", views.scan_reject, name="scan_reject"),
    path("attendance/", views.attendance_sheet, name="attendance"),
    path("attendance/workers/<int:pk>/clock/", views.attendance_clock, name="attendance_clock"),
    path("attendance/workers/<int:pk>/edit/", views.attendance_edit, name="attendance_edit"),
]
