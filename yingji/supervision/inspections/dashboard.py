"""The inspections' figures on the supervision dashboard, from inspection_stats (the same as 检查统计), narrowed by
the statistics parameters (专项行动: campaigns/dashboard.py, 来源: core.stats)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from .models import Inspection
from .stats import inspection_stats

LIST = "inspections:inspection_list"
DATES = ("date_from", "date_to")  # the inspection list's filters of inspected_on


@dashboard.provider("inspections", order=20, permission="inspections.view_inspection")
def inspection_figures(req):
    extra = req.list_filters(Inspection)

    def url(previous=False, region=None, **filters):
        return req.list_url(LIST, DATES, previous=previous, region=region, **extra, **filters)

    insp = inspection_stats(req.user, req.start, req.end, region=req.region, campaign=req.params.get("campaign"),
                            source=req.params.get("source"))
    data = {
        "inspections": dashboard.figure("inspections.count", _("监督检查"), insp["inspections"],
                                        insp["last_year"]["inspections"], url(), "次", url(previous=True)),
        "places": dashboard.figure("inspections.places", _("检查企业（家）"), insp["places"],
                                   insp["last_year"]["places"], url(), "家", url(previous=True)),
        "by_kind": [{**r, "url": url(kind=r["key"])} for r in insp["results"]
                    if r["dimension"] == "kind" and (r["inspections"] or r["last_year_inspections"])],
        "by_sector": [{**r, "url": url(sector=r["key"])} for r in insp["results"]
                      if r["dimension"] == "sector" and (r["inspections"] or r["last_year_inspections"])],
    }
    base = req.narrow(Inspection.objects.restrict(req.user, "view").active())
    (a, b), (c, d) = req.period(), req.previous
    months = dashboard.monthly(base.filter(Q(inspected_on__range=(a, b)) | Q(inspected_on__range=(c, d))),
                               "inspected_on")
    now = base.filter(inspected_on__gte=a, inspected_on__lte=b)
    return dashboard.Contribution(
        data=data, headline=[data["inspections"], data["places"]], monthly={"inspections": months},
        townships={"inspections": dashboard.TownshipColumn(dashboard.by_township(now), lambda t: url(region=t))},
    )
