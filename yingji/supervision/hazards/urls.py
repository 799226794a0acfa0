from django.urls import path

from yingji.platform.core.views import RecordFileView, crud_urls

from . import views
from .models import Hazard

app_name = "hazards"
urlpatterns = [
    *crud_urls("hazard", model=Hazard, list_view=views.HazardListView, detail_view=views.HazardDetailView,
               edit_view=views.HazardEditView),
    *views.transition_urls,
    # the uploaded files, through the record's scope (never the /media/ route)
    path("hazards/<int:pk>/photo/", RecordFileView.as_view(model=Hazard, field="photo"), name="hazard_photo"),
    path("hazards/<int:pk>/evidence/", RecordFileView.as_view(model=Hazard, field="evidence_file"),
         name="hazard_evidence"),
]
