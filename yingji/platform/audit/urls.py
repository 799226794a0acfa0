from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("system/changes/", views.ObjectChangeListView.as_view(), name="objectchange_list"),
    path("system/security-events/", views.AuditEventListView.as_view(), name="auditevent_list"),
]
