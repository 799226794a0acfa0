from django.utils.translation import gettext_lazy as _

from yingji.platform.core import views as generic
from yingji.platform.core.models import perm_name

from .filtersets import DisasterEventFilterSet, LossReportFilterSet
from .forms import DisasterEventForm, LossReportForm
from .models import INDICATORS, DisasterEvent, LossReport
from .services import county_rollup
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


class LossReportDetailView(generic.ObjectDetailView):
    model = LossReport
    queryset = LossReport.objects.select_related("event", "region")


class LossReportEditView(generic.ObjectEditView):
    model = LossReport
    form_class = LossReportForm
