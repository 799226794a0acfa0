from yingji.platform.core.views import crud_urls

from . import views
from .models import Tipoff

app_name = "tipoffs"
urlpatterns = [
    *crud_urls("tipoff", model=Tipoff, list_view=views.TipoffListView, detail_view=views.TipoffDetailView,
               edit_view=views.TipoffEditView),
    *views.transition_urls,
]
