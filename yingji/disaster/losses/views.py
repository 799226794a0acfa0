from django.utils.translation import gettext_lazy as _

from yingji.platform.core import views as generic
from yingji.platform.core.models import perm_name
from yingji.platform.core.stats import PeriodStatsView

from .filtersets import DisasterEventFilterSet, LossReportFilterSet
from .forms import DisasterEventForm, LossReportForm
from .models import INDICATORS, DisasterEvent, LossReport
from .services import county_rollup
from .stats import disaster_stats
from .tables import DisasterEventTable, LossReportTable


class DisasterEventListView(generic.ObjectListView):
    model = DisasterEvent
    queryset = DisasterEvent.objects.select_related("region")
    filterset_class = DisasterEventFilterSet
    table_class = DisasterEventTable


class DisasterEventDetailView(generic.ObjectDetailView):
    model = DisasterEvent
    queryset = DisasterEvent.objects.select_related("region")

    def get_related(self, obj):
        reports = LossReport.objects.restrict(self.request.user).filter(event=obj).select_related("event", "region")
        return [(_("灾情报告"), LossReportTable(reports, orderable=False, exclude=("event",)))]

    def extra_context(self, obj):
        rollup = county_rollup(obj, self.request.user)
        rows = [(str(label), str(unit), rollup["totals"][field]) for field, label, unit in INDICATORS]
        return {"rollup": rollup, "rollup_rows": rows, "townships": obj.townships.order_by("code"),
                "can_add_report": self.request.user.has_perm(perm_name(LossReport, "add"))}


class DisasterEventEditView(generic.ObjectEditView):
    model = DisasterEvent
    form_class = DisasterEventForm


class LossReportListView(generic.ObjectListView):
    model = LossReport
    queryset = LossReport.objects.select_related("event", "region")
    filterset_class = LossReportFilterSet
    table_class = LossReportTable
    import_spec = "loss-reports"


class LossReportDetailView(generic.ObjectDetailView):
    model = LossReport
    queryset = LossReport.objects.select_related("event", "region")


class LossReportEditView(generic.ObjectEditView):
    model = LossReport
    form_class = LossReportForm


def relief_figures(user, start, end, region):
    """The relief part of the page (救助X人次，发放Y万元, by category), each figure linked to its payment list."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from yingji.disaster.relief.stats import relief_stats

    figures = relief_stats(user, start, end, region)
    base = {"paid_after": start.isoformat(), "paid_before": end.isoformat()}
    if region is not None:
        base["region"] = region.pk
    url = reverse("relief:reliefpayment_list")
    figures["payments"]["url"] = f"{url}?{urlencode(base)}"
    for row in figures["by_category"]:
        row["url"] = f"{url}?{urlencode({**base, 'category': row['category']})}"
    return figures


class DisasterStatsView(PeriodStatsView):
    """统计分析 → 灾情统计: events and losses for a period, with their change on last year, and the relief paid."""

    model = DisasterEvent
    title = _("灾情统计")
    template_name = "losses/stats.html"

    def compute(self, start, end, region):
        user = self.request.user
        relief = relief_figures(user, start, end, region) if user.has_perm("relief.view_reliefpayment") else None
        return {"stats": disaster_stats(user, start, end, region), "relief": relief}
