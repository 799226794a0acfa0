from django.urls import include, path

from yingji.platform.core.views import crud_urls

from . import views
from .models import DisasterEvent, LossReport

app_name = "losses"
urlpatterns = [
    path("disaster/stats/", views.DisasterStatsView.as_view(), name="disaster_stats"),
    path("disaster/", include([
        *crud_urls("disasterevent", model=DisasterEvent, list_view=views.DisasterEventListView,
                   detail_view=views.DisasterEventDetailView, edit_view=views.DisasterEventEditView),
        *crud_urls("lossreport", model=LossReport, list_view=views.LossReportListView,
                   detail_view=views.LossReportDetailView, edit_view=views.LossReportEditView),
    ])),
]
