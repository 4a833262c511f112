from django.urls import path

from seamline.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("switch/", views.organization_switch, name="switch"),
    path("members/", views.member_list, name="member_list"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_create, name="invitation_create"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("tokens/", views.api_token_list, name="api_token_list"),
    path("tokens/new/", views.api_token_create, name="api_token_create"),
    path("tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
