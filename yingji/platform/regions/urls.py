from yingji.platform.core.views import crud_urls

from . import views
from .models import Region

app_name = "regions"
urlpatterns = crud_urls("region", model=Region, list_view=views.RegionListView,
                        detail_view=views.RegionDetailView, edit_view=views.RegionEditView)
