from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import InspectionPlan

app_name = "inspection_plans"
urlpatterns = [
    # the addresses of before the split (issue 8): /inspectionplans/…
    *crud_urls("inspectionplan", model=InspectionPlan, list_view=views.InspectionPlanListView,
               detail_view=views.InspectionPlanDetailView, edit_view=views.InspectionPlanEditView),
    path("inspectionplans/<int:pk>/generate/", views.InspectionPlanGenerateView.as_view(),
         name="inspectionplan_generate"),
    path("inspectionplans/<int:pk>/items/add/", views.PlannedInspectionAddView.as_view(),
         name="inspectionplan_item_add"),
]
