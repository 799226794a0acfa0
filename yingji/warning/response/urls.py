from yingji.platform.core.views import crud_urls

from . import views
from .models import EmergencyResponse

app_name = "response"
urlpatterns = [
    *crud_urls("emergencyresponse", model=EmergencyResponse, list_view=views.ResponseListView,
               detail_view=views.ResponseDetailView, edit_view=views.ResponseEditView),
    *views.transition_urls,
    *views.urlpatterns_extra,
]
