"""Working-day arithmetic on the holiday calendar (行政处罚法 Art. 85: 二日、三日、五日、七日 are working days).

A day is a working day when the calendar marks it 调休上班, or when it is a Monday to Friday the calendar does not
mark 放假. A year with no day in the calendar is counted Monday to Friday, and `Snapshot.missing_years()` says so,
so that a page can show that the limit ignores that year's holidays.

Loading: the whole calendar (a few dozen rows a year) is read in one query into a `Snapshot`. Inside a web request
the snapshot is kept for the rest of the request, so a page computing limits for many cases reads the calendar
once; it is dropped when the request ends, so every request of every worker process sees the days as they are in
the database (no cross-process cache to invalidate), and a change saved during the request drops it at once.
Outside a request (tests, shell, the task worker) each call reads the calendar afresh, unless the caller wraps a
batch in `with cached():` (the demo data does).
"""

import contextlib
import datetime
import time

from asgiref.local import Local
from django.dispatch import Signal

from .choices import DayKind

ONE_DAY = datetime.timedelta(days=1)

# sent (sender=CalendarDay) after days were added, changed, voided, restored or imported; modules that store limits
# computed in working days (enforcement's due_on) recompute them
calendar_changed = Signal()

_state = Local()

# a kept snapshot is used for at most this many seconds, even if a request's end was never signalled
MAX_AGE_SECONDS = 30


class Snapshot:
    """The calendar as loaded: date → kind, and the years that have at least one day entered."""

    def __init__(self, days):
        self.days = dict(days)
        self.years = frozenset(d.year for d in self.days)

    def is_working_day(self, day):
        kind = self.days.get(day)
        if kind == DayKind.HOLIDAY:
            return False
        if kind == DayKind.WORKDAY:
            return True
        return day.weekday() < 5

    def add(self, start, n):
        """The date `n` working days after `start` (`start` not counted); n ≤ 0 gives `start`."""
        day, left = start, n
        while left > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def between(self, start, end):
        """Working days from `start` to `end`, `end` counted and `start` not; negative when `end` is earlier."""
        if end < start:
            return -self.between(end, start)
        n, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                n += 1
        return n

    def missing_years(self, start, end):
        """The years from `start` to `end` (either order) that have no day in the calendar."""
        lo, hi = sorted((start, end))
        return [y for y in range(lo.year, hi.year + 1) if y not in self.years]


def load():
    from .models import CalendarDay

    rows = CalendarDay.objects.filter(voided_at__isnull=True).values_list("date", "kind")
    return Snapshot(rows)


def snapshot():
    """The calendar to compute with: the request's snapshot, or a fresh one outside a request."""
    kept = getattr(_state, "snapshot", None)
    if kept is not None and time.monotonic() - kept[0] < MAX_AGE_SECONDS:
        return kept[1]
    snap = load()
    _state.snapshot = (time.monotonic(), snap) if getattr(_state, "depth", 0) > 0 else None
    return snap


@contextlib.contextmanager
def cached():
    """Keep one snapshot for the block (a batch outside a web request)."""
    _state.depth = getattr(_state, "depth", 0) + 1
    try:
        yield
    finally:
        _state.depth -= 1
        if _state.depth == 0:
            _state.snapshot = None


def forget():
    """Drop the snapshot of this request/thread (after a change)."""
    _state.snapshot = None


def begin_request(**kwargs):
    _state.depth, _state.snapshot = 1, None


def end_request(**kwargs):
    _state.depth, _state.snapshot = 0, None


def day_saved(sender, instance, **kwargs):
    forget()
    calendar_changed.send(sender=sender, dates=[instance.date])


def changed(dates):
    """Called after a bulk change that sends no post_save (the import)."""
    from .models import CalendarDay

    forget()
    calendar_changed.send(sender=CalendarDay, dates=list(dates))


# -- the API the modules use ---------------------------------------------------------------------------------------

def is_working_day(day):
    return snapshot().is_working_day(day)


def add_working_days(start, n):
    return snapshot().add(start, n)


def working_days_between(start, end):
    return snapshot().between(start, end)


def missing_years(start, end):
    return snapshot().missing_years(start, end)


def year_status(years):
    """{year: (holidays, adjusted working days)} for `years`, in one query; (0, 0) for a year not entered."""
    from django.db.models import Count, Q

    from .models import CalendarDay

    years = list(years)
    out = {y: (0, 0) for y in years}
    if not years:
        return out
    rows = (CalendarDay.objects.filter(voided_at__isnull=True, date__year__gte=min(years),
                                       date__year__lte=max(years))
            .values_list("date__year").annotate(h=Count("pk", filter=Q(kind=DayKind.HOLIDAY)),
                                                w=Count("pk", filter=Q(kind=DayKind.WORKDAY))))
    for year, h, w in rows:
        if year in out:
            out[year] = (h, w)
    return out
