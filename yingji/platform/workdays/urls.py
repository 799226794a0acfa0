from yingji.platform.core.views import crud_urls

from . import views
from .models import CalendarDay

app_name = "workdays"
urlpatterns = crud_urls("calendarday", model=CalendarDay, list_view=views.CalendarDayListView,
                        detail_view=views.CalendarDayDetailView, edit_view=views.CalendarDayEditView)
