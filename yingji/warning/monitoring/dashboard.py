"""Monitoring alarms on the dashboard: alarms triggered in the period (same period last year beside), by level, and
those still open now."""

from django.db.models import Count
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from .choices import ACTIVE_STATES, AlarmLevel
from .models import Alarm

LIST = "monitoring:alarm_list"
DATES = ("triggered_after", "triggered_before")


@dashboard.provider("monitoring", order=60, permission="monitoring.view_alarm")
def monitoring_figures(req):
    base = req.records(req.in_region(Alarm.objects.restrict(req.user, "view")))
    (a, b), (c, d) = req.period(), req.previous
    now = base.filter(triggered_at__date__gte=a, triggered_at__date__lte=b)
    before = base.filter(triggered_at__date__gte=c, triggered_at__date__lte=d)
    by_level = dict(now.order_by().values_list("level").annotate(n=Count("pk")))

    def url(previous=False, **filters):
        return req.list_url(LIST, DATES, previous=previous, **filters)

    total = dashboard.figure("monitoring.alarms", _("监测报警"), now.count(), before.count(), url(), "条",
                             url(previous=True))
    open_now = dashboard.figure("monitoring.open", _("未关闭监测报警"), base.filter(state__in=ACTIVE_STATES).count(),
                                None, req.list_url(LIST, None, open="true"), "条")
    data = {"total": total, "open": open_now,
            "by_level": [{"key": lvl.value, "label": str(lvl.label), "value": by_level.get(lvl.value, 0),
                          "url": url(level=lvl.value)} for lvl in AlarmLevel]}
    return dashboard.Contribution(
        data=data, headline=[total, open_now],
        townships={"alarms": dashboard.TownshipColumn(dashboard.by_township(now), lambda t: url(region=t))})
