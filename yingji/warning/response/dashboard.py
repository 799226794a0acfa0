"""Emergency responses on the dashboard: started in the period (and last year's), active now."""

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from .choices import ResponseState
from .models import EmergencyResponse

LIST = "response:emergencyresponse_list"


def _within(qs, lo, hi):
    lo_dt = timezone.make_aware(datetime.datetime.combine(lo, datetime.time.min))
    hi_dt = timezone.make_aware(datetime.datetime.combine(hi + datetime.timedelta(days=1), datetime.time.min))
    return qs.filter(started_at__gte=lo_dt, started_at__lt=hi_dt)


@dashboard.provider("responses", order=62, permission="response.view_emergencyresponse")
def response_figures(req):
    base = req.records(req.in_region(EmergencyResponse.objects.restrict(req.user, "view").active()))
    (a, b), (c, d) = req.period(), req.previous
    now, before = _within(base, a, b), _within(base, c, d)

    def url(previous=False, **f):
        return req.list_url(LIST, ("started_after", "started_before"), previous=previous, **f)

    by_plan = dict(now.order_by().values_list("plan_type").annotate(n=Count("pk")))
    headline = [dashboard.figure("responses.started", _("启动应急响应"), now.count(), before.count(), url(), "次",
                                 url(previous=True)),
                dashboard.figure("responses.active", _("响应中"), base.filter(state=ResponseState.ACTIVE).count(),
                                 None, req.list_url(LIST, None, state=ResponseState.ACTIVE), "个")]
    return dashboard.Contribution(data={"by_plan": by_plan}, headline=headline,
                                  monthly={"responses": dashboard.monthly(now, "started_at")})
