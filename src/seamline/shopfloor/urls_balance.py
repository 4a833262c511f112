"""Line balancing pages: propose, adjust, save and print a line's layout; worker skills."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
