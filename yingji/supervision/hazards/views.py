from yingji.platform.core import views as generic
from yingji.platform.core.workflow_views import TransitionView, WorkflowDetailMixin

from . import services
from .filtersets import HazardFilterSet
from .forms import AcceptForm, HazardForm, PlanForm, RejectForm, SubmitForm
from .models import Hazard
from .tables import HazardTable


class HazardTransitionView(TransitionView):
    """POST one transition of the closed loop (hazards/<pk>/<name>/); the service decides whether it is legal. A
    field of the plan left blank keeps what the hazard already has (e.g. the deadline set at registration)."""

    model = Hazard
    forms = {"start": PlanForm, "submit": SubmitForm, "accept": AcceptForm, "reject": RejectForm}
    url_name = "hazards:hazard_{name}"
    quiet = {"reject": "btn-outline-danger"}

    def initial(self, obj, name):
        if name == "start":
            return {f: getattr(obj, f) for f in services.PLAN_FIELDS}
        if name == "submit":
            return {"evidence": obj.evidence}
        return {}


class HazardListView(generic.ObjectListView):
    model = Hazard
    queryset = Hazard.objects.select_related("enterprise", "region")
    filterset_class = HazardFilterSet
    table_class = HazardTable
    import_spec = "hazards-history"


class HazardDetailView(WorkflowDetailMixin, generic.ObjectDetailView):
    model = Hazard
    queryset = Hazard.objects.select_related("enterprise", "region", "criterion", "found_by", "submitted_by",
                                             "accepted_by")
    template_name = "supervision/hazards/hazard_detail.html"
    exclude_fields = (*generic.ObjectDetailView.exclude_fields, "evidence_file", "photo")
    transition_view = HazardTransitionView


class HazardEditView(generic.ObjectEditView):
    model = Hazard
    form_class = HazardForm

    def save(self, form):
        if form.instance.pk is None:
            form.instance.assume_finder(self.request.user)
        return super().save(form)


transition_urls = HazardTransitionView.urls("hazards")
