"""The inspections' figures on the supervision dashboard, from inspection_stats (the same as 检查统计), narrowed by
the statistics parameters (专项行动: campaigns/dashboard.py, 来源: core.stats); the counts come from the inspections'
rollup (rollups.py, core.rollups): whole months from the stored cells, the rest counted from the records, the same
cells either way."""

from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from . import rollups as rollups_
from .models import Inspection
from .stats import period_cells, periods_cells, stats_of

LIST = "inspections:inspection_list"
DATES = ("date_from", "date_to")  # the inspection list's filters of inspected_on


@dashboard.provider("inspections", order=20, permission="inspections.view_inspection")
def inspection_figures(req):
    extra = req.list_filters(Inspection)

    def url(previous=False, region=None, **filters):
        return req.list_url(LIST, DATES, previous=previous, region=region, **extra, **filters)

    params = {"region": req.region, "campaign": req.params.get("campaign"), "source": req.params.get("source")}
    (a, b), (c, d) = req.period(), req.previous
    now_cells, before_cells = periods_cells(req.user, [(a, b), (c, d)], **params)
    insp = stats_of(now_cells, before_cells, req.start, req.end, **params)
    data = {
        "inspections": dashboard.figure("inspections.count", _("监督检查"), insp["inspections"],
                                        insp["last_year"]["inspections"], url(), "次", url(previous=True)),
        "places": dashboard.figure("inspections.places", _("检查企业（家）"), insp["places"],
                                   insp["last_year"]["places"], url(), "家", url(previous=True)),
        "by_kind": [{**r, "url": url(kind=r["key"])} for r in insp["results"]
                    if r["dimension"] == "kind" and (r["inspections"] or r["last_year_inspections"])],
        "by_sector": [{**r, "url": url(sector=r["key"])} for r in insp["results"]
                      if r["dimension"] == "sector" and (r["inspections"] or r["last_year_inspections"])],
        # "rollup": whole months from the stored counts (core.rollups); "live": counted from the records
        "basis": now_cells.basis,
    }
    # the months of both periods: their sum when the periods do not overlap, else the span they cover together
    both = (now_cells + before_cells if d < a or b < c
            else period_cells(req.user, min(a, c), max(b, d), **params))
    n = dashboard.township_prefix()
    return dashboard.Contribution(
        data=data, headline=[data["inspections"], data["places"]],
        monthly={"inspections": both.by_month(rollups_.INSPECTIONS)},
        townships={"inspections": dashboard.TownshipColumn(now_cells.by_prefix(rollups_.INSPECTIONS, n),
                                                           lambda t: url(region=t))},
    )
