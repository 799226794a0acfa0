"""Sending and 叫应 on the dashboard: releases of the period (and last year's), the people reached (person-times)
and the 叫应率 of the releases that required it (confirmed of those who had to confirm)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard, phrasing
from yingji.platform.core.periods import local_bounds

from .choices import TargetState
from .models import Release, Target

LIST = "release:release_list"
DATES = ("created_after", "created_before")
REQUIRED = (TargetState.WAITING, TargetState.CONFIRMED, TargetState.ESCALATED)


def _within(qs, first, last):
    lo, hi = local_bounds(first, last)
    return qs.filter(created_at__gte=lo, created_at__lt=hi)


@dashboard.provider("releases", order=61, permission="release.view_release")
def release_figures(req):
    base = req.records(req.in_region(Release.objects.restrict(req.user, "view").active()))
    (a, b), (c, d) = req.period(), req.previous
    figures = []
    for qs in (_within(base, a, b), _within(base, c, d)):
        people = Target.objects.filter(release__in=qs.values("pk")).aggregate(
            n=Count("pk"), required=Count("pk", filter=Q(state__in=REQUIRED)),
            confirmed=Count("pk", filter=Q(state=TargetState.CONFIRMED)))
        figures.append((qs.count(), people["n"], phrasing.percent(people["confirmed"], people["required"])))
    (n, reached, rate), (n0, reached0, rate0) = figures

    def url(previous=False, **f):
        return req.list_url(LIST, DATES, previous=previous, **f)

    headline = [
        dashboard.figure("releases.sent", _("预警和通知发送"), n, n0, url(), _("批次"), url(previous=True)),
        dashboard.figure("releases.people", _("覆盖责任人"), reached, reached0, url(), _("人次")),
        dashboard.figure("releases.confirm_rate", _("叫应率"), rate if rate is not None else 0, rate0,
                         url(confirm_required="true"), "%", note=_("须叫应的人中已叫应的比例")),
    ]
    return dashboard.Contribution(headline=headline)
