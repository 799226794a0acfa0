"""The plans' and drills' figures on the dashboard, with the definitions of the annual report's paragraphs: drills
held in the period (by 演练日期) and their participants, plans revised in the period (a version other than the first),
and the plans in force owing a drill now (overdue)."""

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from .choices import RevisionReason
from .models import Drill, Plan, PlanVersion

DRILLS = "plans:drill_list"
PLANS = "plans:plan_list"


@dashboard.provider("drills", order=65, permission="plans.view_drill")
def drill_figures(req):
    today = req.today or timezone.localdate()
    base = req.records(req.in_region(Drill.objects.restrict(req.user, "view").active()))
    (a, b), (c, d) = req.period(), req.previous
    now = base.filter(held_on__gte=a, held_on__lte=b)
    cur = now.aggregate(n=Count("pk"), people=Sum("participants"))
    prev = base.filter(held_on__gte=c, held_on__lte=d).aggregate(n=Count("pk"), people=Sum("participants"))

    def url(previous=False, region=None, **filters):
        return req.list_url(DRILLS, ("held_after", "held_before"), previous=previous, region=region, **filters)

    plans = req.records(req.in_region(Plan.objects.restrict(req.user, "view").active()))
    revised = (PlanVersion.objects.filter(plan__in=plans).exclude(reason=RevisionReason.INITIAL)
               .aggregate(now=Count("plan", distinct=True, filter=Q(issued_on__gte=a, issued_on__lte=b)),
                          before=Count("plan", distinct=True, filter=Q(issued_on__gte=c, issued_on__lte=d))))
    overdue = plans.drill_overdue(today).count()
    headline = [
        dashboard.figure("drills.held", _("开展应急演练"), cur["n"], prev["n"], url(), "场", url(previous=True)),
        dashboard.figure("drills.participants", _("参演人次"), cur["people"] or 0, prev["people"] or 0, url(), "人次",
                         url(previous=True)),
        dashboard.figure("plans.revised", _("修订应急预案"), revised["now"], revised["before"],
                         req.list_url(PLANS, ("revised_after", "revised_before")), "件",
                         req.list_url(PLANS, ("revised_after", "revised_before"), previous=True)),
        dashboard.figure("plans.drill_overdue", _("逾期未演练预案"), overdue, None,
                         req.list_url(PLANS, None, due="drill_overdue"), "件"),
    ]
    months = dashboard.monthly(base.filter(Q(held_on__gte=a, held_on__lte=b) | Q(held_on__gte=c, held_on__lte=d)),
                               "held_on")
    return dashboard.Contribution(
        data={"held": headline[0], "participants": headline[1], "revised": headline[2], "drill_overdue": headline[3]},
        headline=headline, monthly={"drills": months},
        townships={"drills": dashboard.TownshipColumn(dashboard.by_township(now), lambda t: url(region=t))})
