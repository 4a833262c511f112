from django.urls import path

from seamline.catalog import urls_patterns, views

app_name = "catalog"

urlpatterns = [
    path("styles/", views.style_list, name="style_list"),
    path("styles/new/", views.style_create, name="style_create"),
    path("styles/<int:pk>/", views.style_detail, name="style_detail"),
    path("styles/<int:pk>/edit/", views.style_edit, name="style_edit"),
    path("styles/<int:pk>/delete/", views.style_delete, name="style_delete"),
    path("styles/<int:pk>/picture/", views.style_picture, name="style_picture"),
    path("styles/<int:pk>/operations/new/", views.operation_create, name="operation_create"),
    path("operations/<int:pk>/edit/", views.operation_edit, name="operation_edit"),
    path("operations/<int:pk>/delete/", views.operation_delete, name="operation_delete"),
    path("operations/<int:pk>/move/", views.operation_move, name="operation_move"),
    path("styles/<int:pk>/bom/new/", views.bom_line_create, name="bom_line_create"),
    path("bom/<int:pk>/edit/", views.bom_line_edit, name="bom_line_edit"),
    path("bom/<int:pk>/delete/", views.bom_line_delete, name="bom_line_delete"),
    path("materials/", views.material_list, name="material_list"),
    path("materials/new/", views.material_create, name="material_create"),
    path("materials/<int:pk>/edit/", views.material_edit, name="material_edit"),
    path("customers/", views.customer_list, name="customer_list"),
    path("customers/new/", views.customer_create, name="customer_create"),
    path("customers/<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("size-grids/", views.size_grid_list, name="size_grid_list"),
    path("size-grids/new/", views.size_grid_create, name="size_grid_create"),
    path("size-grids/<int:pk>/edit/", views.size_grid_edit, name="size_grid_edit"),
    path("colours/", views.colour_list, name="colour_list"),
    path("colours/new/", views.colour_create, name="colour_create"),
    path("colours/<int:pk>/edit/", views.colour_edit, name="colour_edit"),
    *urls_patterns.urlpatterns,
]
