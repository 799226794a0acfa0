from django import forms

from yingji.platform.core import views as generic
from yingji.platform.core.workflow_views import TransitionView, WorkflowDetailMixin

from . import services  # noqa: F401  (the workflow's registration)
from .models import Permit


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label="批准日期", required=False)
    note = forms.CharField(label="审批意见", required=False)


class PermitTransitionView(TransitionView):
    model = Permit
    forms = {"approve": ApproveForm}
    url_name = "workflowtest:permit_{name}"
    quiet = {"return": "btn-outline-danger"}


class PermitDetailView(WorkflowDetailMixin, generic.ObjectDetailView):
    model = Permit
    transition_view = PermitTransitionView
    template_name = "workflowtest/permit_detail.html"
