"""A worker's own pay on the phone, under /payroll/ (app "payroll")."""

from django.urls import URLPattern, path

from seamline.payroll import views_me

urlpatterns: list[URLPattern] = [
    path("me/", views_me.me, name="me"),
]
