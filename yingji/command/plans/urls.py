from django.urls import path

from yingji.platform.core.views import crud_urls

from . import views
from .models import Drill, DrillFinding, Plan
from .pickers import DrillSearchView, PlanSearchView

app_name = "plans"
urlpatterns = [
    path("plans/search/", PlanSearchView.as_view(), name="plan_search"),
    path("drills/search/", DrillSearchView.as_view(), name="drill_search"),
    *crud_urls("plan", model=Plan, list_view=views.PlanListView, detail_view=views.PlanDetailView,
               edit_view=views.PlanEditView),
    path("plans/<int:pk>/levels/", views.PlanLevelsView.as_view(), name="plan_levels"),
    path("plans/<int:pk>/actions/", views.PlanActionsView.as_view(), name="plan_actions"),
    path("plans/<int:pk>/versions/add/", views.PlanVersionAddView.as_view(), name="plan_version_add"),
    path("plans/<int:pk>/card/", views.PlanCardView.as_view(), name="plan_card"),
    path("plan-versions/<int:pk>/file/", views.PlanVersionFileView.as_view(), name="planversion_file"),
    *views.plan_transition_urls,
    *crud_urls("drill", model=Drill, list_view=views.DrillListView, detail_view=views.DrillDetailView,
               edit_view=views.DrillEditView),
    path("drills/<int:pk>/photos/add/", views.DrillPhotoUploadView.as_view(), name="drill_photo_add"),
    path("drill-photos/<int:pk>/", views.DrillPhotoView.as_view(), name="drillphoto_file"),
    *crud_urls("drillfinding", model=DrillFinding, list_view=views.DrillFindingListView,
               detail_view=views.DrillFindingDetailView, edit_view=views.DrillFindingEditView),
    *views.finding_transition_urls,
]
