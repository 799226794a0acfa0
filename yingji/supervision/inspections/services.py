"""Workflows of the inspections app: inspectors, the review (the draws are yingji.supervision.draws.services, the
annual plan's items and completion yingji.supervision.inspection_plans.services)."""


from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.accounts.colleagues import colleagues
from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition
from yingji.platform.regions.models import Region

from .choices import (
    MIN_ENFORCEMENT_INSPECTORS,
    InspectionKind,
    ReviewState,
)
from .models import Inspection, InspectionEvent, InspectorCertificate


# --- inspectors ---------------------------------------------------------------------------------------------------
def check_inspectors(kind, inspectors, day=None, *, certified=None):
    """An enforcement inspection (执法检查) is made by at least two inspectors, each holding a 行政执法证 valid on
    the day of the inspection (行政处罚法 第四十二条, 安全生产法 第六十五条); raises ValidationError.

    `certified(ids, day)`: the ids among `ids` holding a certificate valid on `day`, from what a ledger import
    loaded once (default: one query)."""
    if kind != InspectionKind.ENFORCEMENT:
        return
    ids = {getattr(i, "pk", i) for i in inspectors}
    if len(ids) < MIN_ENFORCEMENT_INSPECTORS:
        raise ValidationError({"inspectors": _("执法检查须由至少 %(n)d 名执法人员进行") % {
            "n": MIN_ENFORCEMENT_INSPECTORS}})
    day = day or timezone.localdate()
    if certified is not None:
        holders = set(certified(ids, day))
        if ids - holders:
            names = "、".join(sorted(str(u) for u in inspectors if getattr(u, "pk", u) not in holders))
            raise ValidationError({"inspectors": _("执法检查人员须持有检查当日有效的行政执法证，以下人员没有：%(n)s") % {
                "n": names}})
        return
    holders = set(InspectorCertificate.objects.valid_on(day).filter(user__in=ids).values_list("user", flat=True))
    if ids - holders:
        from yingji.platform.accounts.models import User

        names = "、".join(str(u) for u in User.objects.filter(pk__in=ids - holders).order_by("username"))
        raise ValidationError({"inspectors": _("执法检查人员须持有检查当日有效的行政执法证，以下人员没有：%(n)s") % {
            "n": names}})


# who may be named as an inspector (检查人员, the holder of an 执法证): the people who record inspections, of the
# user's whole county (a township officer names the county's inspectors on a joint inspection)
INSPECTOR_PERMISSION = "inspections.add_inspection"
# the members of a 督导组: the people who record supervision visits
TEAM_PERMISSION = "inspections.add_supervisionvisit"


def inspectors_for(user):
    return colleagues(user, INSPECTOR_PERMISSION, reach="county")


def _review(fresh, *, actor, at, note=""):
    """审核: a leader confirms an inspection record; he may not review a record he took part in."""
    if not actor.has_perm("inspections.approve_inspection"):
        raise ValidationError(_("没有审核监督检查记录的权限"))
    if fresh.inspectors.filter(pk=actor.pk).exists() or fresh.created_by_id == actor.pk:
        raise ValidationError(_("参与检查或录入该记录的人员不能审核本记录"))
    fresh.reviewed_at = at
    fresh.reviewed_by = actor
    return Outcome(update_fields=["reviewed_at", "reviewed_by"], audit_message=_("审核"))


class ReviewWorkflow(Workflow):
    """An inspection record's one step, 待审核 → 已审核: its state is read from reviewed_at (no column of its own)."""

    def state_of(self, obj):
        return ReviewState.REVIEWED if obj.reviewed_at is not None else ReviewState.RECORDED

    def set_state(self, obj, state):
        """reviewed_at, set by the review itself, is the state."""


REVIEW = ReviewWorkflow(
    Inspection, InspectionEvent, event_field="inspection", states=ReviewState, state_field="review_state",
    transitions={"review": Transition((ReviewState.RECORDED,), ReviewState.REVIEWED, gettext_lazy("审核"),
                                      action="approve", refusal=gettext_lazy("该检查记录已审核"), apply=_review)},
    noun=pgettext_lazy("in a sentence", "检查记录"), voided_refusal=gettext_lazy("已作废的检查记录不能审核"),
    start_field="inspected_on")


def review_inspection(inspection, *, actor, note=""):
    return transition(inspection, "review", actor=actor, note=note)


# --- campaigns ----------------------------------------------------------------------------------------------------
def region_choices_for(user, max_level=4):
    """Regions (county and townships) a user may choose as a draw's, plan's or campaign's region."""
    return Region.objects.restrict(user, "view").filter(level__lte=max_level, voided_at__isnull=True).order_by(
        "code")

