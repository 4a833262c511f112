"""Line balancing pages: propose, adjust, save and print a line's layout."""

from django.urls import URLPattern, path

from seamline.shopfloor import views_balance as views

urlpatterns: list[URLPattern] = [
    path("balance/", views.balance_list, name="balance_list"),
    path("balance/propose/", views.balance_propose, name="balance_propose"),
    path("balance/<int:pk>/", views.balance_detail, name="balance_detail"),
    path("balance/<int:pk>/adjust/", views.balance_adjust, name="balance_adjust"),
    path("balance/<int:pk>/assign/", views.balance_assign, name="balance_assign"),
    path("balance/<int:pk>/activate/", views.balance_activate, name="balance_activate"),
    path("balance/<int:pk>/rebalance/", views.balance_rebalance, name="balance_rebalance"),
    path("balance/<int:pk>/sheet.pdf", views.balance_sheet, name="balance_sheet"),
]
