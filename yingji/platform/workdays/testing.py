import datetime

from yingji.platform.core.testing import sample_factory

from .choices import DayKind
from .models import CalendarDay

_counter = {"n": 0}


@sample_factory(CalendarDay)
def make_calendar_day(world, region, **kw):
    """A 放假 day in a far year (the calendar is nationwide: `region` does not apply)."""
    _counter["n"] += 1
    kw.setdefault("date", datetime.date(2090, 1, 1) + datetime.timedelta(days=_counter["n"]))
    kw.setdefault("kind", DayKind.HOLIDAY)
    kw.setdefault("holiday", "样例节")
    kw.setdefault("basis", "样例通知")
    return CalendarDay.objects.create(**kw)
