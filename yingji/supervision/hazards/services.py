"""The hazard closed loop (隐患闭环): 待整改 → 整改中 → 待验收 → 已销号, with 退回 from 待验收 to 整改中.

Each transition is a function `verb_noun(hazard, *, actor, ...)` that locks the row, checks TRANSITIONS, checks the
transition's own requirements, saves the hazard (its audit row says "流转") and writes a HazardEvent, all in one
transaction; the shared steps are yingji.platform.core.workflow.Workflow's. Bad input raises
django.core.exceptions.ValidationError with a Chinese message.
"""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from yingji.platform.core.workflow import Workflow

from .choices import HazardState
from .models import EVIDENCE_EXTENSIONS, Hazard, HazardEvent

S = HazardState
# transition name -> (allowed from-states, to-state, Chinese verb)
TRANSITIONS = {
    "start": ((S.PENDING,), S.IN_PROGRESS, "开始整改"),
    "submit": ((S.IN_PROGRESS,), S.AWAITING_ACCEPTANCE, "提交验收"),
    "accept": ((S.AWAITING_ACCEPTANCE,), S.CLOSED, "验收销号"),
    "reject": ((S.AWAITING_ACCEPTANCE,), S.IN_PROGRESS, "验收退回"),
}

FIVE_ITEMS = ("plan_responsibility", "plan_measures", "plan_funds", "plan_time_limit", "plan_contingency")
PLAN_FIELDS = (*FIVE_ITEMS, "deadline", "responsible_person")


WORKFLOW = Workflow(Hazard, HazardEvent, "hazard", S, TRANSITIONS, noun=pgettext_lazy("in a sentence", "隐患"),
                    select_related=["enterprise"])


def allowed_transitions(hazard):
    return WORKFLOW.allowed(hazard)


@transaction.atomic
def start_rectification(hazard, *, actor, note="", **plan):
    """待整改 → 整改中: needs the 五落实 (责任、措施、资金、时限、预案), a deadline and a responsible person."""
    unknown = set(plan) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fresh = WORKFLOW.lock(hazard, "start")
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
    WORKFLOW.finish(fresh, "start", actor=actor, note=note, update_fields=PLAN_FIELDS)
    return WORKFLOW.sync(hazard, fresh)


@transaction.atomic
def submit_for_acceptance(hazard, *, actor, evidence=None, evidence_file=None, note=""):
    """整改中 → 待验收: needs the rectification evidence (整改情况, optionally a file)."""
    fresh = WORKFLOW.lock(hazard, "submit")
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
    fresh.submitted_at = timezone.now()
    WORKFLOW.finish(fresh, "submit", actor=actor, note=note,
                    update_fields=["evidence", "evidence_file", "submitted_by", "submitted_at"])
    return WORKFLOW.sync(hazard, fresh)


@transaction.atomic
def accept_hazard(hazard, *, actor, note=""):
    """待验收 → 已销号: accepted by someone other than the person who submitted the rectification."""
    fresh = WORKFLOW.lock(hazard, "accept")
    if fresh.submitted_by_id is not None and fresh.submitted_by_id == actor.pk:
        raise ValidationError(_("提交验收的人不能验收自己提交的整改，请由其他人员验收"))
    if not fresh.evidence.strip():
        raise ValidationError({"evidence": _("没有整改佐证，不能销号")})
    fresh.accepted_by = actor
    fresh.closed_at = timezone.now()
    WORKFLOW.finish(fresh, "accept", actor=actor, note=note, update_fields=["accepted_by", "closed_at"])
    return WORKFLOW.sync(hazard, fresh)


@transaction.atomic
def reject_rectification(hazard, *, actor, note=""):
    """待验收 → 整改中 (退回): the reason is required so the enterprise knows what to fix."""
    if not (note or "").strip():
        raise ValidationError({"note": _("退回须说明原因")})
    fresh = WORKFLOW.lock(hazard, "reject")
    fresh.submitted_by = None
    fresh.submitted_at = None
    WORKFLOW.finish(fresh, "reject", actor=actor, note=note.strip(), update_fields=["submitted_by", "submitted_at"])
    return WORKFLOW.sync(hazard, fresh)


TRANSITION_FUNCTIONS = {
    "start": start_rectification,
    "submit": submit_for_acceptance,
    "accept": accept_hazard,
    "reject": reject_rectification,
}
