from django.urls import include, path

from yingji.platform.core.views import crud_urls

from . import views
from .models import Incident, IncidentReport

app_name = "incidents"
urlpatterns = [
    path("command/", include([
        *crud_urls("incident", model=Incident, list_view=views.IncidentListView,
                   detail_view=views.IncidentDetailView, edit_view=views.IncidentEditView),
        path("incidents/<int:pk>/do/<slug:name>/", views.IncidentActionView.as_view(), name="incident_action"),
        path("incidents/<int:pk>/document/<slug:name>/", views.IncidentDocumentView.as_view(),
             name="incident_document"),
        *crud_urls("incidentreport", model=IncidentReport, list_view=views.IncidentReportListView,
                   detail_view=views.IncidentReportDetailView, edit_view=views.IncidentReportEditView),
    ])),
]
