from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.core import views as generic
from yingji.platform.core.models import in_scope

from . import services
from .filtersets import TipoffFilterSet
from .forms import TRANSITION_FORMS, RewardForm, TipoffForm, styled
from .models import Tipoff, VerificationRule
from .tables import TipoffTable

# verification and conversion are "change"; the reward is decided with "approve"
TRANSITION_ACTIONS = {"verify": "change", "confirm": "change", "dismiss": "change", "convert": "change",
                      "inspect": "change", "reward": "approve"}


class TipoffListView(generic.ObjectListView):
    model = Tipoff
    queryset = Tipoff.objects.select_related("enterprise", "region")
    filterset_class = TipoffFilterSet
    table_class = TipoffTable


class TipoffDetailView(generic.ObjectDetailView):
    model = Tipoff
    queryset = Tipoff.objects.select_related("enterprise", "region", "verifier", "hazard", "inspection")
    personal_fields = ("reporter_name", "reporter_phone")

    def extra_context(self, obj):
        user = self.request.user
        forms = []
        if obj.voided_at is None:
            names = services.allowed_transitions(obj)
            if obj.state in services.REWARDABLE:
                names.append("reward")
            for name in names:
                action = TRANSITION_ACTIONS[name]
                if not user.has_perm(f"tipoffs.{action}_tipoff") or not in_scope(obj, user, action):
                    continue
                if name == "reward":
                    form = RewardForm(initial={"amount": obj.reward_amount, "reward_date": obj.reward_date,
                                               "paid": obj.reward_paid})
                    forms.append((name, _("登记举报奖励"), styled(form)))
                    continue
                kwargs = {"user": user} if name == "convert" else {"user": user, "tipoff": obj} if name == "inspect" \
                    else {}
                form = TRANSITION_FORMS[name](initial={"enterprise": obj.enterprise_id}, **kwargs)
                forms.append((name, services.TRANSITIONS[name][2], styled(form)))
        rule = VerificationRule.objects.rule_for(timezone.localtime(obj.received_at).date(), obj.region)
        return {"transition_forms": forms, "events": obj.events.select_related("actor"), "rule": rule}


class TipoffEditView(generic.ObjectEditView):
    model = Tipoff
    form_class = TipoffForm


class TipoffTransitionView(generic.ScopedViewMixin, View):
    """POST one step of the handling; the service decides whether it is legal."""

    model = Tipoff
    transition = None

    def get_action(self):
        return TRANSITION_ACTIONS[self.transition]

    def post(self, request, pk):
        tipoff = self.get_object()
        if self.transition == "reward":
            form = RewardForm(request.POST)
        else:
            kwargs = {"user": request.user} if self.transition == "convert" else \
                {"user": request.user, "tipoff": tipoff} if self.transition == "inspect" else {}
            form = TRANSITION_FORMS[self.transition](request.POST, **kwargs)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(tipoff.get_absolute_url())
        data = dict(form.cleaned_data)
        try:
            if self.transition == "reward":
                services.record_reward(tipoff, actor=request.user, **data)
                verb = _("登记举报奖励")
            else:
                if self.transition == "convert" and data.get("enterprise") is None:
                    data.pop("enterprise")
                services.TRANSITION_FUNCTIONS[self.transition](tipoff, actor=request.user, **data)
                verb = services.TRANSITIONS[self.transition][2]
        except ValidationError as e:
            for msg in e.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("%(verb)s：已完成") % {"verb": verb})
        return redirect(tipoff.get_absolute_url())


transition_urls = [
    path(f"tipoffs/<int:pk>/{name}/", TipoffTransitionView.as_view(transition=name), name=f"tipoff_{name}")
    for name in TRANSITION_ACTIONS
]
