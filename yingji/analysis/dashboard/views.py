"""统计分析 → 安全监管统计: the supervision figures with 同比 and charts; each figure links to its records."""

from django.shortcuts import render
from django.views import View

from yingji.platform.core import views as generic
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region
from yingji.supervision.enterprises.models import Enterprise
from yingji.supervision.inspections.models import Campaign

from .stats import ParamError, dashboard_stats, parse_params


def chart_data(data):
    """What the charts draw (passed to static/dashboard/dashboard.js through json_script)."""
    return {
        "months": [m["month"] for m in data["by_month"]],
        "hazards": [m["hazards"] for m in data["by_month"]],
        "last_year_hazards": [m["last_year_hazards"] for m in data["by_month"]],
        "inspections": [m["inspections"] for m in data["by_month"]],
        "last_year_inspections": [m["last_year_inspections"] for m in data["by_month"]],
        "sectors": [r["label"] for r in data["hazards"]["by_sector"]],
        "sector_hazards": [r["value"] for r in data["hazards"]["by_sector"]],
        "sector_rectified": [r["rectified"] for r in data["hazards"]["by_sector"]],
        "sector_urls": [r["url"] for r in data["hazards"]["by_sector"]],
        "townships": [t["name"] for t in data["by_township"]],
        "township_hazards": [t["hazards"] for t in data["by_township"]],
        "township_inspections": [t["inspections"] for t in data["by_township"]],
        "township_urls": [t["hazards_url"] for t in data["by_township"]],
    }


class SupervisionDashboardView(generic.ScopedViewMixin, View):
    model = Enterprise
    action = "view"

    def get(self, request):
        error, data, status = None, None, 200
        try:
            date_from, date_to, region, campaign = parse_params(request.user, request.GET)
            data = dashboard_stats(request.user, date_from, date_to, region, campaign)
        except ParamError as e:
            error, status = str(e), 400
        regions = Region.objects.restrict(request.user).filter(level__lte=Level.TOWNSHIP).order_by("code")
        campaigns = Campaign.objects.restrict(request.user, "view").active()
        params = {k: request.GET.get(k, "") for k in ("date_from", "date_to", "region", "campaign")}
        if data:
            params["date_from"] = params["date_from"] or data["date_from"]
            params["date_to"] = params["date_to"] or data["date_to"]
        return render(request, "dashboard/supervision.html", {
            **self.common_context(), "data": data, "error": error,
            "chart": chart_data(data) if data else None, "regions": regions, "campaigns": campaigns,
            "params": params,
        }, status=status)
