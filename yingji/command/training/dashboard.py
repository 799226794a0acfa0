"""Training and publicity figures on the dashboard, with the annual report's definitions: sessions held and people
trained in the period (by 培训日期), publicity activities and the people they reached (by 活动日期)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from .models import PublicityActivity, TrainingSession


@dashboard.provider("training", order=67, permission="training.view_trainingsession")
def training_figures(req):
    (a, b), (c, d) = req.period(), req.previous
    sessions = req.records(req.in_region(TrainingSession.objects.restrict(req.user, "view").active()))
    activities = req.records(req.in_region(PublicityActivity.objects.restrict(req.user, "view").active()))

    def totals(qs, people):
        return qs.aggregate(n_now=Count("pk", filter=Q(held_on__gte=a, held_on__lte=b)),
                            n_before=Count("pk", filter=Q(held_on__gte=c, held_on__lte=d)),
                            p_now=Sum(people, filter=Q(held_on__gte=a, held_on__lte=b)),
                            p_before=Sum(people, filter=Q(held_on__gte=c, held_on__lte=d)))

    t, p = totals(sessions, "trained"), totals(activities, "reached")
    dates = ("held_after", "held_before")

    def url(name, previous=False, region=None):
        return req.list_url(name, dates, previous=previous, region=region)

    sl, pl = "training:trainingsession_list", "training:publicityactivity_list"
    headline = [
        dashboard.figure("training.sessions", _("举办培训"), t["n_now"], t["n_before"], url(sl), "期",
                         url(sl, True)),
        dashboard.figure("training.people", _("培训人次"), t["p_now"] or 0, t["p_before"] or 0, url(sl), "人次",
                         url(sl, True)),
        dashboard.figure("publicity.activities", _("宣传活动"), p["n_now"], p["n_before"], url(pl), "场",
                         url(pl, True)),
        dashboard.figure("publicity.reached", _("宣传受众"), p["p_now"] or 0, p["p_before"] or 0, url(pl), "人次",
                         url(pl, True)),
    ]
    now = sessions.filter(held_on__gte=a, held_on__lte=b)
    return dashboard.Contribution(
        data={"sessions": headline[0], "people": headline[1], "activities": headline[2], "reached": headline[3]},
        headline=headline,
        townships={"trained": dashboard.TownshipColumn(_people_by_township(now),
                                                        lambda t: url(sl, region=t))})


def _people_by_township(qs):
    from django.db.models.functions import Substr

    n = dashboard.township_prefix()
    rows = qs.order_by().annotate(t=Substr("region__code", 1, n)).values("t").annotate(p=Sum("trained"))
    return {r["t"]: r["p"] or 0 for r in rows}
