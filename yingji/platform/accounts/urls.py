from django.contrib.auth import views as auth_views
from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import Organisation, User

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/otp/", views.OTPView.as_view(), name="otp"),
    path("accounts/profile/", views.ProfileView.as_view(), name="profile"),
    path("accounts/tokens/", views.APITokenListView.as_view(), name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views.APITokenRevokeView.as_view(), name="api_token_revoke"),
    path("system/roles/", views.RoleListView.as_view(), name="role_list"),
    path("system/roles/<int:pk>/", views.RoleListView.as_view(), name="role_detail"),
    path("system/users/<int:pk>/password/", views.UserSetPasswordView.as_view(), name="user_password"),
    path("system/users/<int:pk>/reset-otp/", views.UserResetOTPView.as_view(), name="user_reset_otp"),
    *crud_urls("organisation", model=Organisation, list_view=views.OrganisationListView,
               detail_view=views.OrganisationDetailView, edit_view=views.OrganisationEditView),
    *crud_urls("user", model=User, list_view=views.UserListView, detail_view=views.UserDetailView,
               edit_view=views.UserEditView),
]
