from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from yingji.platform.core import views as generic

from .filtersets import DisasterInfoOfficerFilterSet, TrainingRecordFilterSet
from .forms import DisasterInfoOfficerForm, TrainingRecordForm
from .models import DisasterInfoOfficer, TrainingRecord
from .services import village_coverage
from .tables import DisasterInfoOfficerTable, TrainingRecordTable


class DisasterInfoOfficerListView(generic.ObjectListView):
    model = DisasterInfoOfficer
    queryset = DisasterInfoOfficer.objects.select_related("region")
    filterset_class = DisasterInfoOfficerFilterSet
    table_class = DisasterInfoOfficerTable


class DisasterInfoOfficerDetailView(generic.ObjectDetailView):
    model = DisasterInfoOfficer
    queryset = DisasterInfoOfficer.objects.select_related("region", "user")

    def get_related(self, obj):
        trainings = (TrainingRecord.objects.restrict(self.request.user).filter(officer=obj, voided_at__isnull=True)
                     .select_related("officer__region"))
        return [(_("培训记录"), TrainingRecordTable(trainings, orderable=False, exclude=("officer", "region")))]


class DisasterInfoOfficerEditView(generic.ObjectEditView):
    model = DisasterInfoOfficer
    form_class = DisasterInfoOfficerForm


class TrainingRecordListView(generic.ObjectListView):
    model = TrainingRecord
    queryset = TrainingRecord.objects.select_related("officer__region")
    filterset_class = TrainingRecordFilterSet
    table_class = TrainingRecordTable


class TrainingRecordDetailView(generic.ObjectDetailView):
    model = TrainingRecord
    queryset = TrainingRecord.objects.select_related("officer__region")


class TrainingRecordEditView(generic.ObjectEditView):
    model = TrainingRecord
    form_class = TrainingRecordForm


class CoverageView(generic.ScopedViewMixin, View):
    """信息员覆盖情况: each township's villages, those without an officer on duty first."""

    model = DisasterInfoOfficer
    action = "view"

    def get(self, request):
        villages = list(village_coverage(request.user))
        only_missing = request.GET.get("missing") == "1"
        townships = {}
        for v in villages:
            row = townships.setdefault(v.parent_id, {"township": v.parent, "villages": [], "covered": 0, "total": 0})
            row["total"] += 1
            row["covered"] += bool(v.officers)
            if not only_missing or not v.officers:
                row["villages"].append(v)
        rows = sorted(townships.values(), key=lambda r: r["township"].code if r["township"] else "")
        total = len(villages)
        covered = sum(1 for v in villages if v.officers)
        return render(request, "officers/coverage.html", {
            "rows": rows, "total": total, "covered": covered, "missing": total - covered,
            "without_b": sum(1 for v in villages if v.officers and not v.b_role), "only_missing": only_missing})
