from django.urls import path

from seamline.shopfloor import (
    urls_balance,
    urls_corrections,
    urls_floor,
    urls_scan,
    urls_skills,
    views,
)

app_name = "shopfloor"

urlpatterns = (
    [
        path("workers/", views.worker_list, name="worker_list"),
        path("workers/new/", views.worker_create, name="worker_create"),
        path("workers/<int:pk>/edit/", views.worker_edit, name="worker_edit"),
        path("workers/<int:pk>/deactivate/", views.worker_deactivate, name="worker_deactivate"),
        path("workers/<int:pk>/reactivate/", views.worker_reactivate, name="worker_reactivate"),
        path("lines/", views.line_list, name="line_list"),
        path("lines/new/", views.line_create, name="line_create"),
        path("lines/<int:pk>/edit/", views.line_edit, name="line_edit"),
    ]
    + urls_scan.urlpatterns
    + urls_floor.urlpatterns
    + urls_corrections.urlpatterns
    + urls_balance.urlpatterns
    + urls_skills.urlpatterns
)
