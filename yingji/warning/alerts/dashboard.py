"""Warnings on the dashboard: first messages issued in the period (and last year's), orange and red ones, forwarded
upstream ones, in force now; by month and by township of the issuing region."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard
from yingji.platform.core.periods import local_bounds

from .choices import ISSUED_STATES, Level, MsgType, Origin
from .models import Warning

LIST = "alerts:warning_list"
DATES = ("sent_after", "sent_before")


@dashboard.provider("warnings", order=60, permission="alerts.view_warning")
def warning_figures(req):
    scoped = req.records(req.in_region(Warning.objects.restrict(req.user, "view")))
    base = scoped.active().filter(state__in=ISSUED_STATES, msg_type=MsgType.ALERT)
    (a, b), (c, d) = req.period(), req.previous

    def within(qs, first, last):
        lo, hi = local_bounds(first, last)
        return qs.filter(sent__gte=lo, sent__lt=hi)

    now, before = within(base, a, b), within(base, c, d)
    spec = {"n": Count("pk"), "high": Count("pk", filter=Q(level__in=(Level.ORANGE, Level.RED))),
            "forwarded": Count("pk", filter=Q(origin=Origin.UPSTREAM))}
    cur, prev = now.aggregate(**spec), before.aggregate(**spec)
    by_level = dict(now.order_by().values_list("level").annotate(n=Count("pk")))
    in_force = scoped.in_force().count()

    def url(previous=False, region=None, **f):
        return req.list_url(LIST, DATES, previous=previous, region=region, msg_type=MsgType.ALERT, **f)

    headline = [
        dashboard.figure("warnings.issued", _("发布预警信息"), cur["n"], prev["n"], url(), "条", url(previous=True)),
        dashboard.figure("warnings.high", _("橙色、红色预警"), cur["high"], prev["high"], url(), "条",
                         note=_("橙色与红色预警之和")),
        dashboard.figure("warnings.forwarded", _("转发上级预警"), cur["forwarded"], prev["forwarded"],
                         url(origin=Origin.UPSTREAM), "条"),
    ]
    data = {"by_level": [{"key": lvl.value, "label": str(lvl.label), "value": by_level.get(lvl.value, 0),
                          "url": url(level=lvl.value)} for lvl in Level],
            "in_force": in_force}
    return dashboard.Contribution(
        data=data, headline=headline,
        monthly={"warnings": dashboard.monthly(base.filter(Q(pk__in=now.values("pk")) | Q(pk__in=before.values("pk"))),
                                               "sent")},
        townships={"warnings": dashboard.TownshipColumn(dashboard.by_township(now), lambda t: url(region=t))})
