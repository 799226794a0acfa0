from django.utils import timezone

from yingji.platform.core import views as generic
from yingji.platform.core.workflow_views import TransitionView, WorkflowDetailMixin

from .filtersets import TipoffFilterSet
from .forms import ConvertForm, FindingForm, InspectForm, RewardForm, TipoffForm
from .models import Tipoff, VerificationRule
from .tables import TipoffTable


class TipoffTransitionView(TransitionView):
    """POST one step of the handling (tipoffs/<pk>/<name>/); the service decides whether it is legal."""

    model = Tipoff
    forms = {"confirm": FindingForm, "dismiss": FindingForm, "convert": ConvertForm, "inspect": InspectForm,
             "reward": RewardForm}
    url_name = "tipoffs:tipoff_{name}"
    quiet = {"dismiss": "btn-outline-secondary"}

    def form_kwargs(self, obj, name):
        if name == "convert":
            return {"user": self.request.user}
        if name == "inspect":
            return {"user": self.request.user, "tipoff": obj}
        return {}

    def initial(self, obj, name):
        if name == "reward":
            return {"amount": obj.reward_amount, "reward_date": obj.reward_date, "paid": obj.reward_paid}
        return {"enterprise": obj.enterprise_id} if name == "convert" else {}

    def service_data(self, obj, name, form):
        data = dict(form.cleaned_data)
        if name == "convert" and data.get("enterprise") is None:
            data.pop("enterprise")
        return data


class TipoffListView(generic.ObjectListView):
    model = Tipoff
    queryset = Tipoff.objects.select_related("enterprise", "region")
    filterset_class = TipoffFilterSet
    table_class = TipoffTable


class TipoffDetailView(WorkflowDetailMixin, generic.ObjectDetailView):
    model = Tipoff
    queryset = Tipoff.objects.select_related("enterprise", "region", "verifier", "hazard", "inspection")
    transition_view = TipoffTransitionView

    def extra_context(self, obj):
        rule = VerificationRule.objects.rule_for(timezone.localtime(obj.received_at).date(), obj.region)
        return {**super().extra_context(obj), "rule": rule}


class TipoffEditView(generic.ObjectEditView):
    model = Tipoff
    form_class = TipoffForm


transition_urls = TipoffTransitionView.urls("tipoffs")
