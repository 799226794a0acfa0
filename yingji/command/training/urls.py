from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import PublicityActivity, TrainingSession

app_name = "training"
urlpatterns = [
    *crud_urls("trainingsession", model=TrainingSession, list_view=views.TrainingSessionListView,
               detail_view=views.TrainingSessionDetailView, edit_view=views.TrainingSessionEditView),
    *crud_urls("publicityactivity", model=PublicityActivity, list_view=views.PublicityActivityListView,
               detail_view=views.PublicityActivityDetailView, edit_view=views.PublicityActivityEditView),
    path("publicityactivitys/<int:pk>/photo/", views.PublicityPhotoView.as_view(), name="publicityactivity_photo"),
]
