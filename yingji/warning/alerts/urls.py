from yingji.platform.core.views import crud_urls

from . import views
from .models import Warning

app_name = "alerts"
urlpatterns = [
    *views.extra_urls,
    *crud_urls("warning", model=Warning, list_view=views.WarningListView, detail_view=views.WarningDetailView,
               edit_view=views.WarningEditView),
    *views.transition_urls,
]
