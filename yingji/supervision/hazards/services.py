"""The hazard closed loop (隐患闭环): 待整改 → 整改中 → 待验收 → 已销号, with 退回 from 待验收 to 整改中.

The transition table below is carried out by the platform's one workflow service
(yingji.platform.core.workflow.transition): it locks the row, checks the table, runs the transition's own checks
(the functions below), saves the hazard (its audit row says "流转") and writes a HazardEvent as the explicit actor,
all in one transaction. Bad input raises django.core.exceptions.ValidationError with a Chinese message.
"""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yingji.platform.core.workflow import Outcome, Transition, Workflow, transition

from .choices import HazardState
from .models import EVIDENCE_EXTENSIONS, Hazard, HazardEvent

S = HazardState

FIVE_ITEMS = ("plan_responsibility", "plan_measures", "plan_funds", "plan_time_limit", "plan_contingency")
PLAN_FIELDS = (*FIVE_ITEMS, "deadline", "responsible_person")


def _start(fresh, *, actor, note="", **plan):
    """待整改 → 整改中: needs the 五落实 (责任、措施、资金、时限、预案), a deadline and a responsible person."""
    unknown = set(plan) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for field, value in plan.items():
        if value is not None:
            setattr(fresh, field, value.strip() if isinstance(value, str) else value)
    labels = {f: fresh._meta.get_field(f).verbose_name for f in PLAN_FIELDS}
    errors = {}
    for field in PLAN_FIELDS:
        value = getattr(fresh, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[field] = _("开始整改前须落实“%(item)s”") % {"item": labels[field]}
    if errors:
        raise ValidationError(errors)
    fresh.full_clean(exclude=["evidence_file"], validate_unique=False, validate_constraints=False)
    return Outcome(update_fields=PLAN_FIELDS)


def _submit(fresh, *, actor, at, evidence=None, evidence_file=None, note=""):
    """整改中 → 待验收: needs the rectification evidence (整改情况, optionally a file); `at`, the day the
    rectification was finished and submitted (the step's real time), is stored as submitted_at."""
    if evidence is not None:
        fresh.evidence = evidence.strip()
    if evidence_file:
        try:
            FileExtensionValidator(EVIDENCE_EXTENSIONS)(evidence_file)
        except ValidationError as e:
            raise ValidationError({"evidence_file": e.messages})
        fresh.evidence_file = evidence_file
    if not fresh.evidence.strip():
        raise ValidationError({"evidence": _("提交验收须填写整改情况（整改佐证）")})
    fresh.submitted_by = actor
    fresh.submitted_at = at
    return Outcome(update_fields=["evidence", "evidence_file", "submitted_by", "submitted_at"])


def _accept(fresh, *, actor, at, note=""):
    """待验收 → 已销号: accepted by someone other than the person who submitted the rectification; closed_at is the
    step's real time (a hazard accepted last year and entered today is closed last year)."""
    if fresh.submitted_by_id is not None and fresh.submitted_by_id == actor.pk:
        raise ValidationError(_("提交验收的人不能验收自己提交的整改，请由其他人员验收"))
    if not fresh.evidence.strip():
        raise ValidationError({"evidence": _("没有整改佐证，不能销号")})
    fresh.accepted_by = actor
    fresh.closed_at = at
    return Outcome(update_fields=["accepted_by", "closed_at"])


def _reject(fresh, *, actor, note=""):
    """待验收 → 整改中 (退回): the reason is required so the enterprise knows what to fix."""
    fresh.submitted_by = None
    fresh.submitted_at = None
    return Outcome(update_fields=["submitted_by", "submitted_at"])


# rectification is "change"; acceptance (销号/退回) is "approve"
TRANSITIONS = {
    "start": Transition((S.PENDING,), S.IN_PROGRESS, gettext_lazy("开始整改"), apply=_start),
    "submit": Transition((S.IN_PROGRESS,), S.AWAITING_ACCEPTANCE, gettext_lazy("提交验收"), apply=_submit),
    "accept": Transition((S.AWAITING_ACCEPTANCE,), S.CLOSED, gettext_lazy("验收销号"), action="approve",
                         apply=_accept),
    "reject": Transition((S.AWAITING_ACCEPTANCE,), S.IN_PROGRESS, gettext_lazy("验收退回"), action="approve",
                         required={"note": gettext_lazy("退回须说明原因")}, apply=_reject),
}

WORKFLOW = Workflow(Hazard, HazardEvent, event_field="hazard", states=S, transitions=TRANSITIONS,
                    noun=pgettext_lazy("in a sentence", "隐患"), select_related=["enterprise"],
                    start_field="found_on")


def allowed_transitions(hazard, user=None):
    return WORKFLOW.allowed(hazard, user)


def start_rectification(hazard, *, actor, note="", **plan):
    return transition(hazard, "start", actor=actor, note=note, **plan)


def submit_for_acceptance(hazard, *, actor, evidence=None, evidence_file=None, note=""):
    return transition(hazard, "submit", actor=actor, evidence=evidence, evidence_file=evidence_file, note=note)


def accept_hazard(hazard, *, actor, note=""):
    return transition(hazard, "accept", actor=actor, note=note)


def reject_rectification(hazard, *, actor, note=""):
    return transition(hazard, "reject", actor=actor, note=note)


TRANSITION_FUNCTIONS = {
    "start": start_rectification,
    "submit": submit_for_acceptance,
    "accept": accept_hazard,
    "reject": reject_rectification,
}
