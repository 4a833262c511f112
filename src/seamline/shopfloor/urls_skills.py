"""The worker-skills pages, appended to the shop-floor app's URLs (mounted at /shopfloor/)."""

from django.urls import URLPattern, path

from seamline.shopfloor import views_skills

urlpatterns: list[URLPattern] = [
    path("skills/", views_skills.worker_skills, name="worker_skills"),
    path("skills/<int:pk>/", views_skills.worker_skill, name="worker_skill"),
]
