from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import views as generic
from yingji.platform.core.models import perm_name
from yingji.platform.core.stats import PeriodStatsView
from yingji.platform.core.workflow_views import TransitionCard

from .filtersets import AccidentFilterSet, AccidentInvestigationFilterSet, AccidentReportFilterSet
from .forms import AccidentForm, AccidentInvestigationForm, AccidentReportForm
from .models import Accident, AccidentInvestigation, AccidentReport
from .services import duties
from .stats import accident_stats
from .tables import AccidentInvestigationTable, AccidentReportTable, AccidentTable


class AccidentListView(generic.ObjectListView):
    model = Accident
    queryset = Accident.objects.select_related("region")
    filterset_class = AccidentFilterSet
    table_class = AccidentTable
    import_spec = "accidents"


class AccidentDetailView(generic.ObjectDetailView):
    model = Accident
    queryset = Accident.objects.select_related("region", "enterprise", "department")

    def get_related(self, obj):
        reports = AccidentReport.objects.restrict(self.request.user).filter(accident=obj).select_related(
            "accident", "accident__region")
        return [(_("事故报告（首报、续报、补报）"), AccidentReportTable(reports, orderable=False,
                                                           exclude=("accident",)))]

    def extra_context(self, obj):
        user = self.request.user
        investigation = AccidentInvestigation.objects.restrict(user).filter(accident=obj).first()
        # the accident's next steps, as the row of buttons under the title: each form is a page of its own
        actions = []
        if not obj.is_voided:
            if user.has_perm(perm_name(AccidentReport, "add")):
                actions.append(TransitionCard("report", _("录入事故报告"), None,
                                              f"{reverse('accidents:accidentreport_add')}?accident={obj.pk}",
                                              "btn-outline-primary"))
            if investigation is None and user.has_perm(perm_name(AccidentInvestigation, "add")):
                actions.append(TransitionCard("investigation", _("登记事故调查"), None,
                                              f"{reverse('accidents:accidentinvestigation_add')}?accident={obj.pk}",
                                              "btn-outline-primary"))
        return {"duties": duties(obj), "investigation": investigation, "transition_forms": actions}


class AccidentEditView(generic.ObjectEditView):
    model = Accident
    form_class = AccidentForm


class AccidentReportListView(generic.ObjectListView):
    model = AccidentReport
    queryset = AccidentReport.objects.select_related("accident", "accident__region")
    filterset_class = AccidentReportFilterSet
    table_class = AccidentReportTable


class AccidentReportDetailView(generic.ObjectDetailView):
    model = AccidentReport
    queryset = AccidentReport.objects.select_related("accident", "accident__region")
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "snapshot")

    def extra_context(self, obj):
        labels = {f.name: f.verbose_name for f in Accident._meta.concrete_fields}
        current = obj.accident.figures()
        rows = [(labels[k], obj.snapshot.get(k), current[k], obj.snapshot.get(k) != current[k]) for k in current]
        rows.append((_("事故等级"), obj.snapshot.get("grade_display"), obj.accident.get_grade_display(),
                     obj.snapshot.get("grade") != obj.accident.grade))
        return {"snapshot_rows": rows}


class AccidentReportEditView(generic.ObjectEditView):
    model = AccidentReport
    form_class = AccidentReportForm


class AccidentInvestigationListView(generic.ObjectListView):
    model = AccidentInvestigation
    queryset = AccidentInvestigation.objects.select_related("accident", "accident__region")
    filterset_class = AccidentInvestigationFilterSet
    table_class = AccidentInvestigationTable


class AccidentInvestigationDetailView(generic.ObjectDetailView):
    model = AccidentInvestigation
    queryset = AccidentInvestigation.objects.select_related("accident", "accident__region", "enforcement_case")


class AccidentInvestigationEditView(generic.ObjectEditView):
    model = AccidentInvestigation
    form_class = AccidentInvestigationForm


class AccidentStatsView(PeriodStatsView):
    """统计分析 → 事故统计: the figures with their change on last year, each linked to its accidents."""

    model = Accident
    title = _("事故统计")
    template_name = "accidents/stats.html"

    def compute(self, start, end, region):
        stats = accident_stats(self.request.user, start, end, region)
        chart = {
            "months": [m["month"] for m in stats["by_month"]],
            "count": [m["count"] for m in stats["by_month"]],
            "previous_count": [m["previous_count"] for m in stats["by_month"]],
            "deaths": [m["deaths"] for m in stats["by_month"]],
            "sectors": [r["label"] for r in stats["by_sector"]],
            "sector_count": [r["count"] for r in stats["by_sector"]],
            "sector_urls": [r["url"] for r in stats["by_sector"]],
            "period": stats["period"]["label"], "previous_period": stats["previous_period"]["label"],
        }
        return {"stats": stats, "chart": chart}
