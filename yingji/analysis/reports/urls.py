from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import BaselineFigure, ReportNarrative

app_name = "reports"
urlpatterns = [
    path("reports/annual/", views.AnnualReportView.as_view(), name="annual"),
    path("reports/annual/docx/", views.AnnualReportDownloadView.as_view(kind="docx"), name="annual_docx"),
    path("reports/annual/xlsx/", views.AnnualReportDownloadView.as_view(kind="xlsx"), name="annual_xlsx"),
    *crud_urls("reportnarrative", model=ReportNarrative, list_view=views.ReportNarrativeListView,
               detail_view=views.ReportNarrativeDetailView, edit_view=views.ReportNarrativeEditView),
    *crud_urls("baselinefigure", model=BaselineFigure, list_view=views.BaselineFigureListView,
               detail_view=views.BaselineFigureDetailView, edit_view=views.BaselineFigureEditView),
]
