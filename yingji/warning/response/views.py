from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.core import views as generic
from yingji.platform.core.workflow_views import TransitionView, WorkflowDetailMixin, error_messages

from . import services
from .choices import StepState
from .filtersets import ResponseFilterSet, StepFilterSet
from .forms import DecisionForm, LevelDecisionForm, ResponseForm, StepForm, TaskDoneForm
from .models import EmergencyResponse, ForecastStep, ResponseTask
from .tables import ResponseTable, StepTable


class ResponseTransitionView(TransitionView):
    model = EmergencyResponse
    forms = {"start": DecisionForm, "raise": LevelDecisionForm, "lower": LevelDecisionForm, "end": DecisionForm}
    url_name = "response:emergencyresponse_{name}"
    quiet = {"end": "btn-outline-danger", "lower": "btn-outline-secondary"}

    def service_data(self, obj, name, form):
        data = super().service_data(obj, name, form)
        data["decided_by"] = data.get("decided_by") or ""
        return data


class ResponseListView(generic.ObjectListView):
    model = EmergencyResponse
    queryset = EmergencyResponse.objects.select_related("region")
    filterset_class = ResponseFilterSet
    table_class = ResponseTable


class ResponseDetailView(WorkflowDetailMixin, generic.ObjectDetailView):
    model = EmergencyResponse
    queryset = EmergencyResponse.objects.select_related("region", "warning")
    template_name = "response/emergencyresponse_detail.html"
    transition_view = ResponseTransitionView

    def extra_context(self, obj):
        ctx = super().extra_context(obj)
        tasks = list(obj.tasks.filter(voided_at__isnull=True).select_related("done_by").order_by("-level", "unit",
                                                                                                   "pk"))
        ctx.update({"tasks": tasks, "done": sum(1 for t in tasks if t.done_at), "task_form": TaskDoneForm(),
                    "can_mark": self.request.user.has_perm("response.change_responsetask")})
        return ctx


class ResponseEditView(generic.ObjectEditView):
    model = EmergencyResponse
    form_class = ResponseForm


class TaskDoneView(generic.ScopedViewMixin, View):
    """POST: record one checklist item as 已落实."""

    model = ResponseTask
    action = "change"

    def post(self, request, pk):
        task = self.get_object()
        form = TaskDoneForm(request.POST)
        note = form.cleaned_data.get("note", "") if form.is_valid() else ""
        try:
            services.mark_done(task, actor=request.user, note=note)
            messages.success(request, _("已登记落实：%(t)s") % {"t": task})
        except ValidationError as e:
            for _f, msg in error_messages(e):
                messages.error(request, msg)
        return redirect(task.get_absolute_url())


class StepListView(generic.ObjectListView):
    model = ForecastStep
    queryset = ForecastStep.objects.select_related("warning", "region")
    filterset_class = StepFilterSet
    table_class = StepTable

    def common_context(self):
        return {**super().common_context(), "can_add": False}  # steps are prepared by the rule, never added


class StepDetailView(generic.ObjectDetailView):
    model = ForecastStep
    queryset = ForecastStep.objects.select_related("warning", "rule", "region", "confirmed_by", "response")
    template_name = "response/forecaststep_detail.html"
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "items")

    def extra_context(self, obj):
        # a step is confirmed or dismissed, never edited or voided (it has no edit or void page)
        return {"can_edit": False, "voidable": False,
                "step_form": StepForm(initial={"message": obj.message}), "prepared": obj.state == StepState.PREPARED,
                "can_handle": self.request.user.has_perm("response.change_forecaststep"),
                "tasks": list(obj.tasks.select_related("done_by")), "task_form": TaskDoneForm(),
                "can_mark": self.request.user.has_perm("response.change_responsetask")}


class StepActionView(generic.ScopedViewMixin, View):
    """POST: 确认 (send the notice, list the items) or 忽略 (with a reason) a prepared step."""

    model = ForecastStep
    action = "change"
    confirm = True

    def post(self, request, pk):
        step = self.get_object()
        form = StepForm(request.POST)
        form.is_valid()
        try:
            if self.confirm:
                services.confirm_step(step, actor=request.user, message=form.cleaned_data.get("message"))
                messages.success(request, _("已确认：提示已交发布，待办事项已列入清单"))
            else:
                services.dismiss_step(step, actor=request.user, note=form.cleaned_data.get("note", ""))
                messages.success(request, _("已忽略该提示"))
        except ValidationError as e:
            for _f, msg in error_messages(e):
                messages.error(request, msg)
        return redirect(step.get_absolute_url())


urlpatterns_extra = [
    path("tasks/<int:pk>/done/", TaskDoneView.as_view(), name="responsetask_done"),
    path("steps/", StepListView.as_view(), name="forecaststep_list"),
    path("steps/<int:pk>/", StepDetailView.as_view(), name="forecaststep_detail"),
    path("steps/<int:pk>/confirm/", StepActionView.as_view(confirm=True), name="forecaststep_confirm"),
    path("steps/<int:pk>/dismiss/", StepActionView.as_view(confirm=False), name="forecaststep_dismiss"),
]
transition_urls = ResponseTransitionView.urls("responses")
