"""Cluster pages: clusters, members and the factories' capacity profiles."""

from django.urls import URLPattern, path

from seamline.cluster import views_members as views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("new/", views.cluster_create, name="cluster_create"),
    path("<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("<int:pk>/invite/", views.member_invite, name="member_invite"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("members/<int:pk>/answer/", views.member_answer, name="member_answer"),
    path("members/<int:pk>/profile/", views.member_profile, name="member_profile"),
    path("profile/", views.profile, name="profile"),
    path("profile/weeks/", views.profile_weeks, name="profile_weeks"),
]
