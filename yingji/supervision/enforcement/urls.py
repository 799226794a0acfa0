from yingji.platform.core.views import crud_urls

from . import views
from .models import EnforcementCase, Measure

app_name = "enforcement"
urlpatterns = [
    *crud_urls("enforcementcase", model=EnforcementCase, list_view=views.EnforcementCaseListView,
               detail_view=views.EnforcementCaseDetailView, edit_view=views.EnforcementCaseEditView),
    *views.case_urls(),
    *crud_urls("measure", model=Measure, list_view=views.MeasureListView, detail_view=views.MeasureDetailView,
               edit_view=views.MeasureEditView),
]
