"""统计分析 → 安全监管统计: the supervision figures with 同比 and charts; each figure links to its records."""

from django.utils.translation import gettext_lazy as _

from yingji.platform.core import dashboard
from yingji.platform.core.stats import PeriodStatsView
from yingji.supervision.enterprises.models import Enterprise

from .stats import dashboard_stats


def chart_data(data):
    """What the charts draw (passed to static/dashboard/dashboard.js through json_script)."""
    months, sectors, towns = data["by_month"], data.get("hazards", {}).get("by_sector", []), data["by_township"]
    return {
        "months": [m["month"] for m in months],
        "hazards": [m.get("hazards", 0) for m in months],
        "last_year_hazards": [m.get("last_year_hazards", 0) for m in months],
        "inspections": [m.get("inspections", 0) for m in months],
        "last_year_inspections": [m.get("last_year_inspections", 0) for m in months],
        "sectors": [r["label"] for r in sectors],
        "sector_hazards": [r["value"] for r in sectors],
        "sector_rectified": [r["rectified"] for r in sectors],
        "sector_urls": [r["url"] for r in sectors],
        "townships": [t["name"] for t in towns],
        "township_hazards": [t.get("hazards", 0) for t in towns],
        "township_inspections": [t.get("inspections", 0) for t in towns],
        "township_urls": [t.get("hazards_url", "") for t in towns],
    }


class SupervisionDashboardView(PeriodStatsView):
    # the dashboard holds no records: whoever may view enterprises sees the figures of each module he may view
    model = Enterprise
    title = _("安全监管统计")
    template_name = "dashboard/supervision.html"

    @property
    def extra_params(self):
        return dashboard.parameters()

    def compute(self, start, end, region, **params):
        data = dashboard_stats(self.request.user, start, end, region, **params)
        return {"data": data, "chart": chart_data(data)}
