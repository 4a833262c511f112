from django.urls import path

from seamline.orders import views

app_name = "orders"

urlpatterns = [
    path("", views.order_list, name="order_list"),
    path("new/", views.order_create, name="order_create"),
    path("<int:pk>/", views.order_detail, name="order_detail"),
    path("<int:pk>/edit/", views.order_edit, name="order_edit"),
    path("<int:pk>/matrix/", views.order_matrix, name="order_matrix"),
    path(
        "<int:pk>/styles/<int:style_id>/remove/",
        views.order_remove_style,
        name="order_remove_style",
    ),
    path("<int:pk>/transition/", views.order_transition, name="order_transition"),
]
