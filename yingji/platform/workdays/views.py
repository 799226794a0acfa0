from django.utils import timezone

from yingji.platform.core import views as generic

from . import services
from .filtersets import CalendarDayFilterSet
from .forms import CalendarDayForm
from .models import CalendarDay
from .tables import CalendarDayTable


def coverage(today=None):
    """[(year, holidays, working days)] of last year, this year and next year, for the page's warnings."""
    today = today or timezone.localdate()
    years = [today.year - 1, today.year, today.year + 1]
    status = services.year_status(years)
    return [(y, *status[y]) for y in years]


class CalendarDayListView(generic.ObjectListView):
    """节假日安排: the days, with a warning for this or next year when it has no day entered."""

    model = CalendarDay
    filterset_class = CalendarDayFilterSet
    table_class = CalendarDayTable
    template_name = "workdays/calendarday_list.html"
    import_spec = "calendardays"


class CalendarDayDetailView(generic.ObjectDetailView):
    model = CalendarDay


class CalendarDayEditView(generic.ObjectEditView):
    model = CalendarDay
    form_class = CalendarDayForm
