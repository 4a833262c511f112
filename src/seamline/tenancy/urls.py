from django.urls import path

from seamline.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("switch/", views.organization_switch, name="switch"),
]
