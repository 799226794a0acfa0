from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from yingji.platform.core import views as generic
from yingji.platform.core.models import in_scope

from . import services
from .choices import HazardSource
from .filtersets import HazardFilterSet
from .forms import TRANSITION_FORMS, HazardForm, styled
from .models import Hazard
from .tables import HazardTable

# the permission each transition needs: rectification is "change", acceptance (销号/退回) is "approve"
TRANSITION_ACTIONS = {"start": "change", "submit": "change", "accept": "approve", "reject": "approve"}


class HazardListView(generic.ObjectListView):
    model = Hazard
    queryset = Hazard.objects.select_related("enterprise", "region")
    filterset_class = HazardFilterSet
    table_class = HazardTable


class HazardDetailView(generic.ObjectDetailView):
    model = Hazard
    queryset = Hazard.objects.select_related("enterprise", "region", "criterion", "found_by", "submitted_by",
                                             "accepted_by")
    template_name = "supervision/hazards/hazard_detail.html"
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "evidence_file", "photo")

    def extra_context(self, obj):
        user = self.request.user
        forms = []
        if obj.voided_at is None:
            for name in services.allowed_transitions(obj):
                action = TRANSITION_ACTIONS[name]
                if not user.has_perm(f"hazards.{action}_hazard") or not in_scope(obj, user, action):
                    continue
                initial = {}
                if name == "start":
                    initial = {f: getattr(obj, f) for f in services.PLAN_FIELDS}
                elif name == "submit":
                    initial = {"evidence": obj.evidence}
                forms.append((name, services.TRANSITIONS[name][2], styled(TRANSITION_FORMS[name](initial=initial))))
        return {"transition_forms": forms, "events": obj.events.select_related("actor")}


class HazardEditView(generic.ObjectEditView):
    model = Hazard
    form_class = HazardForm

    def save(self, form):
        obj = form.instance
        if obj.pk is None and obj.found_by_id is None and not obj.found_by_name and obj.source in (
                HazardSource.DEPARTMENT, HazardSource.SUPERVISION):
            # an inspector registering what he found on an inspection is the finder unless he names another
            obj.found_by = self.request.user
        return super().save(form)


class HazardTransitionView(generic.ScopedViewMixin, View):
    """POST one transition of the closed loop; the service decides whether it is legal."""

    model = Hazard
    transition = None

    def get_action(self):
        return TRANSITION_ACTIONS[self.transition]

    def post(self, request, pk):
        hazard = self.get_object()
        form = TRANSITION_FORMS[self.transition](request.POST, request.FILES)
        if not form.is_valid():
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
            return redirect(hazard.get_absolute_url())
        # a field left blank keeps what the hazard already has (e.g. the deadline set at registration)
        data = {k: (None if v == "" else v) for k, v in form.cleaned_data.items()}
        data["note"] = form.cleaned_data.get("note", "")
        try:
            services.TRANSITION_FUNCTIONS[self.transition](hazard, actor=request.user, **data)
        except ValidationError as e:
            for msg in e.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("%(verb)s：已完成") % {"verb": services.TRANSITIONS[self.transition][2]})
        return redirect(hazard.get_absolute_url())


transition_urls = [
    path(f"hazards/<int:pk>/{name}/", HazardTransitionView.as_view(transition=name), name=f"hazard_{name}")
    for name in services.TRANSITIONS
]
