"""The enterprises' figures on the supervision dashboard: enterprises in scope today, by sector and by 行业主管部门."""

from django.db.models import Count
from django.utils.translation import gettext as _

from yingji.platform.core import dashboard

from .choices import Sector
from .models import Enterprise

LIST = "enterprises:enterprise_list"


@dashboard.provider("enterprises", order=10, permission="enterprises.view_enterprise")
def enterprise_figures(req):
    """Enterprises in scope today (not voided): what exists now, so the links carry no period."""
    qs = req.in_region(Enterprise.objects.restrict(req.user, "view").active())
    sectors = dict(qs.order_by().values_list("sector").annotate(n=Count("pk")))
    departments = list(qs.order_by().values("supervising_department", "supervising_department__name")
                       .annotate(n=Count("pk")).order_by("-n", "supervising_department__name"))
    total = sum(sectors.values())
    data = {
        "total": total, "url": req.list_url(LIST),
        "by_sector": [{"key": s.value, "label": str(s.label), "value": sectors.get(s.value, 0),
                       "url": req.list_url(LIST, sector=s.value)} for s in Sector if sectors.get(s.value)],
        "by_department": [{"key": r["supervising_department"], "label": r["supervising_department__name"],
                           "value": r["n"],
                           "url": req.list_url(LIST, supervising_department=r["supervising_department"])}
                          for r in departments],
    }
    return dashboard.Contribution(
        data=data,
        headline=[dashboard.figure("enterprises.total", _("辖区企业"), total, None, data["url"], "家")],
        townships={"enterprises": dashboard.TownshipColumn(dashboard.by_township(qs),
                                                           lambda t: req.list_url(LIST, region=t))},
    )
