from yingji.platform.core.views import crud_urls

from . import views
from .models import Hazard

app_name = "hazards"
urlpatterns = [
    *crud_urls("hazard", model=Hazard, list_view=views.HazardListView, detail_view=views.HazardDetailView,
               edit_view=views.HazardEditView),
    *views.transition_urls,
]
