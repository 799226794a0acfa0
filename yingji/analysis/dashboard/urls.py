from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("analysis/supervision/", views.SupervisionDashboardView.as_view(), name="supervision"),
]
