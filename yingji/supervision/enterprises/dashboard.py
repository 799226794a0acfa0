"""The enterprises' figures on the supervision dashboard: enterprises in scope today, by sector and by 行业主管部门."""

from collections import Counter

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from .choices import Sector
from .models import Enterprise

LIST = "enterprises:enterprise_list"


@dashboard.provider("enterprises", order=10, permission="enterprises.view_enterprise")
def enterprise_figures(req):
    """Enterprises in scope today (not voided): what exists now, so the links carry no period. Under ?campaign=
    the enterprises the campaign covers. The grids (网格) of the region, their 网格员 and the places (enterprises)
    filed under a grid: "N个网格, M个场所"."""
    narrowed = req.list_filters(Enterprise)

    def url(**filters):
        return req.list_url(LIST, **narrowed, **filters)

    qs = req.narrow(Enterprise.objects.restrict(req.user, "view").active())
    # one grouped query for the three breakdowns (sector, 行业主管部门, township), as the hand-written SQL does
    n = dashboard.township_prefix()
    sectors, by_department, townships, names = Counter(), Counter(), Counter(), {}
    for sector, dept, name, township, count in (
            qs.order_by().annotate(t=Substr("region__code", 1, n))
            .values_list("sector", "supervising_department", "supervising_department__name", "t")
            .annotate(n=Count("pk"))):
        sectors[sector] += count
        by_department[dept] += count
        townships[township] += count
        names[dept] = name
    departments = sorted(({"supervising_department": d, "supervising_department__name": names[d], "n": c}
                          for d, c in by_department.items()),
                         key=lambda r: (-r["n"], r["supervising_department__name"] or ""))
    total = sum(sectors.values())
    data = {
        "total": total, "url": url(),
        "by_sector": [{"key": s.value, "label": str(s.label), "value": sectors.get(s.value, 0),
                       "url": url(sector=s.value)} for s in Sector if sectors.get(s.value)],
        "by_department": [{"key": r["supervising_department"], "label": r["supervising_department__name"],
                           "value": r["n"],
                           "url": url(supervising_department=r["supervising_department"])}
                          for r in departments],
        "grids": grid_figures(req, qs),
    }
    return dashboard.Contribution(
        data=data,
        headline=[dashboard.figure("enterprises.total", _("辖区企业"), total, None, data["url"], "家")],
        townships={"enterprises": dashboard.TownshipColumn(dict(townships), lambda t: url(region=t))},
    )


def grid_figures(req, enterprises):
    """网格化管理: the grids of the region (Region level GRID, docs/regions.md), the active users assigned to one
    (网格员) and the places (enterprises) filed under a grid."""
    from django.contrib.auth import get_user_model

    from yingji.platform.regions.choices import Level
    from yingji.platform.regions.models import Region

    # no grid at all in the region (voided ones included): no 网格员 and no place filed under a grid either (a
    # place's region is a grid in the region), so the three figures are 0 after one EXISTS
    if not req.in_region(Region.objects.restrict(req.user).filter(level=Level.GRID), "").exists():
        return {"grids": 0, "staff": 0, "places": 0}
    grids = req.in_region(Region.objects.restrict(req.user).active().filter(level=Level.GRID), "")
    staff = get_user_model().objects.filter(is_active=True, region__in=grids.values("pk"))
    return {"grids": grids.count(), "staff": staff.count(),
            "places": enterprises.filter(region__level=Level.GRID).count()}
