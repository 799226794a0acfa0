from django.urls import include, path

from yingji.platform.core.views import crud_urls

from . import views
from .models import Accident, AccidentInvestigation, AccidentReport

app_name = "accidents"
urlpatterns = [
    path("supervision/accidents/stats/", views.AccidentStatsView.as_view(), name="accident_stats"),
    path("supervision/", include([
        *crud_urls("accident", model=Accident, list_view=views.AccidentListView,
                   detail_view=views.AccidentDetailView, edit_view=views.AccidentEditView),
        *crud_urls("accidentreport", model=AccidentReport, list_view=views.AccidentReportListView,
                   detail_view=views.AccidentReportDetailView, edit_view=views.AccidentReportEditView),
        *crud_urls("accidentinvestigation", model=AccidentInvestigation,
                   list_view=views.AccidentInvestigationListView, detail_view=views.AccidentInvestigationDetailView,
                   edit_view=views.AccidentInvestigationEditView),
    ])),
]
