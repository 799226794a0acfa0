from django.urls import include, path

from yingji.platform.core.views import crud_urls

from . import views
from .models import DisasterInfoOfficer, TrainingRecord

app_name = "officers"
urlpatterns = [
    path("disaster-officers/", include([
        path("coverage/", views.CoverageView.as_view(), name="coverage"),
        *crud_urls("disasterinfoofficer", model=DisasterInfoOfficer, list_view=views.DisasterInfoOfficerListView,
                   detail_view=views.DisasterInfoOfficerDetailView, edit_view=views.DisasterInfoOfficerEditView),
        *crud_urls("trainingrecord", model=TrainingRecord, list_view=views.TrainingRecordListView,
                   detail_view=views.TrainingRecordDetailView, edit_view=views.TrainingRecordEditView),
    ])),
]
