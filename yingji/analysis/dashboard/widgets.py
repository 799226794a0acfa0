"""The leader's 工作台 widget: this year's headline figures (安全监管统计) beside the same period last year."""

import datetime

from django.utils import timezone

from .stats import dashboard_stats

ROWS = 8


def is_leader(user):
    role_codes = getattr(user, "role_codes", None)
    return bool(role_codes and "leader" in role_codes())


def headline(request):
    """The first figures of the dashboard's headline table, from 1 January to today (同比: the same days of last
    year), each linking to its records; None when the user may see none."""
    today = timezone.localdate()
    start = datetime.date(today.year, 1, 1)
    data = dashboard_stats(request.user, start, today)
    figures = [f for f in data["results"] if f.get("value") is not None][:ROWS]
    if not figures:
        return None
    return {"figures": figures, "start": start, "end": today}
