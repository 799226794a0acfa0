"""The permit's workflow: the table the platform tests drive."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingji.platform.core.workflow import Outcome, Transition, Workflow

from .models import Permit, PermitEvent, PermitState

S = PermitState

# set by a test to hold a transition inside its transaction, after the row is locked (see test_workflow.py)
pause = {"locked": None, "release": None}


def _approve(permit, *, actor, approved_on=None, note=""):
    if pause["locked"] is not None:
        pause["locked"].set()
        pause["release"].wait(5)
    approved_on = approved_on or timezone.localdate()
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": _("批准日期不能晚于今天")})
    permit.approved_on = approved_on
    return Outcome(update_fields=["approved_on"], message=f"批准日期 {approved_on:%Y-%m-%d}")


TRANSITIONS = {
    "submit": Transition((S.DRAFT, S.RETURNED), S.SUBMITTED, _("提交审批")),
    "approve": Transition((S.SUBMITTED,), S.APPROVED, _("审批通过"), action="approve", apply=_approve),
    "return": Transition((S.SUBMITTED,), S.RETURNED, _("退回"), action="approve",
                         required={"note": _("退回须说明原因")}),
}

WORKFLOW = Workflow(Permit, PermitEvent, event_field="permit", states=S, transitions=TRANSITIONS,
                    noun=pgettext_lazy("in a sentence", "许可申请"))
