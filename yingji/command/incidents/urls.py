from django.urls import include, path

from yingji.platform.core.views import crud_urls

from . import views
from .models import Incident, IncidentReport

app_name = "incidents"
urlpatterns = [
    path("command/incidents/stats/", views.IncidentStatsView.as_view(), name="incident_stats"),
    path("command/", include([
        *crud_urls("incident", model=Incident, list_view=views.IncidentListView,
                   detail_view=views.IncidentDetailView, edit_view=views.IncidentEditView),
        *[path(f"incidents/<int:pk>/{name}/", views.IncidentActionView.as_view(), {"name": name},
               name=f"incident_{name}") for name in views.IncidentActionView.names],
        *[path(f"incidents/<int:pk>/document/{name}/", views.IncidentDocumentView.as_view(), {"name": name},
               name=f"incident_document_{name}") for name in ("special", "follow_up")],
        *crud_urls("incidentreport", model=IncidentReport, list_view=views.IncidentReportListView,
                   detail_view=views.IncidentReportDetailView, edit_view=views.IncidentReportEditView),
    ])),
]
