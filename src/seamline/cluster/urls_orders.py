"""Cluster pages: orders, bids, allocation runs and offers (namespace "cluster")."""

from django.urls import URLPattern, path

from seamline.cluster import views_orders as views

urlpatterns: list[URLPattern] = [
    path("orders/", views.order_list, name="order_list"),
    path("orders/new/", views.order_create, name="order_create"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/publish/", views.order_publish, name="order_publish"),
    path("orders/<int:pk>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<int:pk>/bid/", views.order_bid, name="order_bid"),
    path("orders/<int:pk>/allocate/", views.order_allocate, name="order_allocate"),
    path("runs/<int:pk>/offer/", views.run_offer, name="run_offer"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("allocations/<int:pk>/answer/", views.allocation_answer, name="allocation_answer"),
]
