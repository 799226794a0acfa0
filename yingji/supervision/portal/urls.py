from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import EnterpriseAccount

app_name = "portal"
urlpatterns = [
    path("portal/", views.PortalHomeView.as_view(), name="home"),
    path("portal/enterprise/<int:pk>/edit/", views.OwnEnterpriseEditView.as_view(), name="enterprise_edit"),
    path("portal/hazards/add/", views.SelfInspectionView.as_view(), name="hazard_add"),
    path("portal/enforcement/", views.PortalEnforcementView.as_view(), name="enforcement"),
    *crud_urls("enterpriseaccount", model=EnterpriseAccount, list_view=views.EnterpriseAccountListView,
               detail_view=views.EnterpriseAccountDetailView, edit_view=views.EnterpriseAccountEditView),
]
