"""The hazard closed loop (隐患闭环): 待整改 → 整改中 → 待验收 → 已销号, with 退回 from 待验收 to 整改中.

Each transition is a function `verb_noun(hazard, *, actor, ...)` that locks the row, checks TRANSITIONS, checks the
transition's own requirements, saves the hazard (its audit row says "流转") and writes a HazardEvent, all in one
transaction. Bad input raises django.core.exceptions.ValidationError with a Chinese message.
"""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingji.platform.audit.models import ObjectChange

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


def allowed_transitions(hazard):
    return [name for name, (sources, _to, _verb) in TRANSITIONS.items() if hazard.state in sources]


def _lock(hazard, name):
    """The current row, locked; raises if `name` is not allowed from its state."""
    fresh = Hazard.objects.select_for_update().select_related("enterprise").get(pk=hazard.pk)
    sources, to_state, verb = TRANSITIONS[name]
    if fresh.voided_at is not None:
        raise ValidationError(_("该隐患已作废，不能%(verb)s") % {"verb": verb})
    if fresh.state not in sources:
        raise ValidationError(
            _("隐患当前状态为“%(state)s”，不能%(verb)s（只有“%(from)s”状态可以）") % {
                "state": fresh.get_state_display(), "verb": verb,
                "from": "、".join(str(S(s).label) for s in sources)})
    return fresh, to_state, verb


def _finish(hazard, name, from_state, to_state, verb, actor, note, update_fields):
    hazard.state = to_state
    hazard._audit_action = ObjectChange.Action.TRANSITION
    hazard._audit_message = f"{verb}：{S(from_state).label} → {S(to_state).label}" + (f"（{note}）" if note else "")
    hazard.save(update_fields=[*update_fields, "state", "updated_at"])
    HazardEvent.objects.create(hazard=hazard, transition=name, from_state=from_state, to_state=to_state,
                               actor=actor, note=note or "")
    return hazard


def _sync(original, fresh):
    """Copy the saved row back onto the caller's instance so that it sees the new state."""
    for f in fresh._meta.concrete_fields:
        setattr(original, f.attname, getattr(fresh, f.attname))
    return original


@transaction.atomic
def start_rectification(hazard, *, actor, note="", **plan):
    """待整改 → 整改中: needs the 五落实 (责任、措施、资金、时限、预案), a deadline and a responsible person."""
    unknown = set(plan) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fresh, to_state, verb = _lock(hazard, "start")
    from_state = fresh.state
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
    _finish(fresh, "start", from_state, to_state, verb, actor, note, PLAN_FIELDS)
    return _sync(hazard, fresh)


@transaction.atomic
def submit_for_acceptance(hazard, *, actor, evidence=None, evidence_file=None, note=""):
    """整改中 → 待验收: needs the rectification evidence (整改情况, optionally a file)."""
    fresh, to_state, verb = _lock(hazard, "submit")
    from_state = fresh.state
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
    _finish(fresh, "submit", from_state, to_state, verb, actor, note,
            ["evidence", "evidence_file", "submitted_by", "submitted_at"])
    return _sync(hazard, fresh)


@transaction.atomic
def accept_hazard(hazard, *, actor, note=""):
    """待验收 → 已销号: accepted by someone other than the person who submitted the rectification."""
    fresh, to_state, verb = _lock(hazard, "accept")
    from_state = fresh.state
    if fresh.submitted_by_id is not None and fresh.submitted_by_id == actor.pk:
        raise ValidationError(_("提交验收的人不能验收自己提交的整改，请由其他人员验收"))
    if not fresh.evidence.strip():
        raise ValidationError({"evidence": _("没有整改佐证，不能销号")})
    fresh.accepted_by = actor
    fresh.closed_at = timezone.now()
    _finish(fresh, "accept", from_state, to_state, verb, actor, note, ["accepted_by", "closed_at"])
    return _sync(hazard, fresh)


@transaction.atomic
def reject_rectification(hazard, *, actor, note=""):
    """待验收 → 整改中 (退回): the reason is required so the enterprise knows what to fix."""
    if not (note or "").strip():
        raise ValidationError({"note": _("退回须说明原因")})
    fresh, to_state, verb = _lock(hazard, "reject")
    from_state = fresh.state
    fresh.submitted_by = None
    fresh.submitted_at = None
    _finish(fresh, "reject", from_state, to_state, verb, actor, note.strip(), ["submitted_by", "submitted_at"])
    return _sync(hazard, fresh)


TRANSITION_FUNCTIONS = {
    "start": start_rectification,
    "submit": submit_for_acceptance,
    "accept": accept_hazard,
    "reject": reject_rectification,
}
