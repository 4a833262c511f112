from django.urls import URLPattern, path

from seamline.cutting import urls_markers, urls_room, views

app_name = "cutting"

urlpatterns: list[URLPattern] = [
    path("", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_update, name="plan_update"),
    path("plans/<int:pk>/lays/new/", views.lay_add, name="lay_add"),
    path("plans/<int:pk>/suggest/", views.plan_suggest, name="plan_suggest"),
    path("lays/<int:pk>/edit/", views.lay_edit, name="lay_edit"),
    path("lays/<int:pk>/delete/", views.lay_delete, name="lay_delete"),
    path("lays/<int:pk>/cut/", views.lay_cut, name="lay_cut"),
    path("lays/<int:pk>/bundles/", views.lay_bundles, name="lay_bundles"),
    path("lays/<int:pk>/tickets/", views.lay_tickets, name="lay_tickets"),
    *urls_markers.urlpatterns,
    *urls_room.urlpatterns,
]
