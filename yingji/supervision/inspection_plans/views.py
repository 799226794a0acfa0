from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yingji.platform.core import views as generic
from yingji.supervision.enterprises.models import Enterprise

from . import services
from .filtersets import InspectionPlanFilterSet
from .forms import InspectionPlanForm, PlanFrequencyFormSet, PlannedInspectionForm
from .models import InspectionPlan
from .tables import InspectionPlanTable

RELATED_LIMIT = 500


class InspectionPlanListView(generic.ObjectListView):
    model = InspectionPlan
    queryset = InspectionPlan.objects.select_related("region")
    filterset_class = InspectionPlanFilterSet
    table_class = InspectionPlanTable


class InspectionPlanDetailView(generic.ObjectDetailView):
    model = InspectionPlan
    queryset = InspectionPlan.objects.select_related("region")

    def extra_context(self, obj):
        user = self.request.user
        visible = Enterprise.objects.restrict(user).values("pk")
        items = (obj.items.filter(enterprise__in=visible).select_related("enterprise", "enterprise__region")
                 .order_by("month", "enterprise__name", "pk"))
        return {"frequencies": obj.frequencies.all(), "progress": services.plan_progress(obj),
                "items": items[:RELATED_LIMIT], "item_count": items.count(), "item_limit": RELATED_LIMIT,
                "item_form": PlannedInspectionForm(user=user, plan=obj)}


class InspectionPlanEditView(generic.FormsetEditView):
    model = InspectionPlan
    form_class = InspectionPlanForm
    formset_class = PlanFrequencyFormSet
    formset_title = gettext_lazy("各风险等级检查频次（次/年）")


class InspectionPlanGenerateView(generic.ScopedViewMixin, View):
    """按频次生成: a planned inspection for every operating enterprise of the region, by its grade."""

    model = InspectionPlan
    action = "change"

    def post(self, request, pk):
        plan = self.get_object()
        try:
            n = services.generate_plan_items(plan, actor=request.user)
            messages.success(request, _("已生成 %(n)d 项计划检查") % {"n": n})
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        return redirect(plan.get_absolute_url())


class PlannedInspectionAddView(generic.ScopedViewMixin, View):
    model = InspectionPlan
    action = "change"

    def post(self, request, pk):
        plan = self.get_object()
        form = PlannedInspectionForm(request.POST, user=request.user, plan=plan)
        if form.is_valid():
            form.save()
            messages.success(request, _("已添加计划检查"))
        else:
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
        return redirect(plan.get_absolute_url())
