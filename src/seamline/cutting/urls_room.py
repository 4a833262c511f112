"""The cutting room of an order: pattern, markers, the cut plan against fabric, then cut."""

from django.urls import URLPattern, path

from seamline.cutting import views_room

urlpatterns: list[URLPattern] = [
    path("orders/<int:pk>/room/", views_room.room_order, name="room_order"),
    path("plans/<int:pk>/room/", views_room.room_view, name="room"),
    path("plans/<int:pk>/room/settings/", views_room.room_settings, name="room_settings"),
    path("plans/<int:pk>/room/propose/", views_room.room_propose, name="room_propose"),
    path("plans/<int:pk>/room/apply/", views_room.room_apply, name="room_apply"),
    path("plans/<int:pk>/room/nest/", views_room.room_nest, name="room_nest"),
    path("room/lays/<int:pk>/cut/", views_room.room_lay_cut, name="room_lay_cut"),
]
