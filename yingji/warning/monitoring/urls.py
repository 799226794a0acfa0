from django.urls import include, path

from yingji.platform.core.views import crud_urls

from . import views
from .models import Sensor, Station

app_name = "monitoring"
patterns = [
    path("", views.AlarmBoardView.as_view(), name="alarm_board"),
    path("health/", views.IngestHealthView.as_view(), name="ingest_health"),
    *crud_urls("station", model=Station, list_view=views.StationListView, detail_view=views.StationDetailView,
               edit_view=views.StationEditView),
    *crud_urls("sensor", model=Sensor, list_view=views.SensorListView, detail_view=views.SensorDetailView,
               edit_view=views.SensorEditView),
    path("alarms/", views.AlarmListView.as_view(), name="alarm_list"),
    path("alarms/<int:pk>/", views.AlarmDetailView.as_view(), name="alarm_detail"),
    path("alarms/<int:pk>/draft-warning/", views.AlarmPromoteView.as_view(), name="alarm_promote"),
    *views.transition_urls,
]
urlpatterns = [path("monitoring/", include(patterns))]
