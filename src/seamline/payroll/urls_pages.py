"""Payroll pages, in the "payroll" namespace at /payroll/."""

from django.urls import URLPattern, path

from seamline.payroll import views

urlpatterns: list[URLPattern] = [
    path("", views.period_list, name="period_list"),
    path("periods/open/", views.period_open, name="period_open"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/recompute/", views.period_recompute, name="period_recompute"),
    path("periods/<int:pk>/review/", views.period_review, name="period_review"),
    path("periods/<int:pk>/reopen/", views.period_reopen, name="period_reopen"),
    path("periods/<int:pk>/approve/", views.period_approve, name="period_approve"),
    path("periods/<int:pk>/paid/", views.period_paid, name="period_paid"),
    path("periods/<int:pk>/adjustments/", views.adjustment_add, name="adjustment_add"),
    path("adjustments/<int:pk>/delete/", views.adjustment_delete, name="adjustment_delete"),
    path("slips/<int:pk>/", views.slip_detail, name="slip_detail"),
    path("rates/", views.rates, name="rates"),
    path("rates/set/", views.rate_set, name="rate_set"),
    path("rates/<int:pk>/delete/", views.rate_delete, name="rate_delete"),
    path("settings/", views.settings_page, name="settings"),
    path("costs/", views.costs, name="costs"),
]
